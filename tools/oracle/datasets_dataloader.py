"""torch 1.13 DataLoader batch orders: shuffles through a Generator or the default one, over several epochs."""
import torch
from torch.utils.data import DataLoader, TensorDataset

from fixture import write_fixture


def epochs(loader, k):
    return [[b.tolist() for b in loader] for _ in range(k)]


cases = []
for n in (1, 2, 5, 10, 17, 64, 100):
    for bs in (1, 3, 4, 16):
        for drop_last in (False, True):
            for seed in (0, 42):
                g = torch.Generator().manual_seed(seed)
                loader = DataLoader(range(n), batch_size=bs, shuffle=True, generator=g, drop_last=drop_last)
                cases.append({'n': n, 'batchSize': bs, 'dropLast': drop_last, 'seed': seed, 'generator': True,
                              'epochs': epochs(loader, 3)})
    # No generator: each epoch's sampler seed comes from the default generator.
    torch.manual_seed(n)
    loader = DataLoader(range(n), batch_size=4, shuffle=True)
    cases.append({'n': n, 'batchSize': 4, 'dropLast': False, 'seed': n, 'generator': False,
                  'epochs': epochs(loader, 3),
                  'after': torch.rand(3).tolist()})

# A larger dataset: 1000 rows, two epochs.
g = torch.Generator().manual_seed(2023)
cases.append({'n': 1000, 'batchSize': 32, 'dropLast': False, 'seed': 2023, 'generator': True,
              'epochs': epochs(DataLoader(range(1000), batch_size=32, shuffle=True, generator=g), 2)})

# A break after the first batch: the sampler's second randperm never runs.
g = torch.Generator().manual_seed(5)
loader = DataLoader(range(10), batch_size=3, shuffle=True, generator=g)
first = next(iter(loader)).tolist()
partial = {'first': first, 'next': [b.tolist() for b in loader]}

# TensorDataset batches: values, dtypes and shapes after default_collate.
g = torch.Generator().manual_seed(3)
x = torch.arange(0, 14, dtype=torch.float32).reshape(7, 2) / 4
y = torch.arange(7) * 10
tensor_batches = [[xb.tolist(), yb.tolist()] for xb, yb in DataLoader(TensorDataset(x, y), batch_size=3, shuffle=True, generator=g)]

# shuffle=False still draws the epoch's base seed from the default generator.
torch.manual_seed(9)
sequential = {'seed': 9, 'batches': [b.tolist() for b in DataLoader(range(5), batch_size=2)], 'after': torch.rand(2)}

# RandomSampler on its own: with replacement (randint in chunks of 32), and num_samples beyond len(dataset).
from torch.utils.data import RandomSampler
samplers = []
for seed, n, k, replacement in ((0, 7, 40, True), (1, 3, 70, True), (2, 6, 14, False), (3, 5, 5, False), (4, 9, 4, False)):
    g = torch.Generator().manual_seed(seed)
    samplers.append({'seed': seed, 'n': n, 'numSamples': k, 'replacement': replacement,
                     'indices': list(RandomSampler(range(n), replacement=replacement, num_samples=k, generator=g)),
                     'after': torch.rand(2, generator=g)})

write_fixture('datasets', 'datasets_dataloader', {'orders': cases, 'partial': partial, 'sequential': sequential,
                                                  'samplers': samplers,
                                                  'tensorDataset': {'x': x, 'y': y, 'batches': tensor_batches}})
