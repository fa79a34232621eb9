"""Which values each PyTorch 1.13 op saves for backward: after the op, bump the version of one input (or the
output) under no_grad and see whether backward then refuses. descent must refuse exactly when PyTorch does."""
import torch
from fixture import write_fixture

UNARY = {
    'neg': lambda a: a.neg(), 'abs': lambda a: a.abs(), 'exp': lambda a: a.exp(), 'log': lambda a: a.log(),
    'sqrt': lambda a: a.sqrt(), 'square': lambda a: a.square(), 'sin': lambda a: a.sin(), 'cos': lambda a: a.cos(),
    'tanh': lambda a: a.tanh(), 'sigmoid': lambda a: a.sigmoid(), 'relu': lambda a: a.relu(),
    'sign': lambda a: a.sign(), 'reciprocal': lambda a: a.reciprocal(), 'clamp': lambda a: a.clamp(0.5, 1.5),
    'pow2': lambda a: a.pow(2), 'sum': lambda a: a.sum(), 'sumDim': lambda a: a.sum(0), 'mean': lambda a: a.mean(),
    'meanDim': lambda a: a.mean(0), 'max': lambda a: a.max(), 'maxDim': lambda a: a.max(0)[0],
    'min': lambda a: a.min(), 'var': lambda a: a.var(), 'std': lambda a: a.std(), 'logsumexp': lambda a: a.logsumexp(0),
    'softmax': lambda a: a.softmax(0), 'logSoftmax': lambda a: a.log_softmax(0), 'reshape': lambda a: a.reshape(-1),
    'transpose': lambda a: a.transpose(0, 1), 'expand': lambda a: a.expand(2, 2, 2), 'select': lambda a: a.select(0, 1),
    'clone': lambda a: a.clone(), 'double': lambda a: a.double(),
}
BINARY = {
    'add': lambda a, b: a.add(b), 'sub': lambda a, b: a.sub(b), 'mul': lambda a, b: a.mul(b),
    'div': lambda a, b: a.div(b), 'pow': lambda a, b: a.pow(b), 'maximum': lambda a, b: torch.maximum(a, b),
    'minimum': lambda a, b: torch.minimum(a, b), 'matmul': lambda a, b: a.matmul(b),
}


def refuses(f, n, target, needs):
    xs = [torch.tensor([[1.1, 0.7], [0.9, 1.3]], requires_grad=r) for r in needs[:n]]
    out = f(*xs)
    victim = out if target == 'out' else xs[target]
    with torch.no_grad():
        victim.add_(0)
    try:
        out.sum().backward()
        return False
    except RuntimeError as e:
        assert 'modified by an inplace operation' in str(e), str(e)
        return True


cases = []
for name, f in UNARY.items():
    for target in ((0,) if name == 'expand' else (0, 'out')):
        cases.append({'op': name, 'needs': [True], 'target': target, 'refuses': refuses(f, 1, target, [True])})
for name, f in BINARY.items():
    for needs in ([True, True], [True, False], [False, True]):
        for target in (0, 1, 'out'):
            cases.append({'op': name, 'needs': needs, 'target': target, 'refuses': refuses(f, 2, target, needs)})


def second_backward_fails(f):
    """A second backward without retain_graph fails only through nodes that saved something."""
    x = torch.tensor([[1.1, 0.7], [0.9, 1.3]], requires_grad=True)
    z = f(x).sum()
    z.backward()
    try:
        z.backward()
        return False
    except RuntimeError:
        return True


for name, f in UNARY.items():
    cases.append({'op': name, 'needs': [True], 'target': 'second', 'refuses': second_backward_fails(f)})
for name, f in [('mulScalar', lambda a: a * 2), ('divScalar', lambda a: a / 2), ('addScalar', lambda a: a + 2),
                ('subScalar', lambda a: a - 2)]:
    cases.append({'op': name, 'needs': [True], 'target': 'second', 'refuses': second_backward_fails(f)})
write_fixture('autograd', 'autograd_saved', cases)
