"""PyTorch 1.13's float32 matmul, mm, mv, bmm and dot on this machine (Debian torch on OpenBLAS 0.3.21, SkylakeX
kernels), for the bit-exactness tests of @descent/tensor's matmul kernels. Writes
packages/tensor/test/fixtures/tensor_matmul.json.

Operands come from a xorshift32 stream both sides replay, in case order (a, then b); each case gives their shapes and
layouts ('c' contiguous, 't' the transpose of a contiguous array
seen through .t() / .transpose(-1, -2), 'w' the first columns of a wider array, 'e' every second column, 's2' a
1-D view taking every second element), so the JS side can rebuild
the same strides, and torch's float32 result as base64 little-endian float32 bytes."""
import base64

import numpy as np
import torch

from fixture import write_fixture

torch.set_num_threads(1)
state = [2024]


def xorshift32():
    x = state[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    state[0] = x
    return x


def values(shape):
    """Float32 values from the xorshift32 stream that the test replays (see tensor_matmul.test.ts): a 24-bit signed
    mantissa times 2^(e - 23) with e from -6..6 per call and 0..3 more per element, so sums round in many ways."""
    n = int(np.prod(shape)) if len(shape) else 1
    e = int(xorshift32() % 13) - 6
    out = np.empty(n, np.float32)
    for i in range(n):
        x = xorshift32()
        out[i] = np.float32(((x >> 8) - (1 << 23)) * 2.0 ** (e + (x & 3) - 23))
    return out.reshape(shape)


def b64(t):
    return base64.b64encode(t.detach().contiguous().numpy().astype('<f4').tobytes()).decode()


def build(x, layout):
    if layout == 'c':
        return torch.from_numpy(np.ascontiguousarray(x))
    if layout == 't':
        # .copy() gives standard strides; np.ascontiguousarray may keep an odd stride on a size-1 dim, which
        # changes the BLAS flags aten picks.
        return torch.from_numpy(np.swapaxes(x, -1, -2).copy()).transpose(-1, -2)
    if layout == 'w':
        # a slice of a wider row-major buffer: row stride > row length
        buf = np.zeros(x.shape[:-1] + (x.shape[-1] + 3,), np.float32)
        buf[..., :x.shape[-1]] = x
        return torch.from_numpy(buf)[..., :x.shape[-1]]
    if layout == 'e':
        # every other column of a buffer: no unit stride, so aten copies it before calling BLAS
        buf = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), np.float32)
        buf[..., ::2] = x
        return torch.from_numpy(buf)[..., ::2]
    if layout == 's2':
        buf = np.zeros(2 * x.shape[0], np.float32)
        buf[::2] = x
        return torch.from_numpy(buf)[::2]
    raise ValueError(layout)


cases = []
addmm_cases = []


def addmm_case(m, k, n, lb, note):
    """F.linear's addmm: bias [n] + a [m, k] @ b [k, n], b usually W.t()."""
    bias, a, b = values([n]), values([m, k]), values([k, n])
    out = torch.addmm(torch.from_numpy(bias), build(a, 'c'), build(b, lb))
    addmm_cases.append({'note': note, 'bias': [n], 'a': [m, k], 'b': [k, n], 'lb': lb, 'out': b64(out)})


def case(op, a, b, la='c', lb='c', note=''):
    ta, tb = build(a, la), build(b, lb)
    out = torch.dot(ta, tb) if op == 'dot' else torch.matmul(ta, tb)
    cases.append({
        'op': op, 'note': note, 'a': list(a.shape), 'la': la, 'b': list(b.shape), 'lb': lb,
        'shape': list(out.shape), 'out': b64(out),
    })


# The notebooks' Linear(1, 1) on 4 and 35 samples: forward x @ W.t(), backward grad @ W and grad.t() @ x (K = batch).
for batch in (4, 35):
    case('matmul', values([batch, 1]), values([1, 1]), 'c', 't', f'Linear(1,1) forward, batch {batch}')
    case('matmul', values([batch, 1]), values([1, 1]), 'c', 'c', f'Linear(1,1) grad_input, batch {batch}')
    case('matmul', values([1, batch]), values([batch, 1]), 't', 'c', f'Linear(1,1) grad_weight = grad.t() @ x, batch {batch}')
case('matmul', values([4, 1]), values([1, 1]), note='[4,1] @ [1,1]')
case('matmul', values([1, 4]), values([4, 1]), note='[1,4] @ [4,1]')
case('matmul', values([35, 1]), values([1, 1]), note='[35,1] @ [1,1]')

# dot: unit strides for every length 0..64 and some longer; strided views.
for n in list(range(0, 65)) + [65, 72, 96, 100, 127, 128, 160, 200, 256, 300, 784]:
    case('dot', values([n]), values([n]), note='dot')
for n in [1, 2, 3, 4, 5, 8, 17, 31, 32, 33, 40, 64]:
    case('dot', values([n]), values([n]), 's2', 'c', note='dot, strided x')
    case('dot', values([n]), values([n]), 'c', 's2', note='dot, strided y')

# mm: all four layouts over small M, N and K below and above 32.
sizes = [1, 2, 3, 5, 8, 16, 17, 33, 40]
for m in sizes:
    for n in sizes:
        for k in [1, 2, 3, 4, 7, 8, 15, 16, 24, 31, 32, 33, 40, 64]:
            if (m * 7 + n * 3 + k) % 3:
                continue  # a third of the grid keeps the fixture small; every M, N and K still appears
            for la in ('c', 't'):
                for lb in ('c', 't'):
                    case('matmul', values([m, k]), values([k, n]), la, lb, 'mm')

