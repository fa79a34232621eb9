"""Runs every notebook part that apps/replay replays, under PyTorch 1.13 / NumPy 1.24 / scikit-learn 1.2, for a few
seeds, and writes apps/replay/test/fixtures/replay_notebooks.json.

Each function below is the notebook's own code (../shared/seeds/*.txt), with the seed set first where the part draws
random numbers, and with what the notebook printed or plotted recorded instead of shown. Deviations from the notebook
text, each forced by running under PyTorch 1.13:
- Example 3's `torch.optim.SGD(params)` has no lr; PyTorch 1.13 requires one, and current PyTorch defaults it to 1e-3,
  so lr=1e-3 is passed explicitly.
- Example 3 saves the state dict with torch.save to a temporary file (the replay uses safetensors; both round-trip
  float32 exactly).
"""
import io
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import write_fixture  # noqa: E402

SEEDS = [0, 1, 42]


def f32(t):
    """A float32 tensor or numpy value as a list of Python floats (exact float32 values)."""
    if isinstance(t, torch.Tensor):
        return t.detach().double().tolist()
    return np.asarray(t, dtype=np.float64).tolist()


# ---------------------------------------------------------------- 003 PART 1 (NumPy, by hand)
def part_manual(epochs=10, lr=0.01):
    X = np.array([1, 2, 3, 4], dtype=np.float32)
    y = np.array([2, 4, 6, 8], dtype=np.float32)
    w = 0.0

    def forward(x):
        return w * x

    def loss(y, y_pred):
        return ((y - y_pred) ** 2).mean()

    def gradient(x, y, y_pred):
        return np.dot(2 * x, y_pred - y).mean()

    records, lines = [], []
    for epoch in range(epochs):
        y_pred = forward(X)
        l = loss(y, y_pred)
        dw = gradient(X, y, y_pred)
        # the true MSE gradient, (2/n) X^T (wX - y), printed beside the notebook's one
        true_dw = (2 * X * (y_pred - y)).mean()
        w -= lr * dw
        records.append({'epoch': epoch + 1, 'w': float(w), 'loss': float(l), 'dw': float(dw), 'true_dw': float(true_dw)})
        lines.append(f'Epoch {epoch+1}/{epochs}: w = {w:.3f}, loss = {l:.8f}')
    return {'records': records, 'lines': lines, 'w_type': type(w).__name__}


# ---------------------------------------------------------------- 003 PART 2 (autograd, manual update)
def part_autograd(epochs=30, lr=0.01):
    X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
    y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)
    w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)

    def forward(x):
        return w * x

    def loss(y, y_pred):
        return ((y - y_pred) ** 2).mean()

    records, lines = [], []
    for epoch in range(epochs):
        y_pred = forward(X)
        l = loss(y, y_pred)
        l.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        records.append({'epoch': epoch + 1, 'w': w.item(), 'loss': l.item()})
        lines.append(f'Epoch {epoch+1}/{epochs}: w = {w:.3f}, loss = {l:.8f}')
        if l < 0.001:
            break
    return {'records': records, 'lines': lines}


# ---------------------------------------------------------------- 003 PART 3 (MSELoss and SGD)
def part_loss_optim(epochs=30, lr=0.01):
    X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
    y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)
    w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)

    def forward(x):
        return w * x

    pytorch_loss = nn.MSELoss()
    optimizer = torch.optim.SGD([w], lr=lr)
    records, lines = [], []
    for epoch in range(epochs):
        y_pred = forward(X)
        l = pytorch_loss(y, y_pred)
        l.backward()
        optimizer.step()
        optimizer.zero_grad()
        records.append({'epoch': epoch + 1, 'w': w.item(), 'loss': l.item()})
        lines.append(f'Epoch {epoch+1}/{epochs}: w = {w:.3f}, loss = {l:.8f}')
        if l < 0.001:
            break
    return {'records': records, 'lines': lines}


# ---------------------------------------------------------------- 003 PART 4 and the custom LinearRegression module
class LinearRegression(nn.Module):
    def __init__(self, input_dim, output_dim):
        super(LinearRegression, self).__init__()
        self.lin = nn.Linear(input_dim, output_dim)

    def forward(self, x):
        return self.lin(x)


