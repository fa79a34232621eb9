"""The notebooks' autograd step (003 PART 2: f(x) = 2x, w 0-d, loss = mean((y - w x)^2), lr 0.01) for 100 epochs,
with every float32 loss, gradient and weight, so descent can be held to PyTorch bit for bit."""
import torch
from fixture import write_fixture

X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
Y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)
w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
steps = []
for epoch in range(100):
    loss = ((Y - w * X) ** 2).mean()
    loss.backward()
    grad = w.grad.item()
    with torch.no_grad():
        w -= 0.01 * w.grad
    w.grad.zero_()
    steps.append({'loss': loss.item(), 'grad': grad, 'w': w.item(), 'lossRepr': repr(loss), 'wRepr': repr(w)})
write_fixture('autograd', 'autograd_notebook', steps)
