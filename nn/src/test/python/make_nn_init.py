"""Writes nn-init.json, the PyTorch oracle that InitReferenceTest replays: the exact parameters of the distribution
every torch.nn.init initializer Descent offers draws from, for a grid of shapes and arguments, as PyTorch 1.13 computes
them.

Run from the repository root:  /usr/bin/python3 nn/src/test/python/make_nn_init.py
It overwrites nn/src/test/resources/nn-init.json; the output is deterministic, so a rerun changes nothing unless this
script does.

Descent draws its samples from its own seeded generator, so samples cannot be compared; what must agree is the
distribution. To get it from PyTorch's real code path (fans, calculate_gain, nn.Linear.reset_parameters) rather than
from a re-derivation here, Tensor.uniform_ and Tensor.normal_ are wrapped to record the arguments PyTorch passes them:
a uniform initializer's bound is the `to` it passes to uniform_, a normal one's std the `std` it passes to normal_.
An initializer that returns without sampling (PyTorch's no-op on zero-element tensors) records nothing.

Format:
  gain[]:        {"nonlinearity", "param" (absent for PyTorch's default), "gain"}
  fans[]:        {"shape", "fan_in", "fan_out"}
  xavier[]:      {"shape", "gain", "uniform_bound", "normal_std"}
  kaiming[]:     {"shape", "a", "mode", "nonlinearity", "uniform_bound", "normal_std"}; both null for a no-op
  linear[]:      {"in", "out", "weight_bound", "bias_bound"}   (nn.Linear(in, out).reset_parameters)
  batchnorm:     {"features", "state": {name: values}}          (a fresh nn.BatchNorm1d's state_dict)
  trunc_normal[]:{"mean", "std", "a", "b", "moments": [mean, variance]} of the truncated normal (closed form)
  orthogonal[]:  {"shape", "gain", "gaussian": the (rows, numel/rows) N(0, 1) matrix PyTorch drew (seeded here),
                  "expected": the tensor orthogonal_ made of it, row-major}
  eye[]:         {"shape", "expected"}
"""
import json
import math

import torch
import torch.nn as nn

OUT = "nn/src/test/resources/nn-init.json"
torch.set_default_dtype(torch.float64)
GEN = torch.Generator().manual_seed(20261125)

CALLS = []
_uniform, _normal = torch.Tensor.uniform_, torch.Tensor.normal_


def recording_uniform(self, a=0.0, b=1.0, **kw):
    CALLS.append(("uniform", a, b))
    return _uniform(self, a, b, **kw)


def recording_normal(self, mean=0.0, std=1.0, **kw):
    CALLS.append(("normal", mean, std))
    return _normal(self, mean, std, **kw)


torch.Tensor.uniform_ = recording_uniform
torch.Tensor.normal_ = recording_normal


def drawn(init, tensor, kind):
    """The bound (uniform: the symmetric interval's upper end) or std PyTorch's `init` sampled `tensor` with."""
    CALLS.clear()
    init(tensor)
    if not CALLS:
        return None
    assert len(CALLS) == 1 and CALLS[0][0] == kind, CALLS
    _, lo_or_mean, hi_or_std = CALLS[0]
    if kind == "uniform":
        assert lo_or_mean == -hi_or_std, CALLS
    else:
        assert lo_or_mean == 0, CALLS
    return float(hi_or_std)


SHAPES = [[3, 5], [7, 2], [1, 1], [64, 784], [4, 3, 5], [6, 2, 3, 3], [2, 3, 1, 4, 5]]
GAINS = [1.0, 0.5, math.sqrt(2.0), 5.0 / 3.0]
SLOPES = [0.0, 0.01, 0.2, math.sqrt(5.0), 1.0]
NONLINEARITIES = ["relu", "leaky_relu", "tanh", "sigmoid", "linear", "selu"]

gain = []
for name in ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
             "sigmoid", "tanh", "relu", "leaky_relu", "selu"]:
    gain.append({"nonlinearity": name, "gain": float(nn.init.calculate_gain(name))})
    for p in SLOPES + [3.0, -0.5]:
        gain.append({"nonlinearity": name, "param": p, "gain": float(nn.init.calculate_gain(name, p))})

fans = []
for s in SHAPES + [[0, 4], [5, 0, 3]]:
    fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(s))
    fans.append({"shape": s, "fan_in": fi, "fan_out": fo})

