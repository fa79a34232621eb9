"""PyTorch 1.13's autograd error and warning wording, and text forms, for the scenarios descent pins in tests."""
import warnings
import torch
from fixture import message, write_fixture


def leaf():
    return torch.tensor([1., 2., 3.], requires_grad=True)


def modified_intermediate():
    x = leaf(); y = x * 1; z = y ** 2; y.add_(1); z.sum().backward()


def modified_output():
    x = leaf(); z = (x * 1).exp(); z.add_(1); z.sum().backward()


def modified_leaf_nograd():
    a = torch.tensor([1., 2., 3.]); b = torch.tensor(2., requires_grad=True); z = a * b; a.add_(1); z.sum().backward()


def modified_double_scalar():
    a = torch.tensor(2., dtype=torch.float64, requires_grad=True); b = a * 1; z = b * b; b.mul_(2); z.backward()


def second_backward():
    z = (leaf() ** 2).sum(); z.backward(); z.backward()


def inference_save():
    x = leaf()
    with torch.inference_mode():
        t = torch.ones(3)
    (t * x).sum()


def inference_inplace():
    with torch.inference_mode():
        t = torch.ones(3)
    t.add_(1)


def inference_requires_grad():
    with torch.inference_mode():
        t = torch.ones(3)
    t.requires_grad_()


def nonleaf_grad_warning():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        _ = (leaf() * 2).grad
    # PyTorch appends where in its C++ sources the warning fired; that part is not ours to copy
    return str(w[0].message).split(' (Triggered internally')[0]


def gradcheck_warning():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            torch.autograd.gradcheck(lambda t: t * 2, (torch.tensor([1., 2.], requires_grad=True),))
        except Exception:  # noqa: BLE001
            pass
    return str(w[0].message)


cases = {
    'leafInplace': message(lambda: leaf().add_(1)),
    'leafViewInplace': message(lambda: leaf()[0].add_(1)),
    'modifiedIntermediate': message(modified_intermediate),
    'modifiedOutput': message(modified_output),
    'modifiedLeafNoGrad': message(modified_leaf_nograd),
    'modifiedDoubleScalar': message(modified_double_scalar),
    'secondBackward': message(second_backward),
    'noGradFn': message(lambda: torch.tensor([1., 2.]).sum().backward()),
    'nonScalar': message(lambda: (leaf() * 2).backward()),
    'shapeMismatch': message(lambda: (leaf() * 2).backward(torch.ones(2))),
    'inferenceSave': message(inference_save),
    'inferenceInplace': message(inference_inplace),
    'inferenceRequiresGrad': message(inference_requires_grad),
    'requiresGradNonLeaf': message(lambda: (leaf() * 2).requires_grad_(False)),
    'requiresGradInt': message(lambda: torch.tensor([1, 2]).requires_grad_()),
    'requiresGradIntCtor': message(lambda: torch.tensor([1, 2], requires_grad=True)),
    'gradShape': message(lambda: setattr(leaf(), 'grad', torch.ones(2))),
    'gradDtype': message(lambda: setattr(leaf(), 'grad', torch.ones(3, dtype=torch.float64))),
    'gradUnused': message(lambda: torch.autograd.grad((leaf() * 2).sum(), [leaf()])),
    'gradNoRequires': message(lambda: torch.autograd.grad((leaf() * 2).sum(), [torch.tensor(1.)])),
    'gradcheckNoInputs': message(lambda: torch.autograd.gradcheck(lambda t: t * 2, (torch.tensor([1., 2.], dtype=torch.float64),))),
    'gradcheckMismatch': message(lambda: torch.autograd.gradcheck(
        lambda t: t.detach() * 2 + t, (torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True),))),
    'iterZeroDim': message(lambda: list(torch.tensor(1.))),
    'itemMany': message(lambda: leaf().item()),
    'nonLeafGradWarning': {'type': 'UserWarning', 'message': nonleaf_grad_warning()},
    'gradcheckFloat32Warning': {'type': 'UserWarning', 'message': gradcheck_warning()},
}

x = torch.tensor([1., 2., 3.], requires_grad=True)
w = torch.tensor(3., requires_grad=True)
reprs = {
    'powScalar': repr(w ** 2),
    'leafVector': repr(x),
    'leafScalar': repr(w),
    'sum': repr(x.sum()),
    'detach': repr(x.detach()),
    'doubleLeaf': repr(torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)),
    'doubleToCopy': repr((x * 2).double()),
    'meanSquare': repr(((x - w * x) ** 2).mean()),
    'grad': None,
}
((x * w) ** 2).sum().backward()
reprs['grad'] = repr(x.grad)
reprs['gradW'] = repr(w.grad)
reprs['iterate'] = [repr(t) for t in x]
with torch.no_grad():
    reprs['noGradMul'] = repr(x * 2)
    x.sub_(0.5 * x.grad)
reprs['afterStep'] = repr(x)
reprs['afterStepVersion'] = x._version


def copy_slices():
    """Recorded in-place ops on views: the base becomes CopySlices, the view AsStridedBackward0."""
    out = {}
    x = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)
    y = x * 2; v = y[0:2]; v.mul_(3)
    out['names'] = [type(y.grad_fn).__name__, type(v.grad_fn).__name__]
    out['values'] = y.tolist()
    (y * torch.tensor([1., 10., 100.], dtype=torch.float64)).sum().backward(); out['sliceMul'] = x.grad.tolist()
    x.grad = None
    y = x * 2; w = y[1]; w.add_(x[0]); y.sum().backward(); out['selectAdd'] = x.grad.tolist()
    x.grad = None
    y = x * 2; v = y[0:2]; v.mul_(3); v.sum().backward(); out['throughView'] = x.grad.tolist()
    x.grad = None
    a = torch.zeros(3, dtype=torch.float64); a[1:].copy_(x[:2] * 5); a.sum().backward()
    out['sliceAssign'] = x.grad.tolist(); out['sliceAssignName'] = type(a.grad_fn).__name__
    return out


write_fixture('autograd', 'autograd_errors', {'errors': cases, 'reprs': reprs, 'copySlices': copy_slices()})
