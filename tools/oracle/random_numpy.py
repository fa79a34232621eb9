"""NumPy 1.24 legacy RandomState draws: seeding, random_sample, standard_normal, uniform, randint, permutation, shuffle."""
import numpy as np

from fixture import message, write_fixture

SEEDS = [0, 1, 42, 12345, 2**31, 2**32 - 1]


cases = {}
cases['state'] = [{'seed': s, 'key': np.random.RandomState(s).get_state()[1][:8]} for s in SEEDS]
cases['arraySeeds'] = [
    {'seed': s, 'key': np.random.RandomState(s).get_state()[1][:8], 'rand': np.random.RandomState(s).random_sample(5)}
    for s in [[0], [1, 2, 3], [2**32 - 1, 0, 7], list(range(700))]
]
cases['randomSample'] = [{'seed': s, 'values': np.random.RandomState(s).random_sample(40)} for s in SEEDS]
cases['rand'] = [{'seed': s, 'shape': [3, 4], 'values': np.random.RandomState(s).rand(3, 4).ravel()} for s in SEEDS]
cases['standardNormal'] = [{'seed': s, 'values': np.random.RandomState(s).standard_normal(41)} for s in SEEDS]
cases['standardNormalLarge'] = [{'seed': s, 'values': np.random.RandomState(s).standard_normal(5000)} for s in [0, 42]]
cases['normal'] = [
    {'seed': s, 'loc': loc, 'scale': scale, 'values': np.random.RandomState(s).normal(loc, scale, 9)}
    for s in [0, 42] for loc, scale in [(0.0, 1.0), (10.0, 2.0), (-0.5, 0.001)]
]
cases['uniform'] = [
    {'seed': s, 'low': lo, 'high': hi, 'values': np.random.RandomState(s).uniform(lo, hi, 30)}
    for s in [0, 42, 2**32 - 1] for lo, hi in [(0.0, 1.0), (-1.0, 1.0), (2.5, 3.75), (-1e3, 1e-3), (0.1, 0.3)]
]
RANGES = [(0, 1), (0, 2), (0, 3), (0, 10), (-5, 5), (0, 100), (7, 1000), (0, 2**31), (-(2**31), 2**31),
          (0, 2**32 - 1), (0, 2**32), (0, 2**32 + 1), (-(2**40), 2**40), (0, 2**53), (10**12, 10**12 + 17)]
cases['randint'] = [
    {'seed': s, 'low': lo, 'high': hi, 'values': np.random.RandomState(s).randint(lo, hi, 25)}
    for s in [0, 42, 2**32 - 1] for lo, hi in RANGES
]
cases['randintScalar'] = [{'seed': s, 'values': [int(r.randint(10)) for r in [np.random.RandomState(s)] for _ in range(5)]} for s in [0, 3]]
cases['permutation'] = [
    {'seed': s, 'n': n, 'values': np.random.RandomState(s).permutation(n)}
    for s in [0, 1, 42, 2**32 - 1] for n in list(range(0, 12)) + [30, 100, 1000]
]


def shuffled(seed, xs):
    xs = list(xs)
    np.random.RandomState(seed).shuffle(xs)
    return xs


cases['shuffle'] = [{'seed': s, 'input': list(range(10, 30)), 'values': shuffled(s, range(10, 30))} for s in [0, 5]]
cases['permutation2d'] = []
for s in [0, 7]:
    a = np.arange(12.0).reshape(4, 3)
    cases['permutation2d'].append({'seed': s, 'input': a, 'values': np.random.RandomState(s).permutation(a)})


def sequence(seed):
    r = np.random.RandomState(seed)
    return [
        ['randn', 3, r.randn(3)],
        ['rand', 2, r.rand(2)],
        ['randn', 1, r.randn(1)],
        ['randint', 0, 10, 4, r.randint(0, 10, 4)],
        ['randn', 2, r.randn(2)],
        ['permutation', 6, r.permutation(6)],
        ['uniform', -2.0, 2.0, 3, r.uniform(-2.0, 2.0, 3)],
        ['randn', 5, r.randn(5)],
    ]


cases['sequences'] = [{'seed': s, 'calls': sequence(s)} for s in [0, 42, 2024]]

cases['errors'] = {
    'seedNegative': message(lambda: np.random.RandomState(-1)),
    'seedTooLarge': message(lambda: np.random.RandomState(2**32)),
    'seedEmpty': message(lambda: np.random.RandomState([])),
    'randintEmpty': message(lambda: np.random.RandomState(0).randint(5, 3)),
    'randintZero': message(lambda: np.random.RandomState(0).randint(0)),
    'randintEqual': message(lambda: np.random.RandomState(0).randint(4, 4, 3)),
    'normalScale': message(lambda: np.random.RandomState(0).normal(0, -1.0)),
    'permutationScalar': message(lambda: np.random.RandomState(0).permutation(np.float64(3.0).reshape(()))),
}

write_fixture('tensor', 'random_numpy', cases)
