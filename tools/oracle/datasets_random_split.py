"""torch 1.13 random_split: the indices of each Subset for int lengths, fractions, and the default generator."""
import warnings

import torch
from torch.utils.data import random_split

from fixture import write_fixture

cases = []
for n, lengths, seed in ((10, [3, 7], 42), (30, [0.3, 0.3, 0.4], 42), (11, [0.5, 0.5], 1), (7, [0.1, 0.9], 3),
                         (100, [0.8, 0.1, 0.1], 0), (5, [5], 2), (1, [1], 0), (20, [0.25, 0.25, 0.25, 0.25], 9), (3, [0.1, 0.1, 0.8], 4)):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        parts = random_split(range(n), lengths, generator=torch.Generator().manual_seed(seed))
    cases.append({'n': n, 'lengths': lengths, 'seed': seed, 'subsets': [list(p.indices) for p in parts],
                  'warnings': [str(x.message) for x in w]})

torch.manual_seed(5)
default = {'seed': 5, 'subsets': [list(p.indices) for p in random_split(range(8), [4, 4])], 'after': torch.rand(2)}

errors = []
for n, lengths in ((10, [3, 6]), (10, [0.5, 1.5, -1.0]), (4, [-0.5, 1.5])):
    try:
        random_split(range(n), lengths)
    except ValueError as e:
        errors.append({'n': n, 'lengths': lengths, 'error': str(e)})

write_fixture('datasets', 'datasets_random_split', {'cases': cases, 'default': default, 'errors': errors})
