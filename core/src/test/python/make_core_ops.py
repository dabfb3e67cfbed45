"""Writes ../resources/torch_core_ops.json: PyTorch's answers for core's tensor operations, edge values included.

TorchOracleTest replays every case through Descent (once with the SIMD kernels, once more with the scalar ones in
surefire's scalar-kernels execution) and compares. Each case holds its inputs, PyTorch's float32 result (what a
PyTorch user sees, "expected") and, where rounding matters, the same computation in float64 ("exact"), against
which sums, transcendental functions and softmax are judged. Inputs are stored once, in "tensors", and cases
name them by index.

Values are float32 numbers written as the shortest decimal of their double value (so parsing the double and
rounding to float gives the same bits back); JSON has no literal for the special values, so they are the strings
"nan", "inf", "-inf" and "-0.0".

Deterministic: fixed seeds, no clock. Run from the repository root:
    /usr/bin/python3 core/src/test/python/make_core_ops.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
nan, inf = float("nan"), float("inf")
F32 = torch.float32
F64 = torch.float64

# NaN, infinities, signed zeros, subnormals, the float range's ends, and ordinary numbers; 20 of them.
SPECIALS = [nan, inf, -inf, 0.0, -0.0, 1e-45, -1e-45, 1e-40, 1.1754944e-38, 1e38, -1e38, 3.4028235e38,
            1.0, -1.0, 2.0, -3.0, 0.5, 1.5, -2.5, 7.0]

cases = []
tensors = []  # inputs, each stored once; a case names its inputs by their index here
tensor_index = {}


def f32(values):
    return torch.tensor(values, dtype=F32)


def encode_value(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0.0"
    return v


def enc(t):
    """A tensor as {"shape", "values"}; float64 tensors keep their double values."""
    t = t.detach()
    if t.dtype == torch.bool:
        t = t.to(F32)
    return {"shape": list(t.shape), "values": [encode_value(v) for v in t.reshape(-1).tolist()]}


def input_index(t):
    e = enc(t)
    key = json.dumps(e)
    if key not in tensor_index:
        tensor_index[key] = len(tensors)
        tensors.append(e)
    return tensor_index[key]


def add(name, op, check, inputs, expected, exact=None, positions=None, **params):
    """A case; `positions` (ints) go with a tensor result that comes with positions: sort's, topk's, split's sizes."""
    params = {k: encode_value(v) if isinstance(v, float) else v for k, v in params.items()}
    c = {"name": name, "op": op, "check": check, "inputs": [input_index(t) for t in inputs], "params": params}
    if isinstance(expected, torch.Tensor):
        c["expected"] = enc(expected)
        if positions is not None:
            c["expectedInts"] = positions
    else:
        c["expectedInts"] = expected
    if exact is not None:
        c["exact"] = enc(exact)
    cases.append(c)


def normal(gen, *shape, scale=1.0):
    return (torch.randn(shape, generator=gen, dtype=F64) * scale).to(F32)


def with_specials(gen, n):
    """SPECIALS followed by random normals, n elements in all: the vector loops and the scalar tail both see them."""
    extra = normal(gen, max(0, n - len(SPECIALS)), scale=3.0)
    return torch.cat([f32(SPECIALS), extra])[:n]


# ---------------------------------------------------------------- element-wise, one argument

def unary_cases(gen):
    x = with_specials(gen, 45)
    ramps = {
        "exp": torch.linspace(-110, 95, 1201, dtype=F64).to(F32),
        "log": torch.cat([torch.logspace(-45, 38.5, 1201, dtype=F64).to(F32), f32([0.999, 1.0, 1.001, 2.0])]),
        "tanh": torch.cat([torch.linspace(-12, 12, 1201, dtype=F64).to(F32), f32([1e-30, -1e-30, 20.0, -20.0])]),
        "sigmoid": torch.linspace(-120, 40, 1201, dtype=F64).to(F32),
    }
    ops = {
        "neg": (torch.neg, "exact"), "abs": (torch.abs, "exact"), "square": (torch.square, "exact"),
        "reciprocal": (torch.reciprocal, "exact"), "sqrt": (torch.sqrt, "exact"), "sign": (torch.sign, "exact"),
        "relu": (torch.relu, "exact"), "exp": (torch.exp, "ulp"), "log": (torch.log, "ulp"),
        "tanh": (torch.tanh, "ulp"), "sigmoid": (torch.sigmoid, "ulp"),
    }
    for op, (fn, check) in ops.items():
        inputs = [("specials", x)]
        if op in ramps:
            inputs.append(("sweep", ramps[op]))
        for label, t in inputs:
            add(f"{op} {label}", op, check, [t], fn(t), fn(t.double()) if check == "ulp" else None)


