"""scikit-learn 1.2 train_test_split: which rows land in train and test, and the errors, for many sizes and seeds."""
import numpy as np
from sklearn.model_selection import train_test_split

from fixture import write_fixture

cases = []


def case(n, **kw):
    x = np.arange(n)
    try:
        tr, te = train_test_split(x, **kw)
        cases.append({'n': n, 'options': kw, 'train': tr.tolist(), 'test': te.tolist()})
    except ValueError as e:
        cases.append({'n': n, 'options': kw, 'error': str(e)})


# The notebook's own call: 50 points, test_size=0.3, random_state=42.
case(50, test_size=0.3, random_state=42)
for n in (2, 3, 5, 7, 10, 20, 50, 100, 257):
    for seed in (0, 1, 42, 1234, 2**32 - 1):
        case(n, random_state=seed)
        case(n, test_size=0.3, random_state=seed)
        case(n, test_size=0.5, train_size=0.25, random_state=seed)
    case(n, test_size=1, random_state=7)
    case(n, train_size=0.6, random_state=3)
    case(n, train_size=1, test_size=1, random_state=5)
    case(n, test_size=0.2, shuffle=False)
    case(n, train_size=n - 1, shuffle=False)
case(3000, test_size=0.2, random_state=11)
rng = np.random.RandomState(2024)
for _ in range(60):
    n = int(rng.randint(2, 400))
    seed = int(rng.randint(0, 2**31))
    kind = rng.randint(4)
    if kind == 0:
        case(n, test_size=float(rng.uniform(0.01, 0.99)), random_state=seed)
    elif kind == 1:
        case(n, test_size=int(rng.randint(1, n)), random_state=seed)
    elif kind == 2:
        case(n, train_size=float(rng.uniform(0.01, 0.99)), random_state=seed)
    else:
        a = int(rng.randint(1, n))
        case(n, train_size=a, test_size=int(rng.randint(1, n - a + 1)) if a < n else 1, random_state=seed)

# Errors, with sklearn's wording.
errors = []


def error(n, **kw):
    try:
        train_test_split(np.arange(n), **kw)
        raise AssertionError('expected an error for %r' % (kw,))
    except ValueError as e:
        errors.append({'n': n, 'options': kw, 'error': str(e)})


error(10, test_size=10)
error(10, test_size=0)
error(10, test_size=-1)
error(10, test_size=0.0)
error(10, test_size=1.5)
error(10, train_size=11)
error(10, train_size=-0.5)
error(10, test_size=0.6, train_size=0.6)
error(10, test_size=6, train_size=5)
error(10, test_size=0.5, train_size=6)
error(1, test_size=0.5)
error(3, test_size=0.9)
error(5, train_size=0.1)
error(4, test_size=0.8)

write_fixture('datasets', 'datasets_split', {'splits': cases, 'errors': errors})
