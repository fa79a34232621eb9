"""Linear's initial weights and torch.nn.init draws for several seeds, and Linear forward/backward values."""
import math

import torch

from fixture import write_fixture


def main():
    cases = {'linear': [], 'sequential': [], 'init': [], 'gain': {}, 'forward': []}
    for seed in (0, 1, 42, 1234):
        for (fan_in, fan_out, bias, dtype) in ((1, 1, True, 'float32'), (3, 2, True, 'float32'), (5, 4, False, 'float32'),
                                               (2, 7, True, 'float64'), (0, 3, True, 'float32')):
            torch.manual_seed(seed)
            lin = torch.nn.Linear(fan_in, fan_out, bias=bias, dtype=getattr(torch, dtype))
            cases['linear'].append({'seed': seed, 'in': fan_in, 'out': fan_out, 'bias': bias, 'dtype': dtype,
                                    'weight': lin.weight, 'biasValues': lin.bias if bias else None,
                                    'after': torch.rand(2)})
        torch.manual_seed(seed)
        seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
        cases['sequential'].append({'seed': seed, 'stateDict': {k: v for k, v in seq.state_dict().items()}, 'repr': repr(seq)})
    for seed in (0, 3):
        for shape in ((4, 3), (2, 3, 5)):
            for name, call in (
                ('uniform_', lambda w: torch.nn.init.uniform_(w, -2, 3)),
                ('normal_', lambda w: torch.nn.init.normal_(w, 1, 0.5)),
                ('kaimingUniform_', lambda w: torch.nn.init.kaiming_uniform_(w)),
                ('kaimingUniform_a', lambda w: torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5), mode='fan_out')),
                ('kaimingNormal_', lambda w: torch.nn.init.kaiming_normal_(w, nonlinearity='relu')),
                ('xavierUniform_', lambda w: torch.nn.init.xavier_uniform_(w, gain=torch.nn.init.calculate_gain('tanh'))),
                ('xavierNormal_', lambda w: torch.nn.init.xavier_normal_(w)),
            ):
                torch.manual_seed(seed)
                w = torch.empty(*shape)
                call(w)
                cases['init'].append({'seed': seed, 'shape': list(shape), 'name': name, 'values': w})
    for nl, p in (('linear', None), ('conv2d', None), ('sigmoid', None), ('tanh', None), ('relu', None), ('leaky_relu', None),
                  ('leaky_relu', 0.2), ('leaky_relu', math.sqrt(5)), ('selu', None)):
        cases['gain'][f'{nl}:{p}'] = torch.nn.init.calculate_gain(nl, p)
    torch.manual_seed(5)
    for fan_in, shape in ((3, (4, 3)), (3, (3,)), (3, (2, 2, 3)), (1, (50, 1))):
        lin = torch.nn.Linear(fan_in, 2)
        x = torch.randn(*shape, requires_grad=True)
        y = lin(x)
        y.pow(2).sum().backward()
        cases['forward'].append({'in': fan_in, 'weight': lin.weight, 'bias': lin.bias, 'x': x, 'y': y, 'xGrad': x.grad,
                                 'weightGrad': lin.weight.grad, 'biasGrad': lin.bias.grad})
    write_fixture('nn', 'nn_linear', cases)


if __name__ == '__main__':
    main()
