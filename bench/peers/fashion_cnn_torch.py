#!/usr/bin/env python3
"""PyTorch CPU peer of examples/.../FashionCnn.java: the same network, optimizer, batch size and epochs.

Model: Conv2d(1, 16, 3, padding=1) - ReLU - MaxPool2d(2) - Conv2d(16, 32, 3, padding=1) - ReLU - MaxPool2d(2) -
Flatten - Linear(1568, 10); cross-entropy, Adam lr 1e-3, batch 64, shuffled each epoch.
Needs Debian's python3-torch, python3-numpy and dataset-fashion-mnist; run with /usr/bin/python3.
Usage: OMP_NUM_THREADS=2 /usr/bin/python3 bench/peers/fashion_cnn_torch.py [--threads N] [--epochs E] [--data DIR]
Prints per epoch: training seconds, examples/second, test loss and accuracy.
"""
import argparse, gzip, time
import numpy as np, torch
p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--epochs", type=int, default=2)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--seed", type=int, default=42)
p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed)


def read(name, offset, shape):
    with gzip.open(f"{a.data}/{name}") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset).reshape(shape)


Xtr = torch.from_numpy(read("train-images-idx3-ubyte.gz", 16, (-1, 1, 28, 28)).astype(np.float32) / 255)
ytr = torch.from_numpy(read("train-labels-idx1-ubyte.gz", 8, (-1,)).astype(np.int64))
Xte = torch.from_numpy(read("t10k-images-idx3-ubyte.gz", 16, (-1, 1, 28, 28)).astype(np.float32) / 255)
yte = torch.from_numpy(read("t10k-labels-idx1-ubyte.gz", 8, (-1,)).astype(np.int64))
nn = torch.nn
model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
n = Xtr.shape[0]
for epoch in range(a.epochs):
    model.train(); perm = torch.randperm(n); t = time.perf_counter()
    for i in range(0, n, a.batch):
        idx = perm[i:i + a.batch]
        opt.zero_grad(); loss_fn(model(Xtr[idx]), ytr[idx]).backward(); opt.step()
    dt = time.perf_counter() - t
    model.eval()
    with torch.no_grad():
        out = model(Xte)
        loss = loss_fn(out, yte).item(); acc = (out.argmax(1) == yte).float().mean().item()
    print(f"pytorch {torch.__version__} threads={a.threads} epoch={epoch + 1} train_seconds={dt:.3f} "
          f"examples_per_second={n / dt:.0f} test_loss={loss:.4f} test_accuracy={acc:.4f}", flush=True)