def part_module(seed, custom=False, epochs=30, lr=0.01, init=None):
    X = torch.tensor([[1], [2], [3], [4]], dtype=torch.float32)
    y = torch.tensor([[2], [4], [6], [8]], dtype=torch.float32)
    n_samples, n_features = X.shape
    input_size, output_size = n_features, y.shape[1]
    if seed is not None:
        torch.manual_seed(seed)
    model = LinearRegression(input_size, output_size) if custom else nn.Linear(input_size, output_size)
    if init is not None:
        with torch.no_grad():
            w_, b_ = model.parameters()
            w_.fill_(init[0])
            b_.fill_(init[1])
    w0, b0 = [p.item() for p in model.parameters()]
    pytorch_loss = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    records, lines = [], []
    for epoch in range(epochs):
        y_pred = model(X)
        l = pytorch_loss(y, y_pred)
        l.backward()
        optimizer.step()
        optimizer.zero_grad()
        [w, b] = model.parameters()
        records.append({'epoch': epoch + 1, 'w': w.item(), 'b': b.item(), 'loss': l.item()})
        lines.append(f'Epoch {epoch+1}/{epochs}: w = {w.item():.3f}, b = {b.item():.2f} loss = {l:.4f}')
        if l < 0.001:
            break
    return {'w0': w0, 'b0': b0, 'records': records, 'lines': lines}


# ---------------------------------------------------------------- 000/001 Example 1 (NumPy landscape)
def function(input):
    return np.sin(input[:, 0]) * np.cos(input[:, 1]) + np.sin(0.5 * input[:, 0]) * np.cos(0.5 * input[:, 1])


def gradiente(input):
    df_x1 = np.cos(input[:, 0]) * np.cos(input[:, 1]) + 0.5 * np.cos(0.5 * input[:, 0]) * np.cos(0.5 * input[:, 1])
    df_x2 = -np.sin(input[:, 0]) * np.sin(input[:, 1]) - 0.5 * np.sin(0.5 * input[:, 0]) * np.sin(0.5 * input[:, 1])
    return np.stack([df_x1, df_x2], axis=1)


def part_landscape(seed, num_puntos=5, num_iteraciones=30, learning_rate=1e-3):
    np.random.seed(seed)
    X = np.random.rand(num_puntos, 2) * 10
    trayectorias = [X.copy()]
    for _ in range(num_iteraciones):
        X = X - learning_rate * gradiente(input=X)
        trayectorias.append(X.copy())
    t = np.array(trayectorias)
    return {'trajectories': t.tolist(), 'values': [function(p).tolist() for p in t]}


# ---------------------------------------------------------------- 000/001 Example 2 (velocity, manual update)
def part_velocity(seed, num_epochs=20, lr=1e-5):
    torch.manual_seed(seed)
    tiempo = torch.arange(0, 20).float()
    velocidad = torch.randn(20) * 3 + 0.75 * (tiempo - 9.5) ** 2 + 1

    def funcion(instante_tiempo, parametros):
        a, b, c = parametros
        return a * (instante_tiempo ** 2) + b * instante_tiempo + c

    def loss_function(predicted, real):
        return (real - predicted).square().mean()

    out = {'time': f32(tiempo), 'velocity': f32(velocidad)}
    parametros = torch.randn(3, requires_grad=True)
    out['params0'] = f32(parametros)
    out['params0_repr'] = repr(parametros)
    predicciones = funcion(instante_tiempo=tiempo, parametros=parametros)
    out['preds0'] = f32(predicciones)
    out['preds0_repr'] = repr(predicciones)
    perdida = loss_function(predicciones, velocidad)
    out['loss0'] = perdida.item()
    out['loss0_repr'] = repr(perdida)
    perdida.backward()
    out['grad0'] = f32(parametros.grad)
    out['grad0_repr'] = repr(parametros.grad)
    parametros.data = parametros.data - lr * parametros.grad.data
    parametros.grad = None
    predicciones = funcion(instante_tiempo=tiempo, parametros=parametros)
    out['params1'] = f32(parametros)
    out['preds1'] = f32(predicciones)

    def apply_step_training(tiempo, parametros_aprendibles, datos_a_predecir, lr=1e-5):
        predicciones = funcion(instante_tiempo=tiempo, parametros=parametros_aprendibles)
        perdida = loss_function(predicted=predicciones, real=datos_a_predecir)
        perdida.backward()
        with torch.no_grad():
            parametros_aprendibles -= lr * parametros_aprendibles.grad
        parametros_aprendibles.grad.zero_()
        return predicciones, parametros_aprendibles, perdida

    parametros_aprendibles = torch.randn(3, requires_grad=True)
    out['train_params0'] = f32(parametros_aprendibles)
    records, lines = [], []
    for epoch in range(num_epochs):
        predicciones, parametros_aprendibles, perdida = apply_step_training(
            tiempo=tiempo, parametros_aprendibles=parametros_aprendibles, datos_a_predecir=velocidad, lr=lr)
        a, b, c = f32(parametros_aprendibles)
        records.append({'epoch': epoch + 1, 'loss': perdida.item(), 'a': a, 'b': b, 'c': c, 'preds': f32(predicciones)})
        lines.append(f'Epoch {epoch+1}, loss: {perdida}')
    out['records'] = records
    out['lines'] = lines
    return out