xavier = []
for s in SHAPES:
    for g in GAINS:
        xavier.append({"shape": s, "gain": g,
                       "uniform_bound": drawn(lambda t: nn.init.xavier_uniform_(t, gain=g), torch.empty(s), "uniform"),
                       "normal_std": drawn(lambda t: nn.init.xavier_normal_(t, gain=g), torch.empty(s), "normal")})

kaiming = []
for s in SHAPES + [[0, 4], [3, 0, 2]]:
    for a in SLOPES:
        for mode in ["fan_in", "fan_out"]:
            for nl in NONLINEARITIES:
                kw = dict(a=a, mode=mode, nonlinearity=nl)
                kaiming.append({"shape": s, "a": a, "mode": mode, "nonlinearity": nl,
                                "uniform_bound": drawn(lambda t: nn.init.kaiming_uniform_(t, **kw), torch.empty(s),
                                                       "uniform"),
                                "normal_std": drawn(lambda t: nn.init.kaiming_normal_(t, **kw), torch.empty(s),
                                                    "normal")})

linear = []
for fan_in, fan_out in [(1, 1), (3, 2), (784, 256), (256, 10), (5, 300), (1000, 1)]:
    CALLS.clear()
    nn.Linear(fan_in, fan_out)  # its constructor calls reset_parameters: the weight, then the bias
    assert [c[0] for c in CALLS] == ["uniform", "uniform"] and all(c[1] == -c[2] for c in CALLS), CALLS
    linear.append({"in": fan_in, "out": fan_out, "weight_bound": CALLS[0][2], "bias_bound": CALLS[1][2]})

bn = nn.BatchNorm1d(5)
batchnorm = {"features": 5, "state": {k: [float(x) for x in v.reshape(-1).tolist()] for k, v in
                                      bn.state_dict().items()}}


def truncated_moments(mean, std, a, b):
    """Mean and variance of N(mean, std²) restricted to [a, b] (Johnson, Kotz & Balakrishnan, §13.10)."""
    alpha, beta = (a - mean) / std, (b - mean) / std
    pdf = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    cdf = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2
    z = cdf(beta) - cdf(alpha)
    m = (pdf(alpha) - pdf(beta)) / z
    v = 1 + (alpha * pdf(alpha) - beta * pdf(beta)) / z - m * m
    return [mean + std * m, std * std * v]


trunc_normal = []
for mean, std, a, b in [(0.0, 1.0, -2.0, 2.0), (0.0, 0.02, -2.0, 2.0), (1.0, 2.0, 0.0, 3.0), (0.0, 1.0, 0.5, 1.5),
                        (-1.0, 0.5, -1.2, 0.0), (0.0, 1.0, -0.1, 0.1)]:
    trunc_normal.append({"mean": mean, "std": std, "a": a, "b": b,
                         "moments": truncated_moments(mean, std, a, b)})

orthogonal = []
for s in [[3, 5], [5, 3], [4, 4], [1, 6], [6, 1], [2, 3, 4], [6, 2, 2]]:
    for g in [1.0, 2.0]:
        rows = s[0]
        gaussian = torch.randn(rows, math.prod(s) // rows, generator=GEN)
        # orthogonal_ draws its matrix with normal_(0, 1); hand it ours instead so Descent can start from the same one.
        torch.Tensor.normal_ = lambda self, mean=0.0, std=1.0: self.copy_(gaussian)
        w = nn.init.orthogonal_(torch.empty(s), gain=g)
        torch.Tensor.normal_ = recording_normal
        orthogonal.append({"shape": s, "gain": g, "gaussian": [float(x) for x in gaussian.reshape(-1).tolist()],
                           "expected": [float(x) for x in w.reshape(-1).tolist()]})

eye = [{"shape": s, "expected": [float(x) for x in nn.init.eye_(torch.empty(s)).reshape(-1).tolist()]}
       for s in [[3, 5], [4, 2], [3, 3]]]

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "gain": gain, "fans": fans, "xavier": xavier, "kaiming": kaiming,
               "linear": linear, "batchnorm": batchnorm, "trunc_normal": trunc_normal, "orthogonal": orthogonal,
               "eye": eye}, f, indent=1)
    f.write("\n")
print("wrote", OUT, len(gain), "gains,", len(xavier), "xavier,", len(kaiming), "kaiming")
