"""Optimiser trajectories from torch 1.13's single-tensor (foreach=False) steps: fixed float32 parameters, a fixed
gradient sequence (one parameter skips some steps), parameters recorded at checkpoints and the final state."""
import numpy as np
import torch

from fixture import write_fixture

STEPS = 300
CHECKPOINTS = [1, 2, 3, 5, 10, 25, 50, 100, 200, 300]
SHAPES = {'a': [3, 7], 'b': [5], 'c': [2, 2]}
# which steps (1-based) leave parameter c without a gradient
def c_skips(t):
    return t % 3 == 0

rng = np.random.RandomState(1234)
init = {k: (rng.randn(*s) * 0.8).astype(np.float32) for k, s in SHAPES.items()}
grads = []
for t in range(1, STEPS + 1):
    g = {}
    for k, s in SHAPES.items():
        # varied scales, an occasional exact zero, so rounding of small and large values is exercised
        v = (rng.randn(*s) * (0.05 + 2.0 * rng.rand())).astype(np.float32)
        v.flat[rng.randint(v.size)] = 0.0
        g[k] = v
    if c_skips(t):
        g['c'] = None
    grads.append(g)

SNAKE = {'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'initialAccumulatorValue': 'initial_accumulator_value'}
STATE_NAMES = {'momentum_buffer': 'momentumBuffer', 'exp_avg': 'expAvg', 'exp_avg_sq': 'expAvgSq',
               'max_exp_avg_sq': 'maxExpAvgSq', 'square_avg': 'squareAvg', 'grad_avg': 'gradAvg',
               'step': 'step', 'sum': 'sum'}

# float64 parameters: the same arithmetic without float32 rounding
FLOAT64_CASES = [
    ('SGD', {'lr': 0.02, 'momentum': 0.8, 'nesterov': True, 'weightDecay': 0.001}, None),
    ('Adam', {'lr': 0.003, 'weightDecay': 0.1, 'amsgrad': True}, None),
    ('AdamW', {'lr': 0.01}, None),
    ('RMSprop', {'lr': 0.0005, 'momentum': 0.5, 'centered': True, 'eps': 1e-4}, None),
    ('Adagrad', {'lr': 0.1, 'lrDecay': 0.01, 'initialAccumulatorValue': 0.1}, None),
]


def torch_options(o):
    out = {SNAKE.get(k, k): (tuple(v) if isinstance(v, list) else v) for k, v in o.items()}
    out['foreach'] = False
    return out


CASES = [
    ('SGD', {'lr': 0.01}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.9}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.1, 'weightDecay': 0.01}, None),
    ('SGD', {'lr': 0.02, 'momentum': 0.8, 'nesterov': True, 'weightDecay': 0.001}, None),
    ('SGD', {'lr': 0.01, 'maximize': True, 'momentum': 0.5}, None),
    ('SGD', {'lr': 0.03}, [{'names': ['a'], 'lr': 0.1, 'momentum': 0.9}, {'names': ['b', 'c']}]),
    ('Adam', {}, None),
    ('Adam', {'lr': 0.01, 'betas': [0.8, 0.99], 'eps': 1e-6}, None),
    ('Adam', {'lr': 0.003, 'weightDecay': 0.1, 'amsgrad': True}, None),
    ('Adam', {'lr': 0.01, 'maximize': True, 'weightDecay': 0.01}, None),
    ('Adam', {'lr': 0.01}, [{'names': ['a', 'c'], 'amsgrad': True}, {'names': ['b'], 'lr': 0.1, 'betas': [0.5, 0.9]}]),
    ('AdamW', {}, None),
    ('AdamW', {'lr': 0.01, 'weightDecay': 0.1, 'amsgrad': True}, None),
    ('AdamW', {'lr': 0.005, 'betas': [0.9, 0.95], 'maximize': True}, None),
    ('RMSprop', {}, None),
    ('RMSprop', {'lr': 0.001, 'alpha': 0.9, 'centered': True}, None),
    ('RMSprop', {'lr': 0.001, 'momentum': 0.9, 'weightDecay': 0.01}, None),
    ('RMSprop', {'lr': 0.0005, 'momentum': 0.5, 'centered': True, 'maximize': True, 'eps': 1e-4}, None),
    ('Adagrad', {}, None),
    ('Adagrad', {'lr': 0.1, 'lrDecay': 0.01, 'initialAccumulatorValue': 0.1}, None),
    ('Adagrad', {'lr': 0.05, 'weightDecay': 0.01, 'eps': 1e-6, 'maximize': True}, None),
]


def run(name, options, groups, dtype='float32'):
    tdtype = getattr(torch, dtype)
    params = {k: torch.tensor(v, dtype=tdtype, requires_grad=True) for k, v in init.items()}
    cls = getattr(torch.optim, name)
    if groups is None:
        opt = cls(list(params.values()), **torch_options(options))
    else:
        gs = []
        for g in groups:
            d = {k: v for k, v in g.items() if k != 'names'}
            d = {SNAKE.get(k, k): (tuple(v) if isinstance(v, list) else v) for k, v in d.items()}
            d['params'] = [params[n] for n in g['names']]
            gs.append(d)
        opt = cls(gs, **torch_options(options))
    checkpoints = {}
    for t in range(1, STEPS + 1):
        for k, p in params.items():
            g = grads[t - 1][k]
            p.grad = None if g is None else torch.tensor(g, dtype=tdtype)
        opt.step()
        if t in CHECKPOINTS:
            checkpoints[t] = {k: p.detach().clone() for k, p in params.items()}
    sd = opt.state_dict()
    state = {i: {STATE_NAMES[k]: (v.item() if k == 'step' and isinstance(v, torch.Tensor) else v)
                 for k, v in s.items()} for i, s in sd['state'].items()}
    return {'optimizer': name, 'options': options, 'groups': groups, 'dtype': dtype, 'checkpoints': checkpoints,
            'state': state}


write_fixture('optim', 'optim_steps', {
    'steps': STEPS,
    'shapes': SHAPES,
    'init': init,
    'grads': [[g[k] for k in SHAPES] for g in grads],
    'runs': [run(*c) for c in CASES] + [run(*c, dtype='float64') for c in FLOAT64_CASES],
})
