"""nn I/O oracle: torch.save files and NumPy-written safetensors for descent to read, and PyTorch's reading of the
files descent wrote (run `npx tsx --conditions @descent/source test/writeIoFixtures.ts` in packages/nn first)."""
import io
import json
import os
import pickle
import struct
import zipfile
from collections import OrderedDict

import numpy as np
import torch

from fixture import ROOT, write_fixture

FIX = os.path.join(ROOT, 'packages', 'nn', 'test', 'fixtures')

# --- safetensors from its specification (https://github.com/huggingface/safetensors#format), on NumPy ---
ST_DTYPES = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1',
             'U8': 'u1', 'U16': '<u2', 'U32': '<u4', 'U64': '<u8', 'BOOL': '?'}
NP_TO_ST = {np.dtype(v): k for k, v in ST_DTYPES.items()}


def st_write(tensors, metadata=None):
    """Header: u64 little-endian length, JSON padded with spaces to 8 bytes; data: tensors back to back."""
    header, chunks, pos = {}, [], 0
    if metadata is not None:
        header['__metadata__'] = metadata
    for name, a in sorted(tensors.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0])):
        a = np.array(a, order='C')  # not ascontiguousarray: it turns 0-d into 1-d
        b = a.astype(a.dtype.newbyteorder('<'), copy=False).tobytes()
        header[name] = {'dtype': NP_TO_ST[a.dtype], 'shape': list(a.shape), 'data_offsets': [pos, pos + len(b)]}
        chunks.append(b)
        pos += len(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(chunks)


def st_read(data):
    """Reads and checks a safetensors buffer the way the reference implementation does."""
    (n,) = struct.unpack('<Q', data[:8])
    assert 8 + n <= len(data), 'InvalidHeaderLength'
    header = json.loads(data[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', None)
    body = data[8 + n:]
    out, pos = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets']):
        begin, end = info['data_offsets']
        assert begin == pos, f'InvalidOffset({name})'
        dt = np.dtype(ST_DTYPES[info['dtype']])
        assert int(np.prod(info['shape'])) * dt.itemsize == end - begin, f'TensorInvalidInfo({name})'
        out[name] = np.frombuffer(body[begin:end], dtype=dt).reshape(info['shape'])
        pos = end
    assert pos == len(body), 'MetadataIncompleteBuffer'
    return out, metadata, [name for name in header]


def describe(t):
    t = torch.as_tensor(t)
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'stride': list(t.stride()),
            'offset': t.storage_offset(), 'values': t.tolist()}


def expect_refusal(payload):
    try:
        torch.load(io.BytesIO(payload), weights_only=True)
    except Exception as e:  # noqa: BLE001 - recording exactly what torch raises
        return {'type': type(e).__name__, 'message': str(e)}
    raise AssertionError('torch loaded a hostile file')


def main():
    cases = {}

    # 1. torch.save -> descent: a model's state dict plus every dtype descent widens or keeps, views and scalars.
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    sd = model.state_dict()
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    sd['extra.transposed'] = base.t()
    sd['extra.row'] = base[1]
    sd['extra.long'] = torch.tensor([-(2 ** 40), 0, 7])
    sd['extra.int32'] = torch.tensor([-5, 6], dtype=torch.int32)
    sd['extra.int16'] = torch.tensor([-300, 300], dtype=torch.int16)
    sd['extra.int8'] = torch.tensor([-7, 7], dtype=torch.int8)
    sd['extra.uint8'] = torch.tensor([0, 255], dtype=torch.uint8)
    sd['extra.half'] = torch.tensor([0.5, -65504, 6e-8], dtype=torch.float16)
    sd['extra.bfloat16'] = torch.tensor([1.5, -3.0e38], dtype=torch.bfloat16)
    sd['extra.double'] = torch.tensor(2.5, dtype=torch.float64)
    sd['extra.bool'] = torch.tensor([[True, False]])
    sd['extra.empty'] = torch.zeros(0, 2)
    path = os.path.join(FIX, 'torch_state.pth')
    torch.save(sd, path)
    cases['torchSaved'] = {k: describe(v.float() if v.dtype in (torch.float16, torch.bfloat16) else v) for k, v in sd.items()}
    cases['torchSavedShared'] = [['extra.transposed', 'extra.row']]
    # A plain dict of Parameters (torch.save of model.named_parameters()) goes through _rebuild_parameter.
    torch.save(OrderedDict(model.named_parameters()), os.path.join(FIX, 'torch_parameters.pth'))
    cases['torchParameters'] = {k: describe(v.detach()) for k, v in model.named_parameters()}

    # 2. NumPy safetensors writer -> descent.
    st = {'w': np.arange(6, dtype='<f4').reshape(2, 3) / 7, 'b': np.array([1e300, -0.0]), 'i': np.array([-3, 2 ** 50]),
          'i32': np.array([7, -8], dtype='<i4'), 'u8': np.array([1, 254], dtype='u1'), 'f16': np.array([0.25, -2], dtype='<f2'),
          'mask': np.array([True, False, True]), 'scalar': np.array(3.0, dtype='<f4'), 'none': np.zeros((2, 0), dtype='<f4')}
    with open(os.path.join(FIX, 'numpy_state.safetensors'), 'wb') as f:
        f.write(st_write(st, {'format': 'np'}))
    cases['numpySafetensors'] = {k: {'dtype': str(v.dtype), 'shape': list(v.shape), 'values': v.astype('f8' if v.dtype.kind == 'f' else v.dtype).tolist()} for k, v in st.items()}

    # 3. descent -> torch.load(weights_only=True) and the NumPy safetensors reader.
    dpath = os.path.join(FIX, 'descent_state.pth')
    if os.path.exists(dpath):
        loaded = torch.load(dpath, weights_only=True)
        cases['descentPth'] = {
            'type': type(loaded).__name__,
            'keys': list(loaded.keys()),
            'tensors': {k: describe(v) for k, v in loaded.items()},
            'sharesStorage': loaded['linear.weightT'].storage().data_ptr() == loaded['linear.weight'].storage().data_ptr(),
            'zipNames': zipfile.ZipFile(dpath).namelist(),
        }
        with open(os.path.join(FIX, 'descent_state.safetensors'), 'rb') as f:
            tensors, metadata, order = st_read(f.read())
        cases['descentSafetensors'] = {'metadata': metadata, 'order': order,
                                       'tensors': {k: {'dtype': str(v.dtype), 'shape': list(v.shape), 'values': v.astype('f8' if v.dtype.kind == 'f' else v.dtype).tolist()} for k, v in tensors.items()}}

    # 4. Hostile pickles: torch refuses them by name; descent must refuse them with the same words.
    class Evil:
        def __init__(self, fn, arg):
            self.fn, self.arg = fn, arg

        def __reduce__(self):
            return (self.fn, (self.arg,))

    hostile = {}
    for label, obj in [('osSystem', {'x': Evil(os.system, 'echo pwned')}), ('builtinsEval', {'x': Evil(eval, '1+1')}),
                       ('builtinsExec', Evil(exec, 'import os')), ('pickleLoads', {'x': Evil(pickle.loads, b'N.')})]:
        buf = io.BytesIO()
        torch.save(obj, buf)
        with open(os.path.join(FIX, f'hostile_{label}.pth'), 'wb') as f:
            f.write(buf.getvalue())
        hostile[label] = expect_refusal(buf.getvalue())
    cases['hostile'] = hostile
    from torch._weights_only_unpickler import _get_allowed_globals
    cases['allowedGlobals'] = sorted(_get_allowed_globals().keys())
    write_fixture('nn', 'nn_io', cases)


if __name__ == '__main__':
    main()
