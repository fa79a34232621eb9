"""Module structure (names and order of parameters, buffers, modules, state dict keys, repr) and load_state_dict's
results and error messages, for the mirror-image modules in packages/nn/src/module/Module.test.ts."""
import torch
from torch import nn

from fixture import write_fixture


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        self.body = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 3))
        self.register_buffer('steps', torch.zeros(1))
        self.head = nn.Linear(3, 1, bias=False)
        self.shared = self.head
        self.register_buffer('tmp', torch.zeros(1), persistent=False)
        self.flat = nn.Flatten()


def load_error(model, sd, strict=True):
    try:
        result = model.load_state_dict(sd, strict=strict)
    except RuntimeError as e:
        return {'error': str(e)}
    return {'missingKeys': result.missing_keys, 'unexpectedKeys': result.unexpected_keys}


def main():
    net = Net()
    cases = {
        'net': {
            'namedParameters': [n for n, _ in net.named_parameters()],
            'namedBuffers': [n for n, _ in net.named_buffers()],
            'namedModules': [n for n, _ in net.named_modules()],
            'namedChildren': [n for n, _ in net.named_children()],
            'stateDict': list(net.state_dict().keys()),
            'repr': repr(net),
        },
    }
    lin = nn.Linear(3, 2)
    ok = {'weight': torch.zeros(2, 3), 'bias': torch.zeros(2)}
    seq = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    cases['load'] = {
        'missing': load_error(lin, {'weight': torch.zeros(2, 3)}),
        'unexpected': load_error(lin, {**ok, 'extra': torch.zeros(1), 'bias.x': torch.zeros(1)}),
        'size': load_error(lin, {'weight': torch.zeros(3, 2), 'bias': torch.zeros(2)}),
        'all': load_error(lin, {'weight': torch.zeros(3, 3), 'extra': torch.zeros(1)}),
        'notStrict': load_error(lin, {'weight': torch.zeros(2, 3), 'extra': torch.zeros(1)}, strict=False),
        'notStrictSize': load_error(lin, {'weight': torch.zeros(2, 2)}, strict=False),
        'sequential': load_error(seq, {'0.weight': torch.zeros(2, 3), '1.weight': torch.zeros(1), '2.bias': torch.zeros(2)}),
        'scalarFromOneElement': load_error(Scalar(), {'s': torch.ones(1)}),
    }
    a, b = nn.Linear(1, 1), nn.Linear(1, 1)
    cases['print'] = {
        'allMatched': str(a.load_state_dict(b.state_dict())),
        'partial': str(a.load_state_dict({'weight': torch.zeros(1, 1), "it's": torch.zeros(1)}, strict=False)),
    }
    torch.manual_seed(42)
    lin = nn.Linear(2, 1)
    cases['print']['seed'] = 42
    cases['print']['stateDict'] = repr(lin.state_dict())
    cases['print']['parameters'] = repr(list(lin.parameters()))
    cases['print']['emptyStateDict'] = repr(nn.ReLU().state_dict())
    write_fixture('nn', 'nn_module', cases)


class Scalar(nn.Module):
    def __init__(self):
        super().__init__()
        self.s = nn.Parameter(torch.tensor(0.0))


if __name__ == '__main__':
    main()