# ---------------------------------------------------------------- 000/001 Example 3 (Linear module, L1Loss, SGD)
class Linear(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(data=torch.rand(1), requires_grad=True)
        self.bias = nn.Parameter(data=torch.rand(1), requires_grad=True)

    def forward(self, input_tensor):
        return self.weight * input_tensor + self.bias


def part_linear_module(seed, num_epochs=50, lr=1e-3):
    import warnings
    from sklearn.model_selection import train_test_split

    torch.manual_seed(seed)
    X = np.arange(0, 1, 0.02)
    y = 0.7 * X + 0.3
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=42)
    out = {'X_train': X_train.tolist(), 'X_test': X_test.tolist(), 'y_train': y_train.tolist(), 'y_test': y_test.tolist()}
    X_train = torch.from_numpy(X_train.astype(np.float32))
    X_test = torch.from_numpy(X_test.astype(np.float32))
    y_train = torch.from_numpy(y_train.astype(np.float32))
    y_test = torch.from_numpy(y_test.astype(np.float32))

    linear_model = Linear()
    out['state0'] = {k: f32(v) for k, v in linear_model.state_dict().items()}
    linear_model.eval()
    with torch.no_grad():
        predictions = linear_model(X_test)
    with torch.inference_mode():
        predictions_2 = linear_model(X_test)
    out['predictions_no_grad'] = f32(predictions)
    out['predictions_inference'] = f32(predictions_2)

    loss_fn = nn.L1Loss()
    optimizer = torch.optim.SGD(linear_model.parameters(), lr=lr)
    records, lines = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for epoch in range(num_epochs):
            epoch_losses_train = []
            epoch_losses_test = []
            linear_model.train()
            for x, y_true in zip(X_train, y_train):
                optimizer.zero_grad()
                output_model = linear_model(x)
                loss = loss_fn(output_model, y_true)
                loss.backward()
                optimizer.step()
                epoch_losses_train.append(loss.item())
            linear_model.eval()
            with torch.inference_mode():
                for x, y_true in zip(X_test, y_test):
                    output_model = linear_model(x)
                    loss = loss_fn(output_model, y_true)
                    epoch_losses_test.append(loss.item())
            records.append({'epoch': epoch + 1, 'train_loss': float(np.mean(epoch_losses_train)),
                            'test_loss': float(np.mean(epoch_losses_test)),
                            'weight': linear_model.weight.item(), 'bias': linear_model.bias.item()})
            lines.append(f'Epoch: {epoch+1}, Train Loss: {np.mean(epoch_losses_train):.4f}, '
                         f'Test Loss: {np.mean(epoch_losses_test):.4f}')
    out['warnings'] = sorted({str(w.message) for w in caught})
    out['records'] = records
    out['lines'] = lines
    with torch.inference_mode():
        predictions_trained = linear_model(X_test)
    out['predictions_trained'] = f32(predictions_trained)
    buf = io.BytesIO()
    torch.save(linear_model.state_dict(), buf)
    buf.seek(0)
    linear_model_loaded = Linear()
    out['state_loaded_fresh'] = {k: f32(v) for k, v in linear_model_loaded.state_dict().items()}
    linear_model_loaded.load_state_dict(torch.load(buf, weights_only=True))
    linear_model_loaded.eval()
    with torch.inference_mode():
        predictions_loaded = linear_model_loaded(X_test)
    out['predictions_loaded'] = f32(predictions_loaded)
    return out


