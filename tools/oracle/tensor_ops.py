"""PyTorch 1.13 results for @descent/tensor: elementwise ops, promotion, reductions (float32 summation order
included), matmul, creation, views, the printer and error messages. Writes packages/tensor/test/fixtures/tensor_ops.json."""
import math

import numpy as np
import torch

from fixture import write_fixture

torch.manual_seed(1234)
G = torch.Generator().manual_seed(1234)
DT = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.bool: 'bool'}
TD = {v: k for k, v in DT.items()}


def num(v, f32=False):
    """One value as text JS's Number() reads back exactly: the shortest repr that round-trips in its dtype
    (float32 values are rounded back with Math.fround on the JS side)."""
    if isinstance(v, bool):
        return '1' if v else '0'
    if isinstance(v, float):
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return str(np.float32(v)) if f32 else repr(v)
    return str(v)


def enc(x):
    """A tensor as {shape, dtype, data}: data is its flat values as one space-separated string, to keep the
    fixture small (fixture.py indents every list element onto its own line)."""
    if isinstance(x, torch.Tensor):
        f32 = x.dtype == torch.float32
        return {'shape': list(x.shape), 'dtype': DT[x.dtype],
                'data': ' '.join(num(v, f32) for v in x.detach().reshape(-1).tolist())}
    return x


tensors = []
refs = {}


def ref(x):
    """Inputs go into one shared table (many cases reuse an input); cases point at them by index."""
    if not isinstance(x, torch.Tensor):
        return x
    if id(x) not in refs:
        refs[id(x)] = len(tensors)
        tensors.append((x, enc(x)))
    return {'ref': refs[id(x)]}


def rnd(shape, dtype=torch.float32, scale=3.0):
    return (torch.randn(shape, generator=G, dtype=torch.float64) * scale).to(dtype)


def ints(shape, lo=-5, hi=6):
    return torch.randint(lo, hi, shape, generator=G)


SPECIAL32 = torch.tensor([0.0, -0.0, 1.0, -1.0, 0.5, 1e-8, -1e-8, 1e30, -1e30, 88.0, -88.0, 100.0, -100.0,
                          float('inf'), float('-inf'), float('nan'), 3.14159, 1e-40, 20.0, -20.0])

cases = []


def case(op, inputs, fn, **kwargs):
    """Runs fn(*inputs, **kwargs) in torch and records the result or the error PyTorch raises."""
    rec = {'op': op, 'inputs': [ref(i) for i in inputs], 'kwargs': kwargs}
    try:
        out = fn(*inputs, **kwargs)
        if isinstance(out, tuple):  # max/min with dim: (values, indices); descent returns the values
            out = out[0]
        rec['out'] = enc(out)
    except Exception as e:  # noqa: BLE001 - the error is the result
        rec['error'] = {'type': type(e).__name__, 'message': str(e)}
    cases.append(rec)