# ---------------------------------------------------------------- element-wise, two arguments

BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum,
    "gt": torch.gt, "ge": torch.ge, "lt": torch.lt, "le": torch.le, "eq": torch.eq, "ne": torch.ne,
    "reluBackward": lambda g, x: torch.ops.aten.threshold_backward(g, x, 0),
}

BROADCAST_SHAPES = [
    ((2, 3, 5), (3, 1)), ((4, 1), (1, 5)), ((5,), (2, 1, 5)), ((), (3, 4)), ((3, 4), ()), ((1,), (7,)),
    ((2, 0, 3), (3,)), ((0,), (1,)), ((3, 1, 37), (1, 4, 1)), ((2, 37), (2, 37)), ((6, 9), (6, 1)),
]


def binary_cases(gen):
    grid_a = f32(SPECIALS).repeat_interleave(len(SPECIALS))
    grid_b = f32(SPECIALS).repeat(len(SPECIALS))
    for op, fn in BINARY.items():
        check = "pow" if op == "pow" else "exact"
        a, b = grid_a, grid_b
        if op == "pow":  # integer and non-integer exponents for negative bases; 0^0
            b = torch.where(torch.arange(len(b)) % 3 == 0, torch.round(b.clamp(-4, 4)), b)
        add(f"{op} specials x specials", op, check, [a, b], fn(a, b), fn(a.double(), b.double()))
        for sa, sb in BROADCAST_SHAPES:
            a = normal(gen, *sa, scale=2.0)
            b = normal(gen, *sb, scale=2.0)
            if op == "pow":
                a = a.abs() + 0.25
            add(f"{op} {list(sa)} with {list(sb)}", op, check, [a, b], fn(a, b), fn(a.double(), b.double()))


SCALARS = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 3.0, -2.0, 1e-45, 1e38, nan, inf, -inf]
SCALAR_OPS = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum,
    "gt": torch.gt, "ge": torch.ge, "lt": torch.lt, "le": torch.le, "eq": torch.eq, "ne": torch.ne,
    # s − x and s / x; torch's own `s / x` operator computes reciprocal(x)·s, two roundings, so the reference
    # divides by the tensor directly, as torch.div does and as Descent's rdiv does.
    "rsub": lambda x, s: torch.sub(s, x), "rdiv": lambda x, s: torch.div(s, x),
}


def scalar_cases(gen):
    x = with_specials(gen, 45)
    for op, fn in SCALAR_OPS.items():
        for s in SCALARS:
            st = torch.tensor(s, dtype=F32)
            check = "pow" if op == "pow" else "exact"
            add(f"{op} scalar {s}", op + "Scalar", check, [x], fn(x, st), fn(x.double(), st.double()), s=s)


def clamp_cases(gen):
    x = with_specials(gen, 45)
    for lo, hi in [(-1.0, 1.0), (0.0, 1.0), (-inf, 0.0), (0.0, inf), (2.0, 2.0), (-0.0, 0.0), (1e-45, 1e38),
                   (-inf, inf)]:
        add(f"clamp [{lo}, {hi}]", "clamp", "exact", [x], torch.clamp(x, lo, hi), lo=lo, hi=hi)


def fused_cases(gen):
    y = with_specials(gen, 45)
    x = normal(gen, 45, scale=3.0)
    for alpha, beta in [(0.5, 1.0), (-3.0, 0.25), (1e38, 1.0), (0.0, -1.0), (nan, 1.0)]:
        add(f"axpy alpha={alpha}", "axpy", "fused", [y, x], y + alpha * x,
            y.double() + alpha * x.double(), alpha=alpha)
        add(f"axpby alpha={alpha} beta={beta}", "axpby", "fused", [y, x], alpha * x + beta * y,
            alpha * x.double() + beta * y.double(), alpha=alpha, beta=beta)
    for v in [nan, -0.0, 3.5]:
        add(f"fill {v}", "fill", "exact", [y], torch.full_like(y, v), value=v)
    add("copyFrom", "copyFrom", "exact", [y, x], x.clone())


# ---------------------------------------------------------------- reductions

