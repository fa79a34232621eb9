"""The PyTorch peer: `python3 pytorch.py <job>` runs one workload on PyTorch's CPU eager mode, one thread.

Each workload is written as the notebooks write it (torch.optim, nn.Linear, loss.item()), with the parameters
the CLI passes as JSON, so the TypeScript and Python peers run the same numbers.
"""

import gc
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)
# Example 3 feeds an (1,)-shaped output and a 0-d target to L1Loss, which warns; Python shows it once anyway.
warnings.simplefilter("ignore")

PEER = "pytorch"


def emit(workload, value, unit, check):
    line = {"peer": PEER, "workload": workload, "value": value, "unit": unit, "check": float(check)}
    print(json.dumps(line, ensure_ascii=False), flush=True)


# Wall time by default; the process's CPU time with --clock cpu (set from the job below).
clock = time.perf_counter


def time_runs(fn, warmup, runs):
    for _ in range(int(warmup)):
        fn()
    times = []
    for _ in range(int(runs)):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return times


def time_for(fn, min_seconds, min_runs):
    fn()
    times = []
    while len(times) < min_runs or sum(times) < min_seconds * 1000:
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return statistics.median(times)


def scalar_loop(lr):
    X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
    y = 2 * X
    w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)

    def step():
        loss = ((y - w * X) ** 2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    return step, w


def loop_scalar(p):
    step, w = scalar_loop(p["lr"])
    for _ in range(p["warmup"]):
        step()
    blocks = []
    for _ in range(p["blocks"]):
        t0 = clock()
        for _ in range(p["blockSize"]):
            step()
        blocks.append((clock() - t0) * 1e6 / p["blockSize"])
    emit("loop-scalar", statistics.median(blocks), "µs/iter", w.item())


class Linear(nn.Module):
    """Example 3's model, with the weight and bias that torch.manual_seed(42) gives it."""

    def __init__(self, weight, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor([weight]), requires_grad=True)
        self.bias = nn.Parameter(torch.tensor([bias]), requires_grad=True)

    def forward(self, input_tensor):
        return self.weight * input_tensor + self.bias


def linear_module(p):
    X = np.arange(0, 1, 0.02)
    y = 0.7 * X + 0.3
    X_train = torch.from_numpy(X[:35].astype(np.float32))
    y_train = torch.from_numpy(y[:35].astype(np.float32))
    X_test = torch.from_numpy(X[35:].astype(np.float32))
    y_test = torch.from_numpy(y[35:].astype(np.float32))
    check = [float("nan")]

    def once():
        model = Linear(p["weight"], p["bias"])
        loss_fn = nn.L1Loss()
        optimizer = torch.optim.SGD(model.parameters(), lr=p["lr"])
        for _ in range(p["epochs"]):
            losses_train = []
            losses_test = []
            model.train()
            for x, y_true in zip(X_train, y_train):
                optimizer.zero_grad()
                loss = loss_fn(model(x), y_true)
                loss.backward()
                optimizer.step()
                losses_train.append(loss.item())
            model.eval()
            with torch.inference_mode():
                for x, y_true in zip(X_test, y_test):
                    loss = loss_fn(model(x), y_true)
                    losses_test.append(loss.item())
            check[0] = sum(losses_test) / len(losses_test)

    times = time_runs(once, p["warmupRuns"], p["runs"])
    emit("linear-module", statistics.median(times), "ms", check[0])


def scalar_graph(p):
    check = [float("nan")]

    def once():
        x = torch.tensor(0.5, requires_grad=True)
        v = x
        for _ in range(p["steps"]):
            v = v * 1.0001 + torch.sin(v) * 0.001
        v.backward()
        check[0] = x.grad.item()

    times = time_runs(once, p["warmup"], p["runs"])
    emit("scalar-graph", statistics.median(times) * 1000 / (4 * p["steps"]), "µs/node", check[0])


def elementwise(p):
    i = np.arange(p["size"])
    a = torch.from_numpy((((i % 7) - 3) * 0.5).astype(np.float32))
    b = torch.from_numpy((((i % 5) - 2) * 0.25).astype(np.float32))
    c = torch.from_numpy(((i % 3) - 1).astype(np.float32))
    out = [None]

    def once():
        out[0] = a * b + c

    times = time_runs(once, p["warmup"], p["runs"])
    emit("elementwise", statistics.median(times), "ms", out[0].double().sum().item())


def mlp(p):
    torch.manual_seed(0)  # as descent seeds its own: repeated processes train the same model
    model = nn.Sequential(nn.Linear(p["inFeatures"], p["hidden"]), nn.ReLU(), nn.Linear(p["hidden"], p["classes"]))
    x = torch.randn(p["batch"], p["inFeatures"])
    labels = torch.randint(0, p["classes"], (p["batch"],))
    optimizer = torch.optim.SGD(model.parameters(), lr=p["lr"], momentum=p["momentum"])
    check = [float("nan")]

    def once():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        check[0] = loss.item()

    times = time_runs(once, p["warmup"], p["runs"])
    emit("mlp", statistics.median(times), "ms/step", check[0])


def matmul(p):
    for n in p["sizes"]:
        i = np.arange(n)[:, None]
        j = np.arange(n)[None, :]
        a = torch.from_numpy((((i + 2 * j) % 9 - 4) / 4).astype(np.float32))
        b = torch.from_numpy((((2 * i + j) % 7 - 3) / 4).astype(np.float32))
        out = [None]

        def once():
            out[0] = a @ b

        ms = time_for(once, p["minSeconds"], p["minRuns"])
        emit(f"matmul-{n}", 2 * n**3 / (ms * 1e6), "GFLOP/s", out[0].double().sum().item())


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory(p):
    step, w = scalar_loop(p["lr"])
    for _ in range(p["warmup"]):
        step()
    gc.collect()
    before = rss_bytes()
    for _ in range(p["iterations"]):
        step()
    gc.collect()
    emit("memory", (rss_bytes() - before) / 1e6, "MB", w.item())


WORKLOADS = {
    "loop-scalar": loop_scalar,
    "linear-module": linear_module,
    "scalar-graph": scalar_graph,
    "elementwise": elementwise,
    "mlp": mlp,
    "matmul": matmul,
    "memory": memory,
}

if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    if job.get("clock") == "cpu":
        clock = time.process_time
    WORKLOADS[job["workload"]](job["params"])
