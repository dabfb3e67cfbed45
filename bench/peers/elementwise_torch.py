"""PyTorch peer of dev.descent.bench.ElementwiseBenchmark: the same operations at the same shapes, one thread.

Run: /usr/bin/python3 bench/peers/elementwise_torch.py
Prints microseconds per call (best of several timed runs), in the order of the JMH benchmark.
"""
import timeit

import torch

torch.set_num_threads(1)
N = 128
OPS = {
    "biasAdd": lambda x, g, b: x + b,
    "biasGradient": lambda x, g, b: g.sum(0),
    "relu": lambda x, g, b: torch.relu(x),
    "reluBackward": lambda x, g, b: torch.ops.aten.threshold_backward(g, x, 0),  # what relu's backward runs
    "softmax": lambda x, g, b: torch.softmax(x, 1),
    "logSoftmax": lambda x, g, b: torch.log_softmax(x, 1),
    "batchMean": lambda x, g, b: x.mean(0),
    "batchVariance": lambda x, g, b: x.var(0, unbiased=False),
    "exp": lambda x, g, b: torch.exp(x),
    "tanh": lambda x, g, b: torch.tanh(x),
    "sigmoid": lambda x, g, b: torch.sigmoid(x),
    "sum": lambda x, g, b: x.sum(),
}

print("torch", torch.__version__, "threads", torch.get_num_threads())
for width in (784, 256, 128, 10):
    gen = torch.Generator().manual_seed(42)
    x = torch.randn(N, width, generator=gen) * 3
    g = torch.randn(N, width, generator=gen)
    b = torch.randn(width, generator=gen)
    for name, op in OPS.items():
        op(x, g, b)
        number = 2000
        best = min(timeit.repeat(lambda: op(x, g, b), number=number, repeat=5)) / number
        print(f"{name:14s} width={width:4d} {best * 1e6:9.3f} us")