def reduction_inputs(gen):
    """Named tensors whose slices along every axis hold the cases reductions get wrong."""
    ties = torch.randint(-3, 4, (4, 5, 6), generator=gen).to(F32)  # many exact ties for max/min/argmax
    spec = normal(gen, 4, 37)
    spec[0, 5], spec[0, 30] = nan, nan  # two NaNs: argmax must give the first
    spec[1, 3], spec[1, 20] = inf, inf
    spec[2, 7], spec[2, 8] = inf, -inf  # +inf and -inf in one slice: sum NaN
    spec[3, :] = -inf
    zeros = f32([[-0.0, 0.0, -0.0], [0.0, -0.0, -0.0], [-0.0, -0.0, -0.0]])
    huge = torch.full((2, 35), 3e38, dtype=F32)
    huge[1, ::2] = -3e38  # alternating: exact sum 3e38, but a float running sum may overflow
    offset = (1e4 + normal(gen, 3, 33) * 1e-2)  # large mean next to a small spread (variance)
    sub = f32([[1e-45, 2e-45, -1e-45, 1e-40], [1.1754942e-38, 1e-45, 0.0, -0.0]])
    return {
        "normal [37]": normal(gen, 37),
        "normal [3,37]": normal(gen, 3, 37),
        "normal [4,5,6]": normal(gen, 4, 5, 6),
        "long [2,300]": normal(gen, 2, 300) + 1.0,
        "ties [4,5,6]": ties,
        "specials [4,37]": spec,
        "signed zeros [3,3]": zeros,
        "huge [2,35]": huge,
        "offset [3,33]": offset,
        "subnormals [2,4]": sub,
        "ones axis [1,5]": normal(gen, 1, 5),
        "ones axis [5,1]": normal(gen, 5, 1),
        "empty axis [2,0,3]": torch.zeros(2, 0, 3),
        "all -inf [3,4]": torch.full((3, 4), -inf),
        "+inf and -inf columns [3,2]": f32([[inf, -inf], [inf, -inf], [1.0, -inf]]),
        "all NaN [2,3]": torch.full((2, 3), nan),
    }


def reduction_cases(gen):
    for label, x in reduction_inputs(gen).items():
        d = x.double()
        empty = x.numel() == 0
        add(f"sum all {label}", "sumAll", "sum", [x], x.sum(), d.sum())
        add(f"mean all {label}", "meanAll", "mean", [x], x.mean(), d.mean())
        for unbiased in (False, True):
            add(f"variance all unbiased={unbiased} {label}", "varianceAll", "variance", [x],
                x.var(unbiased=unbiased), d.var(unbiased=unbiased), unbiased=unbiased)
        if not empty:
            add(f"max all {label}", "maxAll", "exact", [x], x.max())
            add(f"min all {label}", "minAll", "exact", [x], x.min())
            add(f"argmax all {label}", "argmaxAll", "index", [x], [int(x.argmax())])
        for axis in range(x.dim()):
            for keep in (False, True):
                p = {"axis": axis, "keepDims": keep}
                tag = f"axis {axis} keepDims={keep} {label}"
                add(f"sum {tag}", "sum", "sum", [x], x.sum(axis, keep), d.sum(axis, keep), **p)
                add(f"mean {tag}", "mean", "mean", [x], x.mean(axis, keep), d.mean(axis, keep), **p)
                add(f"logSumExp {tag}", "logSumExp", "logSumExp", [x], torch.logsumexp(x, axis, keep),
                    torch.logsumexp(d, axis, keep), **p)
                for unbiased in (False, True):
                    add(f"variance unbiased={unbiased} {tag}", "variance", "variance", [x],
                        x.var(axis, unbiased=unbiased, keepdim=keep), d.var(axis, unbiased=unbiased, keepdim=keep),
                        unbiased=unbiased, **p)
                if x.shape[axis] > 0:
                    add(f"max {tag}", "max", "exact", [x], x.amax(axis, keep), **p)
                    add(f"min {tag}", "min", "exact", [x], x.amin(axis, keep), **p)
            if x.shape[axis] > 0:
                add(f"argmax axis {axis} {label}", "argmax", "index", [x],
                    x.argmax(axis).reshape(-1).tolist(), axis=axis)
            add(f"softmax axis {axis} {label}", "softmax", "softmax", [x], torch.softmax(x, axis),
                torch.softmax(d, axis), axis=axis)
            add(f"logSoftmax axis {axis} {label}", "logSoftmax", "logSoftmax", [x], torch.log_softmax(x, axis),
                torch.log_softmax(d, axis), axis=axis)
    extremes = f32([[1e4, -1e4, 0.0], [-inf, -inf, -inf], [-inf, 0.0, -inf], [inf, 1.0, 2.0], [nan, 1.0, 2.0],
                    [-1e4, -1e4, -1e4], [88.0, 89.0, 90.0], [-3e38, 3e38, 0.0]])
    for fn, op in [(torch.softmax, "softmax"), (torch.log_softmax, "logSoftmax")]:
        for axis in (0, 1):
            add(f"{op} extremes axis {axis}", op, op, [extremes], fn(extremes, axis), fn(extremes.double(), axis),
                axis=axis)
    add("logSumExp extremes axis 1", "logSumExp", "logSumExp", [extremes], torch.logsumexp(extremes, 1),
        torch.logsumexp(extremes.double(), 1), axis=1, keepDims=False)
    for n in (0, 1, 5, 37, 100):
        a, b = normal(gen, n), normal(gen, n)
        add(f"dot n={n}", "dot", "dot", [a, b], torch.dot(a, b), torch.dot(a.double(), b.double()))
    a = f32([1.0, inf, 2.0, 0.0])
    add("dot with inf", "dot", "dot", [a, a], torch.dot(a, a), torch.dot(a.double(), a.double()))
    add("dot 0 * inf", "dot", "dot", [a, a.flip(0)], torch.dot(a, a.flip(0)), torch.dot(a.double(), a.flip(0).double()))


