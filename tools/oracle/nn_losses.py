"""Every loss against PyTorch: values for each reduction, input gradients, warnings and error messages."""
import warnings

import torch
import torch.nn.functional as F

from fixture import write_fixture

FNS = {
    'mseLoss': F.mse_loss, 'l1Loss': F.l1_loss, 'huberLoss': F.huber_loss, 'smoothL1Loss': F.smooth_l1_loss,
    'binaryCrossEntropy': F.binary_cross_entropy, 'binaryCrossEntropyWithLogits': F.binary_cross_entropy_with_logits,
    'nllLoss': F.nll_loss, 'crossEntropy': F.cross_entropy,
}
PY_NAMES = {'ignoreIndex': 'ignore_index', 'labelSmoothing': 'label_smoothing', 'posWeight': 'pos_weight'}


def run(fn, x, target, opts, dtype):
    """One case: the loss for each reduction and the input's gradient of its sum."""
    out = {'fn': fn, 'input': x, 'target': target, 'targetDtype': str(target.dtype).replace('torch.', ''), 'dtype': dtype,
           'options': {k: v for k, v in opts.items()}, 'results': {}}
    for reduction in ('mean', 'sum', 'none'):
        xi = x.clone().to(getattr(torch, dtype)).requires_grad_(True)
        t = target.to(getattr(torch, dtype)) if target.is_floating_point() else target
        kw = {PY_NAMES.get(k, k): (torch.tensor(v, dtype=getattr(torch, dtype)) if k in ('weight', 'posWeight') else v)
              for k, v in opts.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            loss = FNS[fn](xi, t, reduction=reduction, **kw)
        loss.sum().backward()
        out['results'][reduction] = {'value': loss, 'grad': xi.grad, 'warnings': [str(w.message) for w in caught]}
    return out


def main():
    torch.manual_seed(0)
    cases = []
    x = torch.randn(4, 3)
    y = torch.randn(4, 3)
    for dtype in ('float32', 'float64'):
        cases.append(run('mseLoss', x, y, {}, dtype))
        cases.append(run('l1Loss', x, y, {}, dtype))
        cases.append(run('huberLoss', x, y * 2, {}, dtype))
        cases.append(run('huberLoss', x, y * 2, {'delta': 0.5}, dtype))
        cases.append(run('smoothL1Loss', x, y * 2, {}, dtype))
        cases.append(run('smoothL1Loss', x, y * 2, {'beta': 0.5}, dtype))
        cases.append(run('smoothL1Loss', x, y * 2, {'beta': 0.0}, dtype))
    # Broadcasting targets warn (Example 3 of the notebooks: input [n, 1], target [n]).
    cases.append(run('mseLoss', torch.randn(4, 1), torch.randn(4), {}, 'float32'))
    cases.append(run('l1Loss', torch.randn(1), torch.randn(()), {}, 'float32'))
    cases.append(run('l1Loss', torch.randn(()), torch.randn(1), {}, 'float32'))
    cases.append(run('huberLoss', torch.randn(3, 1), torch.randn(1, 2), {}, 'float32'))
    cases.append(run('smoothL1Loss', torch.randn(2, 3), torch.randn(3), {}, 'float32'))
    p = torch.rand(5, 2) * 0.98 + 0.01
    tb = (torch.rand(5, 2) > 0.5).float()
    for dtype in ('float32', 'float64'):
        cases.append(run('binaryCrossEntropy', p, tb, {}, dtype))
        cases.append(run('binaryCrossEntropy', p, torch.rand(5, 2), {'weight': [0.5, 2.0]}, dtype))
        logits = torch.randn(5, 2) * 3
        logits[0, 0], logits[1, 1] = 60.0, -60.0
        cases.append(run('binaryCrossEntropyWithLogits', logits, tb, {}, dtype))
        cases.append(run('binaryCrossEntropyWithLogits', logits, torch.rand(5, 2), {'weight': [[1.5, 0.5]], 'posWeight': [3.0, 0.25]}, dtype))
        logp = torch.randn(6, 4).log_softmax(1)
        tgt = torch.tensor([0, 3, 1, 1, 2, 3])
        cases.append(run('nllLoss', logp, tgt, {}, dtype))
        cases.append(run('nllLoss', logp, tgt, {'weight': [0.1, 0.2, 0.3, 0.4]}, dtype))
        cases.append(run('nllLoss', logp, torch.tensor([0, -100, 1, 1, -100, 3]), {'weight': [1.0, 2.0, 0.5, 1.5]}, dtype))
        cases.append(run('nllLoss', logp, torch.tensor([0, 3, 1, 1, 2, 3]), {'ignoreIndex': 1}, dtype))
        cases.append(run('nllLoss', logp[0], torch.tensor(2), {}, dtype))
        cases.append(run('nllLoss', torch.randn(2, 3, 4).log_softmax(1), torch.tensor([[0, 1, 2, 2], [1, 1, 0, 2]]), {'weight': [1.0, 0.5, 2.0]}, dtype))
        z = torch.randn(6, 4) * 2
        cases.append(run('crossEntropy', z, tgt, {}, dtype))
        cases.append(run('crossEntropy', z, tgt, {'weight': [0.1, 0.2, 0.3, 0.4]}, dtype))
        cases.append(run('crossEntropy', z, torch.tensor([0, 2, 1, 1, 2, 3]), {'ignoreIndex': 2}, dtype))
        cases.append(run('crossEntropy', z, tgt, {'labelSmoothing': 0.1}, dtype))
        cases.append(run('crossEntropy', z, torch.tensor([0, 2, 1, 1, 2, 3]), {'labelSmoothing': 0.2, 'ignoreIndex': 2}, dtype))
        cases.append(run('crossEntropy', z, torch.tensor([0, 2, 1, 1, 2, 3]), {'labelSmoothing': 0.3, 'ignoreIndex': 2, 'weight': [1.0, 2.0, 0.5, 1.5]}, dtype))
        probs = torch.randn(6, 4).softmax(1)
        cases.append(run('crossEntropy', z, probs, {}, dtype))
        cases.append(run('crossEntropy', z, probs, {'labelSmoothing': 0.25, 'weight': [1.0, 2.0, 0.5, 1.5]}, dtype))
        cases.append(run('crossEntropy', z[0], torch.tensor(1), {}, dtype))
        cases.append(run('crossEntropy', z[0], probs[0], {}, dtype))
        cases.append(run('crossEntropy', torch.randn(2, 3, 2, 2), torch.tensor([[[0, 1], [2, 2]], [[1, 0], [0, 2]]]), {'labelSmoothing': 0.1}, dtype))
        cases.append(run('crossEntropy', torch.randn(2, 3, 4), torch.randn(2, 3, 4).softmax(1), {}, dtype))
    # Extreme logits: log_softmax gives -inf for other classes; the loss must stay finite.
    cases.append(run('crossEntropy', torch.tensor([[0.0, -1e4, 200.0]]), torch.tensor([2]), {}, 'float32'))

    errors = []

    def err(fn, x, t, opts):
        kw = {PY_NAMES.get(k, k): (torch.tensor(v) if k in ('weight', 'posWeight') else v) for k, v in opts.items()}
        try:
            FNS[fn](x, t, **kw)
        except Exception as e:  # noqa: BLE001 - recording PyTorch's exception
            errors.append({'fn': fn, 'input': x, 'inputShape': list(x.shape), 'target': t, 'targetShape': list(t.shape),
                           'targetDtype': str(t.dtype).replace('torch.', ''), 'options': opts, 'type': type(e).__name__, 'message': str(e)})
            return
        raise AssertionError(f'{fn} accepted {opts}')

    x3 = torch.randn(3, 4)
    err('mseLoss', x3, x3, {'reduction': 'avg'})
    err('binaryCrossEntropy', torch.tensor([1.5]), torch.tensor([1.0]), {})
    err('binaryCrossEntropy', torch.tensor([0.5, 0.5]), torch.tensor([1.0]), {})
    err('binaryCrossEntropyWithLogits', torch.tensor([0.5, 0.5]), torch.tensor([1.0]), {})
    err('smoothL1Loss', x3, x3, {'beta': -1.0})
    err('huberLoss', x3, x3, {'delta': 0.0})
    err('nllLoss', x3, torch.tensor([0, 1]), {})
    err('nllLoss', x3, torch.tensor([0, 1, 4]), {})
    err('nllLoss', x3, torch.tensor([0, 1, -1]), {})
    err('nllLoss', x3, torch.tensor([0.0, 1, 1]), {})
    err('nllLoss', x3, torch.tensor([0, 1, 1]), {'weight': [1.0, 1.0, 1.0]})
    err('nllLoss', torch.randn(3, 4, 5), torch.tensor([[0, 1, 1, 1]] * 3), {})
    err('nllLoss', torch.randn(3), torch.tensor([0, 1]), {})
    err('nllLoss', torch.randn(2, 3, 4, 5), torch.tensor([0, 1]), {})
    err('nllLoss', torch.randn(2, 3, 4, 5), torch.zeros(2, 4, dtype=torch.long), {})
    err('crossEntropy', x3, torch.tensor([0, 1, 1]), {'labelSmoothing': 1.5})
    err('crossEntropy', x3, torch.randn(3, 4), {'ignoreIndex': 1})
    err('crossEntropy', x3, torch.zeros(3, 4, dtype=torch.long), {})
    err('crossEntropy', x3, torch.randn(3, 4), {'weight': [1.0, 2.0]})
    write_fixture('nn', 'nn_losses', {'cases': cases, 'errors': errors})


if __name__ == '__main__':
    main()
