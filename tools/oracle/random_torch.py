"""PyTorch 1.13 CPU random draws for seeded generators: rand, randn, randint, randperm, uniform_, normal_, nn.Linear init."""
import math

import torch

from fixture import message, write_fixture

SEEDS = [0, 1, 42, 2**32 - 1, 2**32, 2**32 + 7, 2**63 - 1, 2**64 - 1, -1, -(2**63), 67280421310721]
DTYPES = {'float32': torch.float32, 'float64': torch.float64}


def gen(seed):
    return torch.Generator().manual_seed(seed)


cases = {}

cases['initialSeed'] = [{'seed': str(s), 'initialSeed': str(gen(s).initial_seed())} for s in SEEDS]

# rand(n) is a prefix of rand(40): one draw per element whatever the size.
cases['rand'] = [
    {'seed': str(s), 'dtype': d, 'values': torch.rand(40, generator=gen(s), dtype=DTYPES[d])}
    for s in SEEDS for d in DTYPES
]
cases['freshGeneratorSeed'] = str(torch.Generator().initial_seed())
cases['freshGenerator'] = torch.rand(5, generator=torch.Generator())

cases['randn'] = [
    {'seed': str(s), 'dtype': d, 'values': [torch.randn(n, generator=gen(s), dtype=DTYPES[d]) for n in range(1, 41)]}
    for s in [0, 1, 42, 2**32 + 7, -1] for d in DTYPES
]

# Large draws exercise many 16-wide blocks (float32 goes through avx_mathfun there).
cases['randnLarge'] = [
    {'seed': str(s), 'dtype': d, 'n': n, 'values': torch.randn(n, generator=gen(s), dtype=DTYPES[d])}
    for s in [0, 2**40 + 3] for d in DTYPES for n in [1000, 2061]
]

# One generator, many calls: checks how much state each call consumes and the cached normal sample.
def sequence(seed):
    g = gen(seed)
    out = []
    out.append(['rand', [3], 'float32', torch.rand(3, generator=g)])
    out.append(['randn', [5], 'float32', torch.randn(5, generator=g)])
    out.append(['randperm', 7, torch.randperm(7, generator=g)])
    out.append(['randn', [1], 'float32', torch.randn(1, generator=g)])
    out.append(['randn', [20], 'float32', torch.randn(20, generator=g)])
    out.append(['randn', [3], 'float64', torch.randn(3, generator=g, dtype=torch.float64)])
    out.append(['rand', [2, 3], 'float64', torch.rand(2, 3, generator=g, dtype=torch.float64)])
    out.append(['randint', -5, 5, [4], torch.randint(-5, 5, (4,), generator=g)])
    out.append(['randn', [17], 'float64', torch.randn(17, generator=g, dtype=torch.float64)])
    out.append(['randn', [2], 'float32', torch.randn(2, generator=g)])
    out.append(['randperm', 40, torch.randperm(40, generator=g)])
    out.append(['randn', [16], 'float32', torch.randn(16, generator=g)])
    out.append(['uniform', -0.5, 0.25, [5], 'float32', torch.empty(5).uniform_(-0.5, 0.25, generator=g)])
    out.append(['normal', 1.0, 3.0, [3], 'float64', torch.empty(3, dtype=torch.float64).normal_(1.0, 3.0, generator=g)])
    out.append(['randn', [1], 'float64', torch.randn(1, generator=g, dtype=torch.float64)])
    out.append(['normal', 0.0, 0.5, [18], 'float32', torch.empty(18).normal_(0.0, 0.5, generator=g)])
    out.append(['rand', [1], 'float32', torch.rand(1, generator=g)])
    return out


cases['sequences'] = [{'seed': str(s), 'calls': sequence(s)} for s in [0, 1, 42, 2**32 + 7]]

cases['randperm'] = [
    {'seed': str(s), 'n': n, 'values': torch.randperm(n, generator=gen(s))}
    for s in [0, 1, 42, 2**32 - 1, -1] for n in list(range(0, 21)) + [33, 100, 1000]
]

# At uint32 max / 20 later PyTorch versions switch randperm algorithms; 1.13 does not (1.7 GB, ~20 s to draw).
big = torch.randperm(214748364, generator=gen(0))
cases['randpermLarge'] = {'seed': '0', 'n': 214748364, 'head': big[:8], 'tail': big[-4:]}
del big

RANGES = [(0, 1), (0, 2), (0, 10), (-5, 5), (-(2**31), 2**31), (0, 2**32 - 1), (0, 2**32), (3, 2**32 + 3),
          (-(2**40), 2**40), (0, 2**53), (10**12, 10**12 + 17)]