def broadcast_to_cases(gen):
    for small, big in [((3, 1), (2, 3, 5)), ((5,), (4, 5)), ((), (2, 2)), ((1, 1), (3, 4)), ((4, 1, 37), (4, 3, 37)),
                       ((1,), (0,))]:
        x = normal(gen, *small)
        add(f"broadcastTo {list(small)} -> {list(big)}", "broadcastTo", "exact", [x], x.broadcast_to(big),
            shape=list(big))
        y = normal(gen, *big)
        if y.numel() > 3:  # a NaN, an infinity, and +inf with -inf folded into one element
            y.view(-1)[:4] = f32([nan, inf, inf, -inf])
        lead = len(big) - len(small)
        axes = tuple(range(lead)) + tuple(lead + k for k, d in enumerate(small) if d == 1 and big[lead + k] != 1)
        yd = y.double()
        r32 = y.sum(axes, keepdim=True) if axes else y.clone()
        r64 = yd.sum(axes, keepdim=True) if axes else yd.clone()
        add(f"sumTo {list(big)} -> {list(small)}", "sumTo", "sumTo", [y], r32.reshape(small), r64.reshape(small),
            shape=list(small))


# ---------------------------------------------------------------- layout and factories

def layout_cases(gen):
    for shape in [(3, 37), (1, 5), (5, 1), (0, 3), (33, 65)]:
        x = normal(gen, *shape)
        add(f"transpose {list(shape)}", "transpose", "exact", [x], x.t().contiguous())
    x = with_specials(gen, 24).reshape(2, 3, 4)
    for dims in [(4, 6), (-1, 2), (2, -1, 3), (24,), (1, 24, 1)]:
        add(f"reshape {list(dims)}", "reshape", "exact", [x], x.reshape(dims), dims=list(dims))
    add("flatten", "flatten", "exact", [x], x.reshape(-1))
    m = normal(gen, 6, 4)
    for lo, hi in [(0, 6), (2, 4), (3, 3), (5, 6)]:
        add(f"rows {lo}..{hi}", "rows", "exact", [m], m[lo:hi], **{"from": lo, "to": hi})
    add("row 4", "row", "exact", [m], m[4], index=4)
    for idx in [[5, 0, 0, 3], [], [2]]:
        add(f"gatherRows {idx}", "gatherRows", "exact", [m], m[torch.tensor(idx, dtype=torch.long)], indices=idx)
    a, b, c = normal(gen, 2, 3), normal(gen, 2, 5), normal(gen, 2, 0)
    add("concat axis 1", "concat", "exact", [a, b, c], torch.cat([a, b, c], 1), axis=1)
    add("concat axis -1", "concat", "exact", [a, b], torch.cat([a, b], -1), axis=-1)
    p, q = normal(gen, 1, 3, 2), normal(gen, 4, 3, 2)
    add("concat axis 0", "concat", "exact", [p, q, p], torch.cat([p, q, p], 0), axis=0)


def factory_cases():
    for n in (0, 1, 5, -3):
        add(f"arange {n}", "arange", "exact", [], torch.arange(max(n, 0), dtype=F32), n=n)
    for start, end, step in [(0.0, 1.0, 0.1), (1.0, -1.0, -0.3), (0.5, 10.2, 0.7), (-3.0, 3.0, 0.25),
                             (0.0, 1e-3, 1e-4), (5.0, 5.0, 1.0), (1e7, 1e7 + 10, 3.0)]:
        s, e, st = (float(np.float32(v)) for v in (start, end, step))  # Descent's arguments are floats
        add(f"arange [{start}, {end}) step {step}", "arangeRange", "exact", [],
            torch.arange(s, e, st, dtype=F32), start=s, end=e, step=st)
    for n in (0, 1, 4):
        add(f"eye {n}", "eye", "exact", [], torch.eye(n, dtype=F32), n=n)