# ---- unary ----
UNARY = ['neg', 'abs', 'exp', 'log', 'sqrt', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sign', 'reciprocal']
for name in UNARY:
    f = getattr(torch, name)
    case(name, [rnd([64])], f)
    case(name, [rnd([3, 5], scale=30)], f)
    case(name, [SPECIAL32.clone()], f)
    case(name, [rnd([7], torch.float64)], f)
    case(name, [ints([6])], f)
    case(name, [torch.tensor([True, False])], f)
for lo, hi in [(0.0, 1.0), (-1.0, None), (None, 0.5), (2.0, -2.0)]:
    case('clamp', [rnd([12])], lambda x, min=None, max=None: torch.clamp(x, min, max), min=lo, max=hi)
case('clamp', [ints([6])], lambda x, min=None, max=None: torch.clamp(x, min, max), min=0.5)
case('clamp', [ints([6])], lambda x, min=None, max=None: torch.clamp(x, min, max), min=1, max=3)
case('clamp', [SPECIAL32.clone()], lambda x, min=None, max=None: torch.clamp(x, min, max), min=-1.0, max=1.0)
case('clamp', [rnd([3])], lambda x, min=None, max=None: torch.clamp(x, min, max))

# ---- binary ----
BINARY = {'add': torch.add, 'sub': torch.sub, 'mul': torch.mul, 'div': torch.div, 'pow': torch.pow,
          'maximum': torch.maximum, 'minimum': torch.minimum, 'eq': torch.eq, 'ne': torch.ne, 'lt': torch.lt,
          'le': torch.le, 'gt': torch.gt, 'ge': torch.ge}
# A Python scalar on the left, as Python evaluates it (2.5 < x calls x.__gt__(2.5)).
REFLECTED = {'add': lambda x, s: s + x, 'sub': lambda x, s: s - x, 'mul': lambda x, s: s * x,
             'div': lambda x, s: torch.div(s, x),  # not s / x: Tensor.__rtruediv__ is reciprocal() * s
             'pow': lambda x, s: s ** x, 'eq': lambda x, s: s == x,
             'ne': lambda x, s: s != x, 'lt': lambda x, s: s < x, 'le': lambda x, s: s <= x,
             'gt': lambda x, s: s > x, 'ge': lambda x, s: s >= x}
for name, f in BINARY.items():
    pos = name == 'pow'
    a = rnd([4, 5]).abs() if pos else rnd([4, 5])
    case(name, [a, rnd([4, 5])], f)
    case(name, [a, rnd([5])], f)
    case(name, [rnd([3, 1]).abs() if pos else rnd([3, 1]), rnd([1, 4])], f)
    if name not in ('maximum', 'minimum'):  # torch.maximum takes tensors only; descent also takes numbers
        case(name, [a, 0.1], f)
        case(name, [a, 2.5], f)
        case(name, [a, 3], f)
    case(name, [SPECIAL32.clone(), SPECIAL32.flip(0).clone()], f)
    case(name, [rnd([6], torch.float64), rnd([6])], f)
    case(name, [ints([6]), ints([6], 1, 4)], f)
    if name not in ('maximum', 'minimum'):
        case(name, [ints([6]), 2.5], f)
    case(name, [ints([6]), rnd([6])], f)
    case(name, [rnd([6]), torch.tensor(1.5, dtype=torch.float64)], f)
    case(name, [ints([6]), torch.tensor(1.5, dtype=torch.float64)], f)
    case(name, [torch.tensor([True, False, True, False]), torch.tensor([True, True, False, False])], f)
    case(name, [rnd([3]), rnd([4])], f)
    case(name, [rnd([2, 3]), rnd([3, 2])], f)
    if name in REFLECTED:
        case(name + '_r', [rnd([5]).abs() + 0.5 if pos else rnd([5]), 2.5], REFLECTED[name])
for e in [2, 3, 0.5, -0.5, -1, -2, 1.5, 0, 1]:
    case('pow', [rnd([40]).abs() + 0.01, e], torch.pow)
    case('pow', [rnd([40]), e], torch.pow)
case('pow', [ints([6], 0, 5), 3], torch.pow)
case('pow', [ints([6], 1, 5), -1], torch.pow)
case('pow_r', [ints([6], -3, 4), 2], lambda x, s: torch.pow(s, x))
case('div', [rnd([100]), 3.0], torch.div)
case('div', [rnd([100]), rnd([100])], torch.div)
case('mul', [rnd([100]), 0.1], torch.mul)

# ---- where ----
c = rnd([3, 4]) > 0
case('where', [c, rnd([3, 4]), rnd([4])], torch.where)
case('where', [c, rnd([3, 4]), 0.0], torch.where)
case('where', [c, ints([3, 4]), 2.5], torch.where)
case('where', [c, rnd([4]), rnd([3, 1], torch.float64)], torch.where)
case('where', [rnd([3]), rnd([3]), rnd([3])], torch.where)

# ---- reductions ----
for shape in [[1], [5], [8], [13], [16], [64], [100], [257], [1000], [4099], [12000]]:
    x = rnd(shape, scale=10)
    case('sum', [x], torch.sum)
    case('mean', [x], torch.mean)
    if shape[0] < 2000:
        case('sum', [x.double()], torch.sum)
for shape, dims in [([4, 5], [0]), ([4, 5], [1]), ([37, 70], [0]), ([70, 37], [1]), ([33, 9], [0]), ([9, 33], [1]),
                    ([3, 4, 5], [1]), ([3, 40, 5], [0, 2]), ([6, 7, 8], [0, 1]), ([6, 7, 8], [1, 2]),
                    ([5, 300], [1]), ([300, 5], [0]), ([2, 3, 4, 5], [0, 3]), ([2, 3, 4, 5], [1, 2]),
                    ([20, 40], [0, 1]), ([130, 3], [0]), ([3, 130], [1]), ([64, 20], [0]), ([9, 70], [0])]:
    x = rnd(shape, scale=10)
    for keep in [False, True]:
        case('sum', [x], torch.sum, dim=dims, keepdim=keep)
    case('mean', [x], torch.mean, dim=dims)
    case('sum', [x.double()], torch.sum, dim=dims)
    case('sum_t', [x], lambda t, dim: torch.sum(t.transpose(0, -1), dim), dim=dims)
    case('var', [x], torch.var, dim=dims)
    case('std', [x], torch.std, dim=dims, keepdim=True)
    case('var', [x], torch.var, dim=dims, correction=0)
    case('logsumexp', [x], torch.logsumexp, dim=dims)
case('sum', [ints([4, 5])], torch.sum, dim=[1])
case('sum', [torch.tensor([[True, False], [True, True]])], torch.sum, dim=[0])
case('sum', [torch.zeros(0)], torch.sum)
case('mean', [torch.zeros(2, 0)], torch.mean, dim=[1])
for shape in [[5], [100], [3000]]:
    x = rnd(shape)
    case('var', [x], torch.var)
    case('std', [x], torch.std)
    case('var', [x], torch.var, dim=None, correction=0)
    case('var', [x.double()], torch.var)
case('var', [torch.tensor([2.0])], torch.var)
case('logsumexp', [torch.tensor([[1000.0, 1000.0], [float('-inf'), float('-inf')], [float('inf'), 1.0]])],
     torch.logsumexp, dim=[1])
case('logsumexp', [ints([3, 4])], torch.logsumexp, dim=[1])
for name in ['max', 'min', 'argmax', 'argmin']:
    f = getattr(torch, name)
    case(name, [rnd([4, 6])], f)
    case(name, [rnd([4, 6])], f, dim=1)
    case(name, [rnd([4, 6])], f, dim=0, keepdim=True)
    case(name, [torch.tensor([1.0, float('nan'), 3.0, float('nan')])], f)
    case(name, [torch.tensor([[1.0, 5.0, 5.0], [7.0, 7.0, 0.0]])], f, dim=1)
    case(name, [ints([5])], f)
    case(name, [torch.zeros(0)], f)
    case(name, [torch.zeros(2, 0)], f, dim=1)

# ---- linear algebra ----
for sa, sb in [([3], [3]), ([2, 3], [3, 4]), ([3], [3, 4]), ([2, 3], [3]), ([5, 2, 3], [3, 4]), ([5, 2, 3], [3]),
               ([3], [5, 3, 2]), ([2, 1, 3, 4], [5, 4, 2]), ([40, 50], [50, 30]), ([257], [257]), ([2, 3], [2, 3]),
               ([3], [4]), ([2, 2, 3], [2, 4, 5]), ([0, 3], [3, 2])]:
    case('matmul', [rnd(sa), rnd(sb)], torch.matmul)
    case('matmul', [rnd(sa, torch.float64), rnd(sb, torch.float64)], torch.matmul)
case('matmul', [ints([3, 4]), ints([4, 2])], torch.matmul)
case('matmul', [rnd([2, 3]), rnd([3, 2], torch.float64)], torch.matmul)
case('dot', [rnd([3]), rnd([3], torch.float64)], torch.dot)
case('dot', [rnd([100]), rnd([100])], torch.dot)

# ---- creation ----
for args in [(5,), (0, 1, 0.02), (0, 1, 0.1), (-1, 1, 0.3), (1, 0, -0.1), (0, 10), (0.5, 100.5), (0, 20, 0.5),
             (0, 3, 0.7), (10, 0, -3), (0, 1, 0), (1, 0, 1), (0, 5.5, 0.25), (-3.7, 9.1, 0.13)]:
    case('arange', list(args), torch.arange)
    if any(isinstance(a, float) for a in args):
        case('arange64', list(args), lambda *a: torch.arange(*a, dtype=torch.float64))
for args in [(0, 1, 5), (0, 1, 50), (-1, 1, 3), (2, 3, 1), (0, 1, 0), (-10, 10, 101), (0.1, 0.9, 17), (0, 1, -1),
             (3, -7, 33), (0, 1, 1000)]:
    case('linspace', list(args), torch.linspace)
    case('linspace64', list(args), lambda *a: torch.linspace(*a, dtype=torch.float64))
for args in [(3,), (2, 4), (0,), (-1,)]:
    case('eye', list(args), torch.eye)

# ---- views and shape errors ----
m = rnd([2, 3])
case('reshape', [m], torch.reshape, shape=[3, 2])
case('reshape_t', [m], lambda x, shape: x.t().reshape(shape), shape=[6])
case('reshape', [m], torch.reshape, shape=[4])
case('reshape', [m], torch.reshape, shape=[-1, 4])
case('reshape', [m], torch.reshape, shape=[-1, -1])
case('view_t', [m], lambda x, shape: x.t().view(shape), shape=[6])
case('view', [m], lambda x, shape: x.view(shape), shape=[3, -1])
case('expand', [m], lambda x, shape: x.expand(shape), shape=[3, 3])
case('expand', [m], lambda x, shape: x.expand(shape), shape=[3])
case('expand', [torch.tensor([[1.0], [2.0]])], lambda x, shape: x.expand(shape), shape=[2, -1, 3])
case('select', [m], torch.select, dim=0, index=2)
case('select', [m], torch.select, dim=1, index=-1)
case('narrow', [m], torch.narrow, dim=1, start=2, length=2)
case('narrow', [m], torch.narrow, dim=1, start=-2, length=2)
case('transpose', [m], torch.transpose, dim0=0, dim1=2)
case('permute', [rnd([2, 3, 4])], torch.permute, dims=[2, 0, 1])
case('permute', [m], torch.permute, dims=[0, 0])
case('squeeze', [rnd([1, 3, 1])], torch.squeeze)
case('squeeze', [rnd([1, 3, 1])], torch.squeeze, dim=2)
case('unsqueeze', [m], torch.unsqueeze, dim=3)
case('unsqueeze', [m], torch.unsqueeze, dim=-1)
case('flatten', [rnd([2, 3, 4])], torch.flatten, start_dim=1)
case('flatten', [m], torch.flatten, start_dim=1, end_dim=0)
case('t', [rnd([2, 3, 4])], torch.t)
case('sum', [m], torch.sum, dim=[2])
case('sum', [m], torch.sum, dim=[-3])
case('sumToShape', [rnd([4, 2, 3])], lambda x, shape: x.sum_to_size(shape), shape=[2, 1])
case('sumToShape', [rnd([4, 2, 3])], lambda x, shape: x.sum_to_size(shape), shape=[1, 3])
case('sumToShape', [rnd([5, 37])], lambda x, shape: x.sum_to_size(shape), shape=[37])

# ---- printer ----
PRINTS = [
    torch.tensor([0.0121, -0.6397, 0.6416]), torch.tensor(9.0), torch.tensor(-0.5), torch.tensor(2.5e-7),
    torch.tensor([1.0, 2.0, 3.0]), torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1e-5, 1.0, 100.0]),
    torch.tensor([1e9, 1.0]), torch.tensor([100000.0, 2.0]), torch.tensor([float('nan'), 1.5, float('inf')]),
    torch.tensor([float('nan'), 1.0, float('-inf')]), torch.tensor([0.0, -0.0]), torch.tensor([-0.0, 1.5]),
    torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor(3.25, dtype=torch.float64),
    torch.tensor([1, -20, 300]), torch.tensor(7), torch.tensor([True, False]), torch.tensor(True),
    torch.zeros(0), torch.zeros(2, 0), torch.zeros(0, dtype=torch.int64), torch.zeros(0, 3, dtype=torch.float64),
    torch.arange(0, 1, 0.02), torch.arange(30).float(), torch.arange(2000).float(), torch.arange(5000),
    torch.arange(2000, dtype=torch.float64).reshape(2, 1000), torch.arange(1500.0).reshape(30, 50),
    torch.arange(24.0).reshape(2, 3, 4), torch.arange(3000.0).reshape(10, 10, 30) / 7,
    torch.tensor([0.03125, 0.09375, 0.15625, 1.03125]), torch.tensor([0.5, 1.5, 2.5]) * 1e-5,
    torch.tensor([123456.78, 0.5]), torch.tensor([1e-4, 0.5]), torch.tensor([9.99995e-5, 0.5]),
    torch.tensor([99999.5]), torch.tensor([1e20, 1.0]), torch.tensor([1e38, -1e-38]),
    torch.tensor([[1e-3, 5.0], [2.0, 3.0]]), torch.tensor([0.1, 0.2], dtype=torch.float64) + 1e-9,
    torch.tensor([12345678.0, 1.0]), torch.tensor([123456789.0, 1.0]), torch.tensor([-1.0, -2.0]),
    torch.tensor([[-1e-5, 2.0, -300.0]]), torch.tensor([2.0 ** -150]), torch.tensor([1.0, 1000.0]),
    torch.tensor([1.0, 1001.0]), torch.tensor([0.001, 1.0]), torch.tensor([0.001, 1.1]),
    torch.tensor([[True, False, True]]), torch.tensor([[1, 2], [30, -4]]),
    rnd([5, 7]), rnd([3, 20]), rnd([100]), rnd([2, 2, 2], torch.float64), rnd([40]) * 1e-5, rnd([8]) * 1e6,
]
# Random tensors across magnitudes, signs, shapes and dtypes, to exercise widths, wrapping and the notation switch.
PG = torch.Generator().manual_seed(7)
for i in range(80):
    rank = int(torch.randint(0, 4, (1,), generator=PG))
    shape = [int(d) for d in torch.randint(1, 6 if rank > 1 else 14, (rank,), generator=PG)]
    scale = 10.0 ** float(torch.randint(-6, 10, (1,), generator=PG))
    kind = i % 8
    if kind == 6:
        x = torch.randint(-10 ** (i % 7), 10 ** (i % 7) + 1, shape, generator=PG)
    elif kind == 7:
        x = torch.randn(shape, generator=PG) * scale
        x = x.round()
    else:
        x = torch.randn(shape, generator=PG, dtype=torch.float64 if kind == 5 else torch.float32) * scale
        if kind == 4 and x.numel() > 1:
            x.view(-1)[0] = float('nan')
    PRINTS.append(x)
