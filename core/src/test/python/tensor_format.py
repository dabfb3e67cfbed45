"""Writes ../resources/tensor_format.json: how PyTorch prints a set of float32 tensors.

TensorFormatTest rebuilds each tensor from its shape and values and expects Descent's toString to print the same
text (apart from the ", shape=[...]" Descent appends to abbreviated tensors).
Run: /usr/bin/python3 core/src/test/python/tensor_format.py
"""
import json
import math
import os

import torch

nan, inf = float("nan"), float("inf")
cases = {
    "integers": torch.tensor([1.0, 2.0, 3.0]),
    "integer matrix, widths from the widest": torch.tensor([[1.0, -2.0], [3.0, 400.0]]),
    "fixed point": torch.tensor([1.5, 2.25]),
    "scientific: ratio over 1000": torch.tensor([100000.0, 1.0]),
    "scientific: small values": torch.tensor([1e-5, 1.0]),
    "scientific: integers over 1e8": torch.tensor([123456789.0, 1.0]),
    "non-finite, fixed point": torch.tensor([nan, 1.5, -inf]),
    "non-finite, integers": torch.tensor([nan, 1.0, inf]),
    "scalar": torch.tensor(3.0),
    "scalar fraction": torch.tensor(-0.125),
    "negative zero": torch.tensor([-0.0, 0.5]),
    "all zeros, rank 3": torch.zeros(2, 2, 3),
    "wraps at 80 columns": torch.arange(30.0),
    "rank 3 fixed point": torch.arange(24.0).reshape(2, 3, 4) / 7 - 1,
    "rounding half to even on the exact value": torch.tensor([0.00015, 0.12345, 2.5, 1e8]),
    "summarized matrix": torch.arange(2000.0).reshape(40, 50),
    "summarized vector": torch.arange(1001.0) * 0.5,
    "summarized rank 3": torch.arange(1200.0).reshape(10, 12, 10) - 600,
}


def encode(v):
    return v if math.isfinite(v) else str(v)


out = [
    {
        "name": name,
        "shape": list(t.shape),
        "values": [encode(v) for v in t.reshape(-1).tolist()],
        "text": str(t),
    }
    for name, t in cases.items()
]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "tensor_format.json")
with open(path, "w") as f:
    f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(case) for case in out))
    f.write("\n]}\n")