def matmul_cases(gen):
    for m, k, n in [(3, 4, 5), (1, 37, 1), (17, 33, 9), (2, 0, 3), (0, 3, 4), (3, 4, 0)]:
        a, b = normal(gen, m, k), normal(gen, k, n)
        add(f"matmul [{m},{k}]x[{k},{n}]", "matmul", "matmul", [a, b], a @ b, a.double() @ b.double())
    a = f32([[1.0, nan, 0.0], [inf, 1.0, 2.0], [1.0, 2.0, 3.0]])
    b = f32([[1.0, 0.0], [0.0, 1.0], [inf, -1.0]])
    add("matmul NaN and inf", "matmul", "matmul", [a, b], a @ b, a.double() @ b.double())
    # gemm: C = alpha·op(A)·op(B) + beta·C; with beta = 0, C is not read (torch.addmm ignores its NaN too)
    for (m, k, n), alpha, beta, ta, tb in [((3, 4, 5), 2.0, -1.0, False, True), ((5, 33, 7), 0.5, 0.0, True, False),
                                           ((4, 3, 2), 1.0, 0.5, True, True), ((2, 0, 3), 1.0, 3.0, False, False)]:
        a = normal(gen, k, m) if ta else normal(gen, m, k)
        b = normal(gen, n, k) if tb else normal(gen, k, n)
        c = normal(gen, m, n)
        if beta == 0.0:
            c[0, 0] = nan
        opa, opb = (a.t() if ta else a), (b.t() if tb else b)
        add(f"gemm alpha={alpha} beta={beta} transA={ta} transB={tb} [{m},{k}]x[{k},{n}]", "gemm", "matmul",
            [a, b, c], torch.addmm(c, opa, opb, beta=beta, alpha=alpha),
            torch.addmm(c.double(), opa.double(), opb.double(), beta=beta, alpha=alpha),
            alpha=alpha, beta=beta, transA=ta, transB=tb)


def allclose_cases():
    pairs = [([1.0, 2.0], [1.0, 2.0 + 1e-6]), ([inf], [inf]), ([inf], [-inf]), ([nan], [nan]), ([1.0], [1.1]),
             ([0.0], [1e-9]), ([1e38], [1.00001e38]), ([1.0], [inf]), ([inf], [1.0]), ([-3e38], [-inf]),
             ([3e38], [-3e38]), ([-0.0], [0.0])]
    for a, b in pairs:
        ta, tb = f32(a), f32(b)
        add(f"allClose {a} {b}", "allClose", "exact", [ta, tb], torch.tensor(float(torch.allclose(ta, tb)), dtype=F32),
            rtol=1e-5, atol=1e-8)


