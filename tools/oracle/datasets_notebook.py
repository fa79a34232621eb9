"""The notebooks' data under fixed seeds: torch draws (velocity, speed), NumPy draws (Example 1's starts), the line and the landscape."""
import numpy as np
import torch

from fixture import write_fixture

SEEDS = (0, 1, 42, 1234, 2**32 - 1)


def velocity(seed):
    torch.manual_seed(seed)
    tiempo = torch.arange(0, 20).float()
    velocidad = torch.randn(20) * 3 + 0.75 * (tiempo - 9.5) ** 2 + 1
    return {'seed': seed, 't': tiempo, 'v': velocidad}


def speed(seed):
    torch.manual_seed(seed)
    time = torch.arange(0, 20).float()
    speed = torch.randn(20) + 0.50 * (time - 9.5) ** 2 + 1
    return {'seed': seed, 't': time, 'v': speed}


def velocity_generator(seed):
    # The same draws through an explicit Generator rather than the default one.
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(0, 20).float()
    return {'seed': seed, 'v': torch.randn(20, generator=g) * 3 + 0.75 * (t - 9.5) ** 2 + 1}


def starts(seed, n=5):
    np.random.seed(seed)
    return {'seed': seed, 'n': n, 'X': np.random.rand(n, 2) * 10}


def landscape(x):
    return np.sin(x[:, 0]) * np.cos(x[:, 1]) + np.sin(0.5 * x[:, 0]) * np.cos(0.5 * x[:, 1])


def gradient(x):
    df_x1 = np.cos(x[:, 0]) * np.cos(x[:, 1]) + 0.5 * np.cos(0.5 * x[:, 0]) * np.cos(0.5 * x[:, 1])
    df_x2 = -np.sin(x[:, 0]) * np.sin(x[:, 1]) - 0.5 * np.sin(0.5 * x[:, 0]) * np.sin(0.5 * x[:, 1])
    return np.stack([df_x1, df_x2], axis=1)


def descent(seed, num_puntos=5, num_iteraciones=30, learning_rate=1e-3):
    # Example 1's descenso_gradiente, whole trajectories.
    np.random.seed(seed)
    X = np.random.rand(num_puntos, 2) * 10
    out = [X.copy()]
    for _ in range(num_iteraciones):
        X = X - learning_rate * gradient(X)
        out.append(X.copy())
    return {'seed': seed, 'trajectories': np.array(out)}


pts = np.random.RandomState(7).uniform(-12, 12, size=(40, 2))
pts = np.concatenate([pts, [[0, 0], [np.pi, 0], [0, np.pi], [2 * np.pi, -np.pi], [10, 10]]])

X = np.arange(0, 1, 0.02)
line_numpy = {'X': X, 'y': 0.7 * X + 0.3}
Xt = torch.arange(0, 1, 0.02).unsqueeze(dim=1)
line_torch = {'X': Xt, 'y': 0.7 * Xt + 0.3}

# Other parameters exercise arange's lanes, blocks and tail (torch) and its delta = (start + step) - start (NumPy).
other = dict(start=-1.3, end=2.9, step=0.07, weight=-1.5, bias=0.25)
Xo = np.arange(other['start'], other['end'], other['step'])
Xot = torch.arange(other['start'], other['end'], other['step']).unsqueeze(dim=1)
line_other = {'options': other, 'numpy': {'X': Xo, 'y': other['weight'] * Xo + other['bias']},
              'torch': {'X': Xot, 'y': other['weight'] * Xot + other['bias']}}

write_fixture('datasets', 'datasets_notebook', {
    'velocity': [velocity(s) for s in SEEDS],
    'velocityGenerator': [velocity_generator(s) for s in SEEDS],
    'speed': [speed(s) for s in SEEDS],
    'starts': [starts(s) for s in SEEDS] + [starts(3, 1), starts(11, 12)],
    'descent': [descent(s) for s in (0, 42)],
    'landscape': {'points': pts, 'f': landscape(pts), 'grad': gradient(pts)},
    'lineNumpy': line_numpy,
    'lineTorch': line_torch,
    'lineOther': line_other,
    'fourPoints': {'X': [1.0, 2.0, 3.0, 4.0], 'y': [2.0, 4.0, 6.0, 8.0]},
})
