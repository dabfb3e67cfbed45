#!/usr/bin/env python3
"""PyTorch CPU peer of ConvBenchmark: the convolution and pooling layers of FashionCnn at batch 64.

  conv1  Conv2d(1, 16, 3, padding=1)   on [64, 1, 28, 28]    (the data batch: no input gradient)
  pool1  MaxPool2d(2)                  on [64, 16, 28, 28]
  conv2  Conv2d(16, 32, 3, padding=1)  on [64, 16, 14, 14]   (with the input gradient)
  pool2  MaxPool2d(2)                  on [64, 32, 14, 14]

each as a forward alone (under no_grad) and as forward + backward seeded with a fixed gradient, as ConvBenchmark
times them. Prints ms per call: the median of --rounds rounds, each the mean of enough calls to last ~0.2 s.
Needs Debian's python3-torch; run with /usr/bin/python3. The thread pools (torch's, OpenMP's, OpenBLAS's) are all
set to --threads, so one thread really is one.
Usage: /usr/bin/python3 bench/peers/conv_torch.py [--threads 1,2] [--rounds 7]
"""
import argparse, os, statistics, sys, time

p = argparse.ArgumentParser()
p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
p.add_argument("--rounds", type=int, default=7)
a = p.parse_args()
counts = [int(t) for t in a.threads.split(",")]
if len(counts) > 1:  # the pools are sized at start-up: one process per thread count
    import subprocess
    for t in counts:
        subprocess.run([sys.executable, __file__, "--threads", str(t), "--rounds", str(a.rounds)], check=True)
    sys.exit(0)
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(counts[0])
import torch  # noqa: E402  (after the pool sizes are set)

torch.set_num_threads(counts[0])
torch.manual_seed(42)
N = 64
conv1 = torch.nn.Conv2d(1, 16, 3, padding=1)
conv2 = torch.nn.Conv2d(16, 32, 3, padding=1)
pool = torch.nn.MaxPool2d(2)
x1 = torch.rand(N, 1, 28, 28); g1 = torch.randn(N, 16, 28, 28)
h1 = torch.randn(N, 16, 28, 28); gp1 = torch.randn(N, 16, 14, 14)
x2 = torch.randn(N, 16, 14, 14); g2 = torch.randn(N, 32, 14, 14)
h2 = torch.randn(N, 32, 14, 14); gp2 = torch.randn(N, 32, 7, 7)


def forward(layer, x):
    def run():
        with torch.no_grad():
            return layer(x)
    return run


def forward_backward(layer, x, g, input_grad):
    def run():
        layer.zero_grad(set_to_none=True)
        xin = x.detach().requires_grad_(input_grad)
        layer(xin).backward(g)
        return xin.grad
    return run


cases = [
    ("conv1Forward", forward(conv1, x1)),
    ("conv1ForwardBackward", forward_backward(conv1, x1, g1, False)),
    ("conv2Forward", forward(conv2, x2)),
    ("conv2ForwardBackward", forward_backward(conv2, x2, g2, True)),
    ("pool1Forward", forward(pool, h1)),
    ("pool1ForwardBackward", forward_backward(pool, h1, gp1, True)),
    ("pool2Forward", forward(pool, h2)),
    ("pool2ForwardBackward", forward_backward(pool, h2, gp2, True)),
]
print(f"# pytorch {torch.__version__}, threads={torch.get_num_threads()}, median of {a.rounds} rounds, ms/call")
for name, run in cases:
    for _ in range(20):  # warm-up
        run()
    t = time.perf_counter(); calls = 0
    while time.perf_counter() - t < 0.05:
        run(); calls += 1
    reps = max(1, int(calls * 4))  # ~0.2 s per round
    rounds = []
    for _ in range(a.rounds):
        t = time.perf_counter()
        for _ in range(reps):
            run()
        rounds.append((time.perf_counter() - t) / reps * 1e3)
    print(f"{name:24s} threads={counts[0]}  {statistics.median(rounds):8.3f} ms")