# ---------------------------------------------------------------- 002 (x squared, seven steps on speed data)
def part_x_squared():
    def f(x):
        return x ** 2

    xt = torch.tensor(3.).requires_grad_()
    yt = f(xt)
    out = {'x': xt.item(), 'y': yt.item(), 'y_repr': repr(yt)}
    yt.backward()
    out['grad'] = xt.grad.item()
    out['grad_repr'] = repr(xt.grad)
    return out


def part_speed(seed, steps=10, lr=1e-5, plotted=4):
    torch.manual_seed(seed)
    time = torch.arange(0, 20).float()
    speed = torch.randn(20) + 0.50 * (time - 9.5) ** 2 + 1

    def f(t, params):
        a, b, c = params
        return a * (t ** 2) + (b * t) + c

    def mse(preds, targets):
        return ((preds - targets) ** 2).mean()

    out = {'time': f32(time), 'speed': f32(speed)}
    params = torch.randn(3).requires_grad_()
    out['params0'] = f32(params)
    out['params0_repr'] = repr(params)
    preds = f(time, params)
    loss = mse(preds, speed)
    out['loss0'] = loss.item()
    out['loss0_repr'] = repr(loss)
    loss.backward()
    out['grad0'] = f32(params.grad)
    out['grad0_repr'] = repr(params.grad)
    params.data -= lr * params.grad.data
    params.grad = None
    preds = f(time, params)
    out['loss1_repr'] = repr(mse(preds, speed))

    def apply_step(params, prn=True):
        preds = f(time, params)
        loss = mse(preds, speed)
        loss.backward()
        params.data -= lr * params.grad.data
        params.grad = None
        return preds, loss

    records, lines = [], []
    for i in range(steps + plotted):
        preds, loss = apply_step(params, i < steps)
        if i < steps:
            lines.append(repr(loss.item()))
        records.append({'step': i + 1, 'loss': loss.item(), 'params': f32(params), 'preds': f32(preds)})
    out['records'] = records
    out['lines'] = lines
    return out


def main():
    cases = {
        'manual': part_manual(),
        'autograd': part_autograd(),
        'loss-optim': part_loss_optim(),
        'x-squared': part_x_squared(),
        'module': {str(s): part_module(s) for s in SEEDS},
        'custom-module': {str(s): part_module(s, custom=True) for s in SEEDS},
        'landscape': {str(s): part_landscape(s) for s in SEEDS},
        'velocity': {str(s): part_velocity(s) for s in SEEDS},
        'linear-module': {str(s): part_linear_module(s) for s in SEEDS},
        'speed': {str(s): part_speed(s) for s in SEEDS},
        # np.mean of Python float lists of many lengths: NumPy's pairwise summation, which Example 3's log uses
        'np_mean': [[v, float(np.mean(v))] for v in
                    (np.random.RandomState(3).randn(n).tolist() for n in (1, 3, 7, 8, 9, 15, 16, 17, 35, 100, 128, 129, 300, 1000))],
        # the same parts with other learning rates and lengths, for --lr and --epochs
        'options': {
            'manual_lr0.02_epochs5': part_manual(epochs=5, lr=0.02),
            'autograd_lr0.05_epochs12': part_autograd(epochs=12, lr=0.05),
            'module_seed1_lr0.05_epochs8': part_module(1, epochs=8, lr=0.05),
            'speed_seed42_lr2e-5_steps6': part_speed(42, steps=6, lr=2e-5, plotted=0),
        },
    }
    assert not math.isnan(cases['manual']['records'][-1]['w'])
    write_fixture('replay', 'replay_notebooks', cases)


if __name__ == '__main__':
    main()