cases['randint'] = [
    {'seed': str(s), 'low': str(lo), 'high': str(hi), 'dtype': 'int64', 'values': [str(v) for v in torch.randint(lo, hi, (25,), generator=gen(s)).tolist()]}
    for s in [0, 42, 2**32 + 7] for lo, hi in RANGES
]
cases['randintFloat'] = [
    {'seed': str(s), 'low': lo, 'high': hi, 'dtype': d, 'values': torch.randint(lo, hi, (12,), generator=gen(s), dtype=DTYPES[d])}
    for s in [0, 42] for lo, hi in [(0, 10), (-3, 1000)] for d in DTYPES
]

BOUNDS = [(0.0, 1.0), (-1.0, 1.0), (-0.5773502691896258, 0.5773502691896258), (2.5, 3.75), (-1e3, 1e-3), (-100.0, 7.0),
          (1.0, 1.0), (0.1, 0.30000001)]
cases['uniform'] = []
for s in [0, 42, 2**32 + 7]:
    for lo, hi in BOUNDS:
        for d in DTYPES:
            t = torch.empty(37, dtype=DTYPES[d])
            t.uniform_(lo, hi, generator=gen(s))
            cases['uniform'].append({'seed': str(s), 'from': lo, 'to': hi, 'dtype': d, 'values': t})

NORMALS = [(0.0, 1.0), (1.5, 0.25), (-3.0, 2.0), (0.1, 0.01), (0.0, 0.0)]
cases['normal'] = []
for s in [0, 42]:
    for mean, std in NORMALS:
        for d in DTYPES:
            for n in [5, 16, 37]:
                t = torch.empty(n, dtype=DTYPES[d])
                t.normal_(mean, std, generator=gen(s))
                cases['normal'].append({'seed': str(s), 'mean': mean, 'std': std, 'dtype': d, 'n': n, 'values': t})

# Non-contiguous targets: PyTorch fills in memory order, and normal_ takes its serial path.
cases['strided'] = []
for s in [0, 42]:
    for d in DTYPES:
        t = torch.zeros(6, 5, dtype=DTYPES[d]).t()
        t.uniform_(-2, 3, generator=gen(s))
        cases['strided'].append({'seed': str(s), 'op': 'uniform', 'dtype': d, 'shape': [6, 5], 'values': t.t()})
        t = torch.zeros(6, 5, dtype=DTYPES[d]).t()
        t.normal_(0.5, 2.0, generator=gen(s))
        cases['strided'].append({'seed': str(s), 'op': 'normal', 'dtype': d, 'shape': [6, 5], 'values': t.t()})
        t = torch.zeros(8, 6, dtype=DTYPES[d])[:, ::2]
        t.normal_(0.0, 1.0, generator=gen(s))
        cases['strided'].append({'seed': str(s), 'op': 'normalStep', 'dtype': d, 'shape': [8, 6], 'values': t})

cases['linear'] = []
for s in [0, 1, 42, 1234, 2**32 + 7]:
    for fin, fout in [(1, 1), (3, 2), (5, 4), (20, 3)]:
        torch.manual_seed(s)
        m = torch.nn.Linear(fin, fout)
        cases['linear'].append({'seed': str(s), 'inFeatures': fin, 'outFeatures': fout,
                                'weight': m.weight.detach().reshape(-1), 'bias': m.bias.detach()})

# The default generator: torch.manual_seed then module-level functions.
torch.manual_seed(3)
cases['default'] = {'seed': 3, 'rand': torch.rand(4), 'randn': torch.randn(3), 'randperm': torch.randperm(5)}

cases['errors'] = {
    'randpermNegative': message(lambda: torch.randperm(-1)),
    'randintEmpty': message(lambda: torch.randint(5, 3, (2,))),
    'randintEqual': message(lambda: torch.randint(5, 5, (2,))),
    'uniformReversed': message(lambda: torch.empty(3).uniform_(2.0, 1.0)),
    'normalNegativeStd': message(lambda: torch.empty(3).normal_(0.0, -1.0)),
    'seedTooLarge': message(lambda: torch.Generator().manual_seed(2**64)),
    'seedTooSmall': message(lambda: torch.Generator().manual_seed(-(2**63) - 1)),
    'randLong': message(lambda: torch.rand(3, dtype=torch.int64)),
    'randnLong': message(lambda: torch.randn(3, dtype=torch.int64)),
    'uniformLong': message(lambda: torch.empty(3, dtype=torch.int64).uniform_(0, 1)),
    'randNegativeSize': message(lambda: torch.rand(-2)),
}

write_fixture('tensor', 'random_torch', cases)
