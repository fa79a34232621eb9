"""Shared helpers for oracle scripts: turn torch/numpy values into JSON and write a package's fixture file."""
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def plain(x):
    """Converts tensors, arrays and numbers to JSON-ready values; NaN and infinities become strings."""
    try:
        import torch
        if isinstance(x, torch.Tensor):
            return plain(x.detach().tolist())
    except ImportError:
        pass
    try:
        import numpy as np
        if isinstance(x, np.ndarray):
            return plain(x.tolist())
        if isinstance(x, np.generic):
            return plain(x.item())
    except ImportError:
        pass
    if isinstance(x, float):
        if math.isnan(x):
            return 'NaN'
        if math.isinf(x):
            return 'Infinity' if x > 0 else '-Infinity'
        return x
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    return x


def message(fn):
    """Runs fn and returns what it raised as {'type', 'message'} (PyTorch's or NumPy's exact text), or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever the library raises
        return {'type': type(e).__name__, 'message': str(e)}
    return None


def versions():
    out = {'python': sys.version.split()[0]}
    for mod in ('torch', 'numpy', 'sklearn'):
        try:
            out[mod] = __import__(mod).__version__
        except ImportError:
            pass
    return out


def write_fixture(package, name, data):
    """Writes packages/<package>/test/fixtures/<name>.json with the library versions that produced it."""
    path = os.path.join(ROOT, 'packages' if package != 'replay' else 'apps', package, 'test', 'fixtures', name + '.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump({'generatedBy': 'tools/oracle', 'versions': versions(), 'cases': plain(data)}, f, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(path, ROOT))
