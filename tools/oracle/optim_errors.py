"""The messages torch 1.13's optimisers raise for invalid options and misuse, to pin descent's wording."""
import warnings

import torch

from fixture import write_fixture


def message(fn):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            fn()
        return {'warnings': [str(w.message) for w in caught]}
    except Exception as e:  # noqa: BLE001 - any error's text is what we record
        return {'error': type(e).__name__, 'message': str(e)}


w = lambda: torch.zeros(2, requires_grad=True)  # noqa: E731
O = torch.optim
SNAKE = {'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'initialAccumulatorValue': 'initial_accumulator_value'}
CASES = [
    ('SGD', {'lr': -1}), ('SGD', {'lr': 0.1, 'momentum': -0.5}), ('SGD', {'lr': 0.1, 'weightDecay': -1}),
    ('SGD', {'lr': 0.1, 'nesterov': True}), ('SGD', {'lr': 0.1, 'nesterov': True, 'momentum': 0.9, 'dampening': 0.1}),
    ('Adam', {'lr': -0.5}), ('Adam', {'eps': -1}), ('Adam', {'betas': [1.0, 0.999]}), ('Adam', {'betas': [0.9, -0.1]}),
    ('Adam', {'weightDecay': -0.25}),
    ('AdamW', {'lr': -1}), ('AdamW', {'betas': [0.5, 1.5]}),
    ('RMSprop', {'lr': -1}), ('RMSprop', {'eps': -1}), ('RMSprop', {'momentum': -1}), ('RMSprop', {'weightDecay': -1}),
    ('RMSprop', {'alpha': -1}),
    ('Adagrad', {'lr': -1}), ('Adagrad', {'lrDecay': -1}), ('Adagrad', {'weightDecay': -1}),
    ('Adagrad', {'initialAccumulatorValue': -1}), ('Adagrad', {'eps': -1}),
]


def options(kind, o):
    return {SNAKE.get(k, k): (tuple(v) if isinstance(v, list) else v) for k, v in o.items()}


invalid = [{'optimizer': k, 'options': o, **message(lambda: getattr(O, k)([w()], **options(k, o)))} for k, o in CASES]

a, b = w(), w()
misuse = {
    'tensorParams': message(lambda: O.SGD(a, lr=0.1)),
    'emptyParams': message(lambda: O.SGD([], lr=0.1)),
    'notATensor': message(lambda: O.SGD([a, 1], lr=0.1)),
    'nonLeaf': message(lambda: O.SGD([a * 2], lr=0.1)),
    'duplicate': message(lambda: O.SGD([a, a], lr=0.1)),
    'overlappingGroups': message(lambda: O.SGD([{'params': [a]}, {'params': [a, b]}], lr=0.1)),
    'groupCount': message(lambda: O.SGD([a], lr=0.1).load_state_dict(O.SGD([{'params': [a]}, {'params': [b]}], lr=0.1).state_dict())),
    'groupSize': message(lambda: O.SGD([a], lr=0.1).load_state_dict(O.SGD([a, b], lr=0.1).state_dict())),
}


def layout():
    """A state dict's structure: SGD without momentum stores None buffers; Adagrad has state before any step."""
    p, q, r = w(), w(), w()
    sgd = O.SGD([{'params': [p, q]}, {'params': [r], 'lr': 0.5}], lr=0.1)
    for t in (p, q):
        t.grad = torch.ones(2)
    sgd.step()
    ada = O.Adagrad([p, q], lr=0.1, initial_accumulator_value=0.5)
    return {
        'sgd': {'state': {k: {n: v for n, v in s.items()} for k, s in sgd.state_dict()['state'].items()},
                'params': [g['params'] for g in sgd.state_dict()['param_groups']]},
        'adagrad': {k: {'step': s['step'].item(), 'sum': s['sum']} for k, s in ada.state_dict()['state'].items()},
    }


write_fixture('optim', 'optim_errors', {'invalid': invalid, 'misuse': misuse, 'layout': layout()})