def more_reduction_cases():
    """argmin, std, prod, the vector norms and any/all: added after every older case, from a generator of their own,
    so that the older cases (and the tensors they name) are the same bytes as before."""
    gen = torch.Generator().manual_seed(20261125)
    inputs = reduction_inputs(gen)
    inputs.update({
        "zeros in rows [3,4]": f32([[2.0, 0.0, 4.0, 1.0], [0.0, 0.0, 3.0, 1.0], [1.5, -2.0, 0.5, 3.0]]),
        "ties for argmin [3,5]": f32([[3.0, 1.0, 1.0, 2.0, 1.0], [0.0, -0.0, 0.0, 0.0, 0.0],
                                      [-1.0, 5.0, -1.0, -1.0, 2.0]]),
        "NaN after ties [2,4]": f32([[1.0, nan, 0.0, nan], [-inf, 2.0, -inf, nan]]),
        "one element [1,1]": f32([[-2.5]]),
        "near one [3,40]": 1.0 + normal(gen, 3, 40, scale=0.1),
    })
    for label, x in inputs.items():
        d = x.double()
        nonempty = x.numel() > 0
        for unbiased in (False, True):
            add(f"std all unbiased={unbiased} {label}", "stdAll", "std", [x], x.std(unbiased=unbiased),
                d.std(unbiased=unbiased), unbiased=unbiased)
        add(f"prod all {label}", "prodAll", "prod", [x], x.prod(), d.prod())
        for p in (1.0, 2.0, inf):
            if p != inf or nonempty:
                add(f"norm p={p} all {label}", "normAll", "exact" if p == inf else "norm", [x],
                    torch.linalg.vector_norm(x, p), torch.linalg.vector_norm(d, p), p=p)
        add(f"any all {label}", "anyAll", "exact", [x], x.bool().any())
        add(f"all all {label}", "allAll", "exact", [x], x.bool().all())
        if nonempty:
            add(f"argmin all {label}", "argminAll", "index", [x], [int(x.argmin())])
        for axis in range(x.dim()):
            if x.shape[axis] > 0:
                add(f"argmin axis {axis} {label}", "argmin", "index", [x], x.argmin(axis).reshape(-1).tolist(),
                    axis=axis)
            for keep in (False, True):
                q = {"axis": axis, "keepDims": keep}
                tag = f"axis {axis} keepDims={keep} {label}"
                for unbiased in (False, True):
                    add(f"std unbiased={unbiased} {tag}", "std", "std", [x],
                        x.std(axis, unbiased=unbiased, keepdim=keep), d.std(axis, unbiased=unbiased, keepdim=keep),
                        unbiased=unbiased, **q)
                add(f"prod {tag}", "prod", "prod", [x], x.prod(axis, keepdim=keep), d.prod(axis, keepdim=keep), **q)
                for p in (1.0, 2.0, inf):
                    if p != inf or x.shape[axis] > 0:
                        add(f"norm p={p} {tag}", "norm", "exact" if p == inf else "norm", [x],
                            torch.linalg.vector_norm(x, p, axis, keep), torch.linalg.vector_norm(d, p, axis, keep),
                            p=p, **q)
                add(f"any {tag}", "any", "exact", [x], x.bool().any(axis, keep), **q)
                add(f"all {tag}", "all", "exact", [x], x.bool().all(axis, keep), **q)


def stable_sort(x, dim, descending):
    """torch.sort's stable order (ties by index, NaN largest, -0 = +0); its default agrees on slices of <= 16."""
    values, indices = torch.sort(x, stable=True, dim=dim, descending=descending)
    if x.dim() > 0 and x.shape[dim] <= 16:
        default = torch.sort(x, dim, descending)
        assert torch.equal(default.indices, indices), "unstable default on a short slice"
    return values, indices