PRINTS += [torch.randn(11, 101, generator=PG), torch.randn(3, 20, 20, generator=PG) * 100,
           torch.randint(0, 2, (1200,), generator=PG).bool(), torch.randn(1001, generator=PG, dtype=torch.float64)]
prints = [{'t': enc(x), 'repr': repr(x)} for x in PRINTS]
suffixed = []
for x, sfx in [(torch.tensor([1.0, 2.0], requires_grad=True), None), (rnd([3]), ['grad_fn=<MulBackward0>']),
               (rnd([12]) * 1000, ['grad_fn=<AddmmBackward0>']), (rnd([2, 9]) * 1000, ['grad_fn=<PowBackward0>']),
               (rnd([2], torch.float64), ['grad_fn=<SumBackward1>'])]:
    if sfx is None:
        suffixed.append({'t': enc(x), 'suffixes': ['requires_grad=True'], 'repr': repr(x)})
    else:
        r = torch._tensor_str._str_intern(x)
        r = torch._tensor_str._add_suffixes(r[:-1], sfx, 7, False)
        suffixed.append({'t': enc(x), 'suffixes': sfx, 'repr': r})

# ---- dtype promotion: torch.result_type over dimensioned tensors, 0-d tensors and Python scalars ----
def operand(kind, dtype):
    if kind == 'dim':
        return torch.zeros(2, dtype=TD[dtype])
    if kind == 'zero':
        return torch.zeros((), dtype=TD[dtype])
    return {'int64': 3, 'float32': 2.5, 'bool': True}[dtype]


promotion = []
kinds = [(k, d) for k in ('dim', 'zero') for d in DT.values()] + [('scalar', d) for d in ('int64', 'float32', 'bool')]
for ka, da in kinds:
    for kb, db in kinds:
        if ka == 'scalar' and kb == 'scalar':
            continue
        a, b = operand(ka, da), operand(kb, db)
        promotion.append({'a': [ka, da], 'b': [kb, db], 'result': DT[torch.result_type(a, b)]})

write_fixture('tensor', 'tensor_ops', {'promotion': promotion, 'tensors': [e for _, e in tensors], 'ops': cases, 'prints': prints, 'suffixed': suffixed})
