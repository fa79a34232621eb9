"""Learning rates per epoch from torch 1.13's schedulers (two param groups, optimizer.step() then scheduler.step()),
plus the warnings each scheduler emits."""
import math
import warnings

import numpy as np
import torch

from fixture import write_fixture

EPOCHS = 60
LAMBDAS = {
    'inverse': lambda e: 1 / (e + 1),
    'decay': lambda e: 0.95 ** e,
}
rng = np.random.RandomState(7)
METRICS = [float(1 / (1 + t)) if t < 15 else float(0.0625 + 0.01 * rng.rand()) for t in range(EPOCHS)]


def make(kind, args):
    w1 = torch.zeros(2, requires_grad=True)
    w2 = torch.zeros(3, requires_grad=True)
    opt = torch.optim.SGD([{'params': [w1]}, {'params': [w2], 'lr': 0.05}], lr=0.1)
    S = torch.optim.lr_scheduler
    a = dict(args)
    if kind == 'StepLR':
        s = S.StepLR(opt, a.pop('stepSize'), **{'gamma': a.get('gamma', 0.1)})
    elif kind == 'MultiStepLR':
        s = S.MultiStepLR(opt, a.pop('milestones'), gamma=a.get('gamma', 0.1))
    elif kind == 'ExponentialLR':
        s = S.ExponentialLR(opt, a['gamma'])
    elif kind == 'CosineAnnealingLR':
        s = S.CosineAnnealingLR(opt, a['TMax'], eta_min=a.get('etaMin', 0))
    elif kind == 'LambdaLR':
        fn = a['lambda']
        s = S.LambdaLR(opt, [LAMBDAS[n] for n in fn] if isinstance(fn, list) else LAMBDAS[fn])
    elif kind == 'ReduceLROnPlateau':
        snake = {'thresholdMode': 'threshold_mode', 'minLr': 'min_lr'}
        s = S.ReduceLROnPlateau(opt, **{snake.get(k, k): v for k, v in a.items()})
    return opt, s


CASES = [
    ('StepLR', {'stepSize': 7}),
    ('StepLR', {'stepSize': 3, 'gamma': 0.5}),
    ('MultiStepLR', {'milestones': [5, 12, 12, 30], 'gamma': 0.3}),
    ('ExponentialLR', {'gamma': 0.9}),
    ('CosineAnnealingLR', {'TMax': 10}),
    ('CosineAnnealingLR', {'TMax': 7, 'etaMin': 0.001}),
    ('LambdaLR', {'lambda': 'inverse'}),
    ('LambdaLR', {'lambda': ['inverse', 'decay']}),
    ('ReduceLROnPlateau', {}),
    ('ReduceLROnPlateau', {'mode': 'max', 'factor': 0.5, 'patience': 2, 'threshold': 0.01, 'thresholdMode': 'abs',
                           'cooldown': 3, 'minLr': [0.01, 0.0]}),
    ('ReduceLROnPlateau', {'factor': 0.5, 'patience': 1, 'cooldown': 2, 'eps': 0.02}),
]


def run(kind, args):
    opt, s = make(kind, args)
    lrs = [[g['lr'] for g in opt.param_groups]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for epoch in range(EPOCHS):
            opt.step()
            if kind == 'ReduceLROnPlateau':
                s.step(METRICS[epoch])
            else:
                s.step()
            lrs.append([g['lr'] for g in opt.param_groups])
    assert not caught, [str(w.message) for w in caught]
    return {'scheduler': kind, 'args': args, 'lrs': lrs}


def closed_form(kind, args):
    """scheduler.step(epoch) with explicit epochs uses the closed form (and warns)."""
    opt, s = make(kind, args)
    epochs = [3, 4, 10, 11, 25, 7]
    lrs = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for e in epochs:
            opt.step()
            s.step(e)
            lrs.append([g['lr'] for g in opt.param_groups])
    return {'scheduler': kind, 'args': args, 'epochs': epochs, 'lrs': lrs,
            'warnings': sorted({str(w.message) for w in caught})}


def early_warning():
    opt, s = make('StepLR', {'stepSize': 2})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        s.step()
        opt.step()
        s.step()
    return [(w.category.__name__, str(w.message)) for w in caught]


write_fixture('optim', 'optim_schedulers', {
    'epochs': EPOCHS,
    'metrics': METRICS,
    'runs': [run(*c) for c in CASES],
    'closedForm': [closed_form(k, a) for k, a in [('StepLR', {'stepSize': 3, 'gamma': 0.5}),
                                                   ('MultiStepLR', {'milestones': [5, 12, 12, 30], 'gamma': 0.3}),
                                                   ('ExponentialLR', {'gamma': 0.9}),
                                                   ('CosineAnnealingLR', {'TMax': 7, 'etaMin': 0.001})]],
    'earlyWarning': early_warning(),
})