# Around OpenBLAS's thresholds: the TN small kernel (M*N <= 1200), small kernels (M*N*K <= 10^6), K blocks of 320.
for (m, k, n, la, lb) in [(30, 64, 40, 'c', 't'), (31, 64, 39, 'c', 't'), (40, 64, 31, 'c', 't'), (20, 700, 20, 'c', 't'),
                          (30, 1000, 30, 'c', 't'), (40, 625, 40, 'c', 't'), (25, 1600, 25, 'c', 't'),
                          (35, 900, 35, 'c', 't'), (10, 1000, 100, 'c', 'c'), (10, 1001, 100, 'c', 'c'),
                          (64, 340, 64, 'c', 'c'), (64, 333, 64, 'c', 't'), (16, 333, 80, 'c', 't'),
                          (40, 700, 30, 't', 'c'), (40, 700, 30, 't', 't'), (1, 784, 300, 'c', 'c'),
                          (1, 784, 300, 'c', 't'), (1, 784, 300, 't', 't'), (1300, 784, 1, 'c', 'c'),
                          (3, 784, 3, 'c', 'c'), (3, 784, 3, 't', 'c'), (1, 784, 1, 'c', 'c'), (100, 300, 100, 't', 'c')]:
    case('matmul', values([m, k]), values([k, n]), la, lb, 'mm, large K')

# Other strides: row-major with a longer row stride ('w'), and no unit stride at all ('e', copied by aten).
for (m, k, n) in [(5, 40, 7), (1, 40, 9), (7, 64, 1), (4, 20, 3), (33, 33, 17)]:
    for la in ('c', 't', 'w', 'e'):
        for lb in ('c', 't', 'w', 'e'):
            case('matmul', values([m, k]), values([k, n]), la, lb, 'mm, strided')

# 1-D @ 2-D is mm with one row.
for k in [1, 2, 4, 9, 16, 31, 32, 40]:
    for n in [1, 3, 8, 17]:
        case('matmul', values([k]), values([k, n]), 'c', 'c', 'vector @ matrix')
        case('matmul', values([k]), values([k, n]), 'c', 't', 'vector @ matrix')

# mv: 2-D @ 1-D, both layouts of the matrix.
for r in [1, 2, 3, 4, 5, 8, 9, 35]:
    for k in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 40]:
        for la in ('c', 't'):
            case('matmul', values([r, k]), values([k]), la, 'c', 'mv')

# batched: aten's own loop below K*M*N = 400, per-batch sgemm from there; broadcast and 1-D operands.
for (bt, m, k, n) in [(2, 3, 4, 5), (3, 4, 8, 4), (2, 7, 7, 7), (1, 3, 7, 19), (2, 4, 10, 10), (4, 8, 8, 8),
                      (2, 10, 10, 10), (2, 16, 16, 16), (3, 20, 20, 2), (2, 5, 31, 5), (2, 40, 20, 40),
                      (2, 4, 40, 3), (2, 1, 4, 1), (5, 35, 1, 1), (3, 1, 35, 1)]:
    for la in ('c', 't'):
        for lb in ('c', 't'):
            case('matmul', values([bt, m, k]), values([bt, k, n]), la, lb, 'bmm')
for (bt, m, k, n) in [(2, 20, 64, 20), (3, 5, 40, 17), (2, 9, 100, 6), (2, 30, 400, 30)]:
    for la in ('c', 't'):
        for lb in ('c', 't'):
            case('matmul', values([bt, m, k]), values([bt, k, n]), la, lb, 'bmm, large K')
case('matmul', values([2, 1, 3, 4]), values([5, 4, 2]), note='bmm, broadcast batch')
case('matmul', values([4, 10, 64]), values([64, 9]), 'c', 't', note='3-D @ 2-D folds into mm')
case('matmul', values([4, 10, 64]), values([64, 9]), 'c', 'c', note='3-D @ 2-D folds into mm')
case('matmul', values([3, 40]), values([2, 40, 5]), note='2-D @ 3-D')
case('matmul', values([3, 4]), values([2, 4, 5]), note='2-D @ 3-D')
case('matmul', values([6]), values([2, 6, 3]), note='1-D @ 3-D')
# 3-D @ 2-D and 3-D @ 1-D fold into mm and mv.
case('matmul', values([2, 3, 4]), values([4, 5]), note='3-D @ 2-D folds into mm')
case('matmul', values([2, 3, 20]), values([20, 5]), 'c', 't', note='3-D @ 2-D folds into mm')
case('matmul', values([2, 3, 4]), values([4]), note='3-D @ 1-D folds into mv')

# addmm (F.linear with a bias), drawn after every other case: the bias joins before the first K block.
for (m, k, n, lb) in [(4, 1, 1, 't'), (35, 1, 1, 't'), (8, 20, 5, 't'), (16, 64, 10, 't'), (5, 40, 9, 'c'),
                      (64, 340, 64, 't'), (40, 300, 100, 't'), (128, 784, 10, 't'), (128, 784, 30, 'c'), (33, 700, 40, 't')]:
    addmm_case(m, k, n, lb, 'addmm')

# Stretch: an MNIST-sized layer, x [128, 784] @ W.t() with W [256, 784]; only a slice of the result is stored.
torch.manual_seed(0)
x = torch.randn(128, 784)
w = torch.randn(256, 784)
big = torch.matmul(x, w.t())
stretch = {'seed': 0, 'x': [128, 784], 'w': [256, 784], 'firstDraws': x.reshape(-1)[:4].tolist(),
           'rows': [0, 1, 127], 'out': b64(big[[0, 1, 127]])}

write_fixture('tensor', 'tensor_matmul', {'cases': cases, 'addmm': addmm_cases, 'stretch': stretch})
