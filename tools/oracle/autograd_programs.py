"""Random small autograd programs run in PyTorch 1.13: values, gradients, grad_fn names and text forms.

Each program is a list of steps over named tensors, in a tiny language both this script and
packages/autograd/test/programs.test.ts interpret, so the TypeScript side replays exactly what ran here.
"""
import random
import torch
from fixture import write_fixture

DT = {'float32': torch.float32, 'float64': torch.float64}


def sl(x, dim, start, end, step):
    idx = [slice(None)] * x.dim()
    idx[dim] = slice(start, end, step)
    return x[tuple(idx)]


def run_op(op, a, args, env):
    """Applies one step; args are literals or '$name' references."""
    r = [env[v[1:]] if isinstance(v, str) and v.startswith('$') else v for v in args]
    if op in ('add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'matmul', 'dot'):
        return getattr(a, op)(r[0])
    if op in ('neg', 'abs', 'exp', 'log', 'sqrt', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sign',
              'reciprocal', 't', 'clone', 'contiguous', 'double', 'float'):
        return getattr(a, op)()
    if op == 'clamp':
        return a.clamp(r[0], r[1])
    if op in ('sum', 'mean'):
        return getattr(a, op)() if r[0] is None else getattr(a, op)(r[0], keepdim=r[1])
    if op in ('max', 'min'):
        return getattr(a, op)() if r[0] is None else getattr(a, op)(r[0], keepdim=r[1])[0]
    if op in ('var', 'std'):
        return getattr(a, op)(r[0], correction=r[1], keepdim=r[2]) if r[0] is not None else getattr(a, op)(None, correction=r[1])
    if op == 'logsumexp':
        return a.logsumexp(r[0], keepdim=r[1])
    if op == 'softmax':
        return a.softmax(r[0])
    if op == 'logSoftmax':
        return a.log_softmax(r[0])
    if op in ('reshape', 'view', 'permute', 'expand'):
        return getattr(a, op)(r[0])
    if op == 'transpose':
        return a.transpose(r[0], r[1])
    if op == 'squeeze':
        return a.squeeze() if r[0] is None else a.squeeze(r[0])
    if op == 'unsqueeze':
        return a.unsqueeze(r[0])
    if op == 'flatten':
        return a.flatten(r[0], r[1])
    if op == 'select':
        return a.select(r[0], r[1])
    if op == 'narrow':
        return a.narrow(r[0], r[1], r[2])
    if op == 'slice':
        return sl(a, r[0], r[1], r[2], r[3])
    if op == 'where':
        return torch.where(r[0] > 0, a, r[1])
    if op == 'iter':
        return list(a)[r[0]]
    raise ValueError(op)


UNARY = ['neg', 'abs', 'exp', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sign', 'square']
POSITIVE = ['log', 'sqrt', 'reciprocal']


def values(rng, shape, positive=False):
    n = 1
    for d in shape:
        n *= d
    vals = [round(rng.uniform(0.2, 2.0) if positive else rng.uniform(-2, 2), 3) for _ in range(n)]
    return torch.tensor(vals).reshape(shape).tolist() if shape else vals[0]


def shape_like(rng, nd):
    return [rng.randint(1, 3) for _ in range(nd)]


class Builder:
    def __init__(self, rng, dtype):
        self.rng = rng
        self.dtype = dtype
        self.inputs = []
        self.steps = []
        self.shapes = {}
        self.k = 0

    def input(self, shape, positive=False, rg=True):
        name = 'x%d' % len(self.inputs)
        self.inputs.append({'name': name, 'data': values(self.rng, shape, positive), 'dtype': self.dtype,
                            'requiresGrad': rg, 'shape': shape})
        self.shapes[name] = list(shape)
        return name

    def step(self, op, a, *args):
        name = 't%d' % self.k
        self.k += 1
        self.steps.append({'out': name, 'op': op, 'input': a, 'args': list(args)})
        return name


def random_program(rng, dtype):
    """A random composition: elementwise chains, broadcasting binaries, a reused intermediate, reductions."""
    b = Builder(rng, dtype)
    nd = rng.randint(0, 3)
    shape = shape_like(rng, nd)
    x = b.input(shape)
    # a second input broadcast against the first: drop leading dims and set some to 1
    s2 = [d if rng.random() < 0.6 else 1 for d in shape[rng.randint(0, nd):]] if nd else []
    y = b.input(s2, positive=True)
    cur = x
    for _ in range(rng.randint(2, 6)):
        kind = rng.random()
        if kind < 0.35:
            cur = b.step(rng.choice(UNARY), cur)
        elif kind < 0.5:
            t = b.step('abs', cur)
            t = b.step('add', t, 0.5)
            cur = b.step(rng.choice(POSITIVE), t)
        elif kind < 0.8:
            op = rng.choice(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'mul'])
            other = '$' + (y if op == 'div' or rng.random() < 0.7 else cur)
            cur = b.step(op, cur, other)
        elif kind < 0.9:
            cur = b.step('pow', cur, rng.choice([2, 3, 0.5, -1, 0])) if False else b.step('pow', cur, rng.choice([2, 3, 0, 1]))
        else:
            cur = b.step('where', cur, '$' + x, '$' + y)
    # reuse: combine with an earlier intermediate
    if b.steps and rng.random() < 0.5:
        cur = b.step('add', cur, '$' + rng.choice(b.steps)['out'])
    out = b.step(rng.choice(['sum', 'mean']), cur, None, False)
    return b, out


def fixed_programs(rng):
    """Hand-picked programs per op family, each over a few shapes and both float dtypes."""
    progs = []
    for dtype in ('float32', 'float64'):
        def new():
            return Builder(rng, dtype)
        # the notebooks' step: loss = mean((y - w X)^2)
        b = new(); X = b.input([4], rg=False); w = b.input([], rg=True)
        t = b.step('mul', w, '$' + X); t = b.step('sub', X, '$' + t); t = b.step('pow', t, 2); out = b.step('mean', t, None, False)
        progs.append((b, out))
        for shape in ([3], [2, 3], [2, 1, 3]):
            for op in ['sum', 'mean', 'max', 'min']:
                for dim in [None, 0, -1]:
                    for keep in [False, True]:
                        if dim is None and keep:
                            continue
                        b = new(); x = b.input(shape)
                        t = b.step(op, x, dim, keep); out = b.step('sum', b.step('mul', t, t), None, False) if False else b.step('sum', b.step('square', t), None, False)
                        progs.append((b, out))
            for op in ['var', 'std']:
                for dim, corr, keep in [(None, 1, False), (None, 0, False), (0, 1, False), (-1, 0, True)]:
                    b = new(); x = b.input(shape)
                    t = b.step(op, x, dim, corr, keep); out = b.step('sum', b.step('square', t), None, False)
                    progs.append((b, out))
            for op in ['logsumexp', 'softmax', 'logSoftmax']:
                for dim in [0, -1]:
                    b = new(); x = b.input(shape); w = b.input(shape, rg=False)
                    t = b.step(op, x, dim) if op != 'logsumexp' else b.step(op, x, dim, False)
                    t = b.step('mul', t, '$' + (w if op != 'logsumexp' else x) if op != 'logsumexp' else '$' + x) if op != 'logsumexp' else t
                    out = b.step('sum', t, None, False)
                    progs.append((b, out))
        for sa, sb in [([3], [3]), ([2, 3], [3, 4]), ([2, 3], [3]), ([3], [3, 2]), ([2, 2, 3], [3, 2]),
                       ([2, 2, 3], [2, 3, 1]), ([3], [2, 3, 2]), ([2, 3], [2, 3, 2]), ([2, 1, 2, 3], [2, 3, 2])]:
            b = new(); x = b.input(sa); y = b.input(sb)
            t = b.step('matmul', x, '$' + y); out = b.step('sum', b.step('square', t), None, False)
            progs.append((b, out))
        views = [
            ([2, 3], 'reshape', [[3, 2]]), ([2, 3], 'reshape', [[-1]]), ([2, 3], 'view', [[6]]),
            ([2, 3], 'transpose', [0, 1]), ([2, 3, 2], 'permute', [[2, 0, 1]]), ([2, 3], 't', []),
            ([1, 3], 'expand', [[2, 3]]), ([3], 'expand', [[2, 3]]), ([1, 3, 1], 'squeeze', [None]),
            ([1, 3, 1], 'squeeze', [2]), ([3], 'unsqueeze', [0]), ([3], 'unsqueeze', [-1]),
            ([2, 3, 2], 'flatten', [0, -1]), ([2, 3, 2], 'flatten', [1, 2]), ([2, 3], 'select', [1, 2]),
            ([2, 3], 'select', [0, -1]), ([4, 2], 'narrow', [0, 1, 2]), ([5], 'slice', [0, 1, 5, 2]),
            ([2, 3], 'contiguous', []), ([2, 3], 'clone', []), ([3], 'iter', [1]), ([2, 3], 'iter', [0]),
        ]
        for shape, op, args in views:
            b = new(); x = b.input(shape); w = b.input(shape, rg=False)
            t = b.step('mul', x, '$' + w)
            t = b.step(op, t, *args)
            out = b.step('sum', b.step('square', t), None, False)
            progs.append((b, out))
        # reshape of a non-contiguous tensor copies (UnsafeViewBackward0); t then contiguous copies (CloneBackward0)
        b = new(); x = b.input([2, 3]); t = b.step('t', x); t = b.step('reshape', t, [6]); out = b.step('sum', b.step('exp', t), None, False)
        progs.append((b, out))
        b = new(); x = b.input([2, 3]); t = b.step('t', x); t = b.step('contiguous', t); out = b.step('sum', b.step('exp', t), None, False)
        progs.append((b, out))
        for op in UNARY + POSITIVE:
            for shape in ([], [4]):
                b = new(); x = b.input(shape, positive=op in POSITIVE)
                t = b.step(op, x); out = b.step('sum', t, None, False)
                progs.append((b, out))
        for lo, hi in [(-0.5, 0.5), (0.0, None), (None, 1.0)]:
            b = new(); x = b.input([5]); t = b.step('clamp', x, lo, hi); out = b.step('sum', b.step('square', t), None, False)
            progs.append((b, out))
        for p in [2, 3, 0.5, 0, -1, 1.5]:
            b = new(); x = b.input([3], positive=True); t = b.step('pow', x, p); out = b.step('sum', t, None, False)
            progs.append((b, out))
        b = new(); x = b.input([3], positive=True); y = b.input([3]); t = b.step('pow', x, '$' + y); out = b.step('sum', t, None, False)
        progs.append((b, out))
        b = new(); x = b.input([3]); t = b.step('double' if dtype == 'float32' else 'float', x); out = b.step('sum', b.step('square', t), None, False)
        progs.append((b, out))
        for op in ['add', 'sub', 'mul', 'div']:
            for sa, sb in [([3], []), ([2, 3], [3]), ([2, 1], [1, 3]), ([], [2, 2])]:
                b = new(); x = b.input(sa); y = b.input(sb, positive=True)
                t = b.step(op, x, '$' + y); out = b.step('sum', b.step('square', t), None, False)
                progs.append((b, out))
            b = new(); x = b.input([3]); t = b.step(op, x, 2.5); out = b.step('sum', t, None, False)
            progs.append((b, out))
        # ties in maximum/minimum and max: PyTorch splits the gradient
        for op in ['maximum', 'minimum']:
            b = new(); x = b.input([3]); b.inputs[0]['data'] = [1.0, 2.0, 3.0]
            y = b.input([3]); b.inputs[1]['data'] = [1.0, 1.0, 4.0]
            t = b.step(op, x, '$' + y); out = b.step('sum', b.step('mul', t, 3.0), None, False)
            progs.append((b, out))
        b = new(); x = b.input([4]); b.inputs[0]['data'] = [1.0, 3.0, 3.0, 2.0]
        t = b.step('max', x, None, False); out = b.step('mul', t, 2.0)
        progs.append((b, out))
    return progs


def second_order(b, out):
    """Gradients of sum(d out / d inputs) with respect to the inputs: grad with create_graph, then backward."""
    env = {}
    leaves = []
    for inp in b.inputs:
        t = torch.tensor(inp['data'], dtype=DT[inp['dtype']], requires_grad=inp['requiresGrad'])
        env[inp['name']] = t
        if inp['requiresGrad']:
            leaves.append((inp['name'], t))
    for s in b.steps:
        env[s['out']] = run_op(s['op'], env[s['input']], s['args'], env)
    firsts = torch.autograd.grad(env[out], [t for _, t in leaves], create_graph=True, allow_unused=True)
    total = sum((g.sum() for g in firsts if g is not None and g.requires_grad), torch.tensor(0., dtype=firsts[0].dtype))
    if not total.requires_grad:
        return None
    seconds = torch.autograd.grad(total, [t for _, t in leaves], allow_unused=True)
    def dense(g):
        # expanded zero gradients may come back without storage of their own; copy into a plain tensor
        return None if g is None else torch.zeros(g.shape, dtype=g.dtype).add_(g.detach())
    return {'first': {n: dense(g) for (n, _), g in zip(leaves, firsts)},
            'second': {n: dense(g) for (n, _), g in zip(leaves, seconds)}}


def execute(b, out):
    env = {}
    leaves = {}
    for inp in b.inputs:
        t = torch.tensor(inp['data'], dtype=DT[inp['dtype']], requires_grad=inp['requiresGrad'])
        env[inp['name']] = t
        leaves[inp['name']] = t
    record = []
    for s in b.steps:
        v = run_op(s['op'], env[s['input']], s['args'], env)
        env[s['out']] = v
        record.append({'value': v, 'gradFn': type(v.grad_fn).__name__ if v.grad_fn is not None else None,
                       'repr': repr(v), 'dtype': str(v.dtype).replace('torch.', ''), 'shape': list(v.shape)})
    env[out].backward()
    grads = {k: (t.grad if t.grad is not None else None) for k, t in leaves.items()}
    return record, grads


def main():
    rng = random.Random(20240601)
    torch.manual_seed(0)
    cases = []
    progs = fixed_programs(rng)
    for i in range(200):
        progs.append(random_program(rng, 'float64' if i % 2 else 'float32'))
    for b, out in progs:
        record, grads = execute(b, out)
        cases.append({
            'inputs': [{k: v for k, v in inp.items() if k != 'shape'} for inp in b.inputs],
            'steps': b.steps,
            'output': out,
            'results': record,
            'grads': {k: (None if g is None else g) for k, g in grads.items()},
            'secondOrder': second_order(b, out),
            'leafRepr': {inp['name']: repr(torch.tensor(inp['data'], dtype=DT[inp['dtype']], requires_grad=inp['requiresGrad'])) for inp in b.inputs},
        })
    write_fixture('autograd', 'autograd_programs', cases)


if __name__ == '__main__':
    main()