def tensor_api_cases():
    """unsqueeze/squeeze, permute, transpose, movedim, flip, narrow, split/chunk, stack, tril/triu, where, one_hot,
    gather, scatter_add, sort/argsort/topk and cumsum/cumprod: after every older case, from a generator of their own,
    so that the older cases are the same bytes as before."""
    gen = torch.Generator().manual_seed(20261126)
    x = with_specials(gen, 60).reshape(3, 4, 5)
    v = normal(gen, 2, 3, 4, 5)
    big = normal(gen, 35, 40)  # 32-blocks and partial ones: the blocked copy
    for t, label in [(x, "[3,4,5]"), (torch.zeros(2, 0, 3), "[2,0,3]"), (torch.tensor(1.5), "scalar")]:
        for dim in range(-t.dim() - 1, t.dim() + 1):
            add(f"unsqueeze {dim} {label}", "unsqueeze", "exact", [t], t.unsqueeze(dim), dim=dim)
    ones = normal(gen, 1, 3, 1, 4, 1)
    add("squeeze all [1,3,1,4,1]", "squeezeAll", "exact", [ones], ones.squeeze())
    for dim in range(-5, 5):
        add(f"squeeze {dim} [1,3,1,4,1]", "squeeze", "exact", [ones], ones.squeeze(dim), dim=dim)
    add("squeeze 0 of a scalar", "squeeze", "exact", [torch.tensor(2.0)], torch.tensor(2.0).squeeze(0), dim=0)
    for t, dims in [(x, (2, 0, 1)), (x, (0, 2, 1)), (x, (1, 0, 2)), (x, (-1, -2, -3)), (v, (0, 2, 1, 3)),
                    (v, (3, 1, 2, 0)), (v, (1, 3, 0, 2)), (big, (1, 0)), (torch.zeros(2, 0, 3), (2, 1, 0)),
                    (torch.tensor(3.0), ())]:
        add(f"permute {list(t.shape)} by {list(dims)}", "permute", "exact", [t], t.permute(dims), dims=list(dims))
    for t, d0, d1 in [(x, 0, 2), (x, -1, 1), (x, 1, 1), (v, 1, 3), (big, 0, -1), (torch.tensor(3.0), 0, -1)]:
        add(f"transpose {d0} {d1} of {list(t.shape)}", "transposeDims", "exact", [t], t.transpose(d0, d1),
            dim0=d0, dim1=d1)
    for src, dst in [(0, 2), (2, 0), (-1, 1), (1, 1)]:
        add(f"movedim {src} -> {dst}", "movedim", "exact", [v], v.movedim(src, dst), source=src, destination=dst)
    for t, dims in [(x, (0,)), (x, (2,)), (x, (0, 2)), (x, (-1, 1, 0)), (x, ()), (big, (1,)), (big, (0,)),
                    (torch.zeros(2, 0, 3), (1,)), (torch.tensor(-0.0), (0,))]:
        add(f"flip {list(t.shape)} along {list(dims)}", "flip", "exact", [t], t.flip(dims), dims=list(dims))
    for dim, start, length in [(0, 1, 2), (1, 0, 4), (2, 3, 2), (-1, -2, 2), (1, 2, 0), (2, 5, 0), (0, -3, 3)]:
        add(f"narrow dim {dim} start {start} length {length}", "narrow", "exact", [x], x.narrow(dim, start, length),
            dim=dim, start=start, length=length)
    for t, size, dim in [(x, 2, 1), (x, 5, 2), (x, 1, 0), (x, 3, -1), (x, 7, 2), (torch.zeros(2, 0, 3), 2, 1),
                         (torch.zeros(2, 0, 3), 0, 1)]:
        pieces = torch.split(t, size, dim)
        add(f"split {list(t.shape)} by {size} along {dim}", "split", "exact", [t], torch.cat(pieces, dim),
            positions=[p.shape[dim] for p in pieces], size=size, dim=dim)
    for sizes, dim in [([1, 0, 2], 0), ([5], 2), ([2, 1, 1], -2)]:
        pieces = torch.split(x, sizes, dim)
        add(f"split by sizes {sizes} along {dim}", "splitSizes", "exact", [x], torch.cat(pieces, dim),
            positions=[p.shape[dim] for p in pieces], sizes=sizes, dim=dim)
    for t, chunks, dim in [(x, 2, 1), (x, 3, 1), (x, 4, 2), (x, 7, 0), (normal(gen, 6), 4, 0),
                           (torch.zeros(2, 0, 3), 3, 1)]:
        pieces = torch.chunk(t, chunks, dim)
        add(f"chunk {list(t.shape)} in {chunks} along {dim}", "chunk", "exact", [t], torch.cat(pieces, dim),
            positions=[p.shape[dim] for p in pieces], chunks=chunks, dim=dim)
    a, b, c = normal(gen, 3, 4), normal(gen, 3, 4), normal(gen, 3, 4)
    for dim in range(-3, 3):
        add(f"stack of three [3,4] along {dim}", "stack", "exact", [a, b, c], torch.stack([a, b, c], dim), dim=dim)
    add("stack of one scalar", "stack", "exact", [torch.tensor(2.0)], torch.stack([torch.tensor(2.0)]), dim=0)
    for t in [x, normal(gen, 5, 3), normal(gen, 2, 6)]:
        for k in [0, 1, -1, 2, -3, 10, -10]:
            add(f"tril {k} of {list(t.shape)}", "tril", "exact", [t], t.tril(k), k=k)
            add(f"triu {k} of {list(t.shape)}", "triu", "exact", [t], t.triu(k), k=k)
    for cs, as_, bs in [((3, 4), (3, 4), (3, 4)), ((3, 1), (4,), ()), ((2, 1, 4), (3, 1), (1, 3, 4)),
                        ((45,), (45,), (45,)), ((0, 3), (3,), (1,))]:
        cond = (torch.rand(cs, generator=gen) > 0.5).to(F32)
        if cond.numel() > 3:
            cond.view(-1)[:3] = f32([nan, -0.0, 2.0])  # NaN counts as true, -0 as false
        ta = with_specials(gen, 45)[:int(np.prod(as_))].reshape(as_) if as_ == (45,) else normal(gen, *as_)
        tb = with_specials(gen, 45).flip(0)[:int(np.prod(bs))].reshape(bs) if bs == (45,) else normal(gen, *bs)
        add(f"where {list(cs)} {list(as_)} {list(bs)}", "where", "exact", [cond, ta, tb],
            torch.where(cond != 0, ta, tb))
    for idx, classes in [([0, 2, 1, 2], -1), ([[1, 0], [3, 3]], 5), ([], 3), ([4], -1)]:
        ti = torch.tensor(idx, dtype=torch.long)
        add(f"oneHot {idx} classes {classes}", "oneHot", "exact", [ti.to(F32)],
            F.one_hot(ti, classes).to(F32), classes=classes)
    m = normal(gen, 4, 6)
    for dim, shape in [(0, (3, 6)), (1, (4, 9)), (1, (2, 3)), (0, (7, 2)), (-1, (4, 0))]:
        hi = m.shape[dim]
        idx = torch.randint(0, hi, shape, generator=gen)
        add(f"gather dim {dim} index {list(shape)}", "gather", "exact", [m, idx.to(F32)], torch.gather(m, dim, idx),
            dim=dim)
        src = normal(gen, shape[0] + 1, shape[1] + 2)
        add(f"scatterAdd dim {dim} index {list(shape)}", "scatterAdd", "exact", [m, idx.to(F32), src],
            torch.scatter_add(m, dim, idx, src), dim=dim)
    t3 = normal(gen, 3, 4, 5)
    idx3 = torch.randint(0, 4, (2, 6, 3), generator=gen)
    add("gather dim 1 of [3,4,5] by [2,6,3]", "gather", "exact", [t3, idx3.to(F32)], torch.gather(t3, 1, idx3), dim=1)
    ties = torch.randint(-2, 3, (4, 37), generator=gen).to(F32)
    sortables = {"specials [3,4,5]": x, "ties [4,37]": ties, "normal [2,3,4,5]": v,
                 "special row [1,20]": f32(SPECIALS).reshape(1, 20), "empty axis [2,0,3]": torch.zeros(2, 0, 3),
                 "scalar": torch.tensor(-0.0)}
    for label, t in sortables.items():
        for dim in range(-max(t.dim(), 1), max(t.dim(), 1)):
            for descending in (False, True):
                values, indices = stable_sort(t, dim, descending)
                tag = f"dim {dim} descending={descending} {label}"
                add(f"sort {tag}", "sort", "exact", [t], values, positions=indices.reshape(-1).tolist(), dim=dim,
                    descending=descending)
                add(f"argsort {tag}", "argsort", "index", [t], indices.reshape(-1).tolist(), dim=dim,
                    descending=descending)
            n = t.shape[dim] if t.dim() > 0 else 1
            ks = [1] if t.dim() == 0 else [0] if n == 0 else sorted({1, n // 2} | ({0, n} if n == 20 else set()))
            for k in ks:
                for largest in (True, False):
                    values, indices = stable_sort(t, dim, largest)
                    if t.dim() > 0:
                        values, indices = values.narrow(dim, 0, k), indices.narrow(dim, 0, k)
                    top = torch.topk(t, k, dim, largest, True)
                    assert torch.equal(top.values.isnan(), values.isnan()) and \
                        torch.equal(top.values.nan_to_num(), values.nan_to_num()), "topk's values are the sort's head"
                    tag = f"k={k} dim {dim} largest={largest} {label}"
                    add(f"topk {tag}", "topk", "exact", [t], values, positions=indices.reshape(-1).tolist(), k=k,
                        dim=dim, largest=largest, sorted=True)
                    # unsorted: Descent's order, by position along the axis (torch leaves it unspecified)
                    if t.dim() > 0 and k == n // 2:
                        position, order = torch.sort(indices, dim)
                        add(f"topk unsorted {tag}", "topk", "exact", [t], torch.gather(values, dim, order),
                            positions=position.reshape(-1).tolist(), k=k, dim=dim, largest=largest, sorted=False)
    long = normal(gen, 2, 700) * 100
    for t, label in [(x, "specials [3,4,5]"), (v, "normal [2,3,4,5]"), (long, "long [2,700]"),
                     (torch.zeros(2, 0, 3), "[2,0,3]"), (torch.tensor(2.5), "scalar")]:
        for dim in [-1] if t is long else range(-max(t.dim(), 1), max(t.dim(), 1)):
            add(f"cumsum dim {dim} {label}", "cumsum", "exact", [t], torch.cumsum(t, dim), dim=dim)
            near_one = t if label.startswith("specials") else 1 + t / 1e3
            add(f"cumprod dim {dim} {label}", "cumprod", "exact", [near_one], torch.cumprod(near_one, dim), dim=dim)


def main():
    gen = torch.Generator().manual_seed(20261124)
    unary_cases(gen)
    binary_cases(gen)
    scalar_cases(gen)
    clamp_cases(gen)
    fused_cases(gen)
    reduction_cases(gen)
    broadcast_to_cases(gen)
    layout_cases(gen)
    factory_cases()
    matmul_cases(gen)
    allclose_cases()
    more_reduction_cases()
    tensor_api_cases()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch_core_ops.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "tensors": tensors, "cases": cases}, f, separators=(",", ":"),
                  allow_nan=False)
        f.write("\n")
    print(f"{len(cases)} cases -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
