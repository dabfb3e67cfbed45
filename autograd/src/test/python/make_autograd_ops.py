"""Writes autograd-pytorch.json, the PyTorch oracle that PyTorchOpsTest replays: small expressions over Descent's
differentiable operations (broadcasting arithmetic, the functions of one value at their kinks and extremes,
reductions along axes with and without keepdim, ties for max and min (and amax/amin's even split), var's and std's
conventions, prod with zeros, the 1-, 2- and ∞-norms at ties, zeros, NaN and ∞, the softmax family,
reshape / transpose / concat / row gather, matmul; squeeze and unsqueeze, permute, N-D transpose, movedim, flip,
narrow, split/chunk, stack, tril/triu, gather, the values of sort and topk, cumsum and cumprod), evaluated by
PyTorch 1.13 in float64 with .backward().

Run from the repository root:  /usr/bin/python3 autograd/src/test/python/make_autograd_ops.py
It overwrites autograd/src/test/resources/autograd-pytorch.json; the output is deterministic (seeded), so a rerun
changes nothing unless this script does.

Values may be NaN or ±Infinity (written as Python's json writes them: NaN, Infinity, -Infinity). Inputs are drawn,
then rounded to float32, so Descent (float32) and PyTorch (float64) start from the same numbers.
The gradients are those of sum(output * upstream) for a seeded `upstream` of the output's shape, so that every
output element's path counts.

Format (tensors are {"shape": [...], "values": [... row-major ...]}):
  cases[]: {"name",
            "inputs": {name: tensor} (each requires a gradient), "constants": {name: tensor} (where's conditions),
            "program": [[result, op, argument names..., {options}]] (SSA; the last result is the output),
            "upstream": tensor, "expected": {"output": tensor, "grad": {input name: tensor}}}
  op names and options are those of Descent's Variable methods; see OPS below for their PyTorch meaning. split and
  chunk give a list of pieces, which "part" steps take apart.
"""
import json

import torch
import torch.nn.functional as F

OUT = "autograd/src/test/resources/autograd-pytorch.json"
torch.set_default_dtype(torch.float64)
GEN = torch.Generator().manual_seed(1124)


def f32(t):
    return torch.as_tensor(t, dtype=torch.float64).to(torch.float32).to(torch.float64)


def randn(*shape, scale=1.0, shift=0.0):
    return f32(torch.randn(*shape, generator=GEN) * scale + shift)


def positive(*shape):
    return f32(0.2 + 2 * torch.rand(*shape, generator=GEN))


def js(t):
    t = torch.as_tensor(t, dtype=torch.float64)
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
    "pow": lambda a, b: torch.pow(a, b), "maximum": torch.maximum, "minimum": torch.minimum,
    "add_scalar": lambda a, s: a + s, "sub_scalar": lambda a, s: a - s, "mul_scalar": lambda a, s: a * s,
    "div_scalar": lambda a, s: a / s, "pow_scalar": lambda a, s: torch.pow(a, s),
    "neg": torch.neg, "square": torch.square, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
    "abs": torch.abs, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
    "leaky_relu": lambda a, slope: F.leaky_relu(a, slope), "gelu": F.gelu,
    "softplus": lambda a, beta=1.0, threshold=20.0: F.softplus(a, beta, threshold),
    "clamp": lambda a, lo, hi: torch.clamp(a, lo, hi),
    "sum": lambda a, axis=None, keepdim=False: a.sum() if axis is None else a.sum(axis, keepdim),
    "mean": lambda a, axis=None, keepdim=False: a.mean() if axis is None else a.mean(axis, keepdim),
    "max": lambda a, axis=None, keepdim=False: a.max() if axis is None else a.max(axis, keepdim)[0],
    "min": lambda a, axis=None, keepdim=False: a.min() if axis is None else a.min(axis, keepdim)[0],
    "variance": lambda a, unbiased, axis=None, keepdim=False:
        a.var(unbiased=unbiased) if axis is None else a.var(axis, unbiased=unbiased, keepdim=keepdim),
    "logsumexp": lambda a, axis, keepdim=False: torch.logsumexp(a, axis, keepdim),
    "std": lambda a, unbiased, axis=None, keepdim=False:
        a.std(unbiased=unbiased) if axis is None else a.std(axis, unbiased=unbiased, keepdim=keepdim),
    "amax": lambda a, axis=None, keepdim=False: a.amax() if axis is None else a.amax(axis, keepdim),
    "amin": lambda a, axis=None, keepdim=False: a.amin() if axis is None else a.amin(axis, keepdim),
    "prod": lambda a, axis=None, keepdim=False: a.prod() if axis is None else a.prod(axis, keepdim),
    "norm": lambda a, p, axis=None, keepdim=False: torch.linalg.vector_norm(a, p, axis, keepdim),
    "softmax": lambda a, axis: torch.softmax(a, axis), "log_softmax": lambda a, axis: torch.log_softmax(a, axis),
    "reshape": lambda a, shape: a.reshape(shape),
    "transpose": lambda a, dim0=None, dim1=None: a.t() if dim0 is None else a.transpose(dim0, dim1),
    "rows": lambda a, start, end: a[start:end], "gather_rows": lambda a, indices: a[torch.tensor(indices)],
    "concat": lambda *parts, axis: torch.cat(parts, axis),
    "matmul": lambda a, b, trans_a=False, trans_b=False: (a.t() if trans_a else a) @ (b.t() if trans_b else b),
    "where": lambda c, a, b: torch.where(c != 0, a, b),
    "unsqueeze": lambda a, dim: a.unsqueeze(dim),
    "squeeze": lambda a, dim=None: a.squeeze() if dim is None else a.squeeze(dim),
    "permute": lambda a, dims: a.permute(dims),
    "movedim": lambda a, source, destination: a.movedim(source, destination),
    "flip": lambda a, dims: a.flip(dims), "narrow": lambda a, dim, start, length: a.narrow(dim, start, length),
    "split": lambda a, dim, size=None, sizes=None: list(torch.split(a, size if sizes is None else sizes, dim)),
    "chunk": lambda a, chunks, dim: list(torch.chunk(a, chunks, dim)),
    "part": lambda parts, index: parts[index],
    "stack": lambda *parts, dim: torch.stack(parts, dim),
    "tril": lambda a, k: a.tril(k), "triu": lambda a, k: a.triu(k),
    "gather": lambda a, dim, index: torch.gather(a, dim, torch.tensor(index["values"]).reshape(index["shape"])),
    "sort": lambda a, dim, descending: torch.sort(a, stable=True, dim=dim, descending=descending).values,
    "topk": lambda a, k, dim, largest, sorted: topk_values(a, k, dim, largest, sorted),
    "cumsum": lambda a, dim: torch.cumsum(a, dim), "cumprod": lambda a, dim: torch.cumprod(a, dim),
}


def topk_values(a, k, dim, largest, sorted):
    """torch.topk's values; unsorted in Descent's order, by position along the axis (torch leaves it unspecified)."""
    values, indices = torch.topk(a, k, dim, largest, True)
    return values if sorted else values.gather(dim, indices.argsort(dim))

CASES = []


def case(name, inputs, program, constants=None):
    env = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    env.update(constants or {})
    for step in program:
        result, op, args = step[0], step[1], step[2:]
        opts = args.pop() if args and isinstance(args[-1], dict) else {}
        env[result] = OPS[op](*[env[a] for a in args], **opts)
    out = env[program[-1][0]]
    up = randn(*out.shape) if out.dim() > 0 else f32(0.75)
    (out * up).sum().backward()
    grads = {k: js(env[k].grad if env[k].grad is not None else torch.zeros_like(env[k])) for k in inputs}
    CASES.append({"name": name, "inputs": {k: js(v) for k, v in inputs.items()},
                  "constants": {k: js(v) for k, v in (constants or {}).items()}, "program": program,
                  "upstream": js(up), "expected": {"output": js(out.detach()), "grad": grads}})


def arithmetic():
    for op in ["add", "sub", "mul", "maximum", "minimum"]:
        case(f"{op} [3,4] with [4]", {"a": randn(3, 4), "b": randn(4)}, [["y", op, "a", "b"]])
        case(f"{op} [3,1] with [1,4]", {"a": randn(3, 1), "b": randn(1, 4)}, [["y", op, "a", "b"]])
        case(f"{op} [2,3,4] with [3,1]", {"a": randn(2, 3, 4), "b": randn(3, 1)}, [["y", op, "a", "b"]])
    case("div [3,4] by [4]", {"a": randn(3, 4), "b": positive(4) * f32(torch.tensor([1., -1., 1., -1.]))},
         [["y", "div", "a", "b"]])
    case("div [4] by [3,1]", {"a": randn(4), "b": positive(3, 1)}, [["y", "div", "a", "b"]])
    case("pow [3,4] to [4]", {"a": positive(3, 4), "b": randn(4)}, [["y", "pow", "a", "b"]])
    for a, b in [(1e-20, 1e-20), (3e-25, 1e-22), (-2e-19, 3e-20), (1e20, 1e25), (1., 1e19), (1e30, 1e-5)]:
        case(f"div {a:g} by {b:g}", {"a": f32([a]), "b": f32([b])}, [["y", "div", "a", "b"]])
    case("pow of negative bases to integer exponents", {"a": f32(torch.tensor([-2., -0.5, -3., 2.])),
                                                       "b": f32(torch.tensor([3., 2., -1., 0.]))},
         [["y", "pow", "a", "b"]])
    case("pow with zero bases", {"a": f32(torch.tensor([0., 0., 0., 2., 0.5])),
                                 "b": f32(torch.tensor([2., 0., 1., 3., 0.]))}, [["y", "pow", "a", "b"]])
    ties_a = f32(torch.tensor([[1., 2., 3., 4.], [2., 2., 0., -1.], [5., -1., 3., 3.]]))
    ties_b = f32(torch.tensor([2., 2., 3., -1.]))
    case("maximum with ties, broadcast", {"a": ties_a, "b": ties_b}, [["y", "maximum", "a", "b"]])
    case("minimum with ties, broadcast", {"a": ties_a, "b": ties_b}, [["y", "minimum", "a", "b"]])
    x = randn(3, 4)
    for op, s in [("add_scalar", 1.5), ("sub_scalar", -0.25), ("mul_scalar", -3.0), ("div_scalar", 0.3)]:
        case(f"{op} {s}", {"x": x}, [["y", op, "x", {"s": s}]])
    for p in [3.0, 0.5, -1.5, 0.0, 2.0]:
        case(f"pow_scalar {p}", {"x": positive(3, 4)}, [["y", "pow_scalar", "x", {"s": p}]])
    case("pow_scalar 3 of signed values", {"x": randn(2, 4)}, [["y", "pow_scalar", "x", {"s": 3.0}]])
    cond = f32((torch.rand(3, 4, generator=GEN) > 0.5).double())
    case("where [3,4] condition, a [3,4], b [4]", {"a": randn(3, 4), "b": randn(4)},
         [["y", "where", "c", "a", "b"]], constants={"c": cond})
    case("where [3,1] condition, a [1,4], b [3,4]", {"a": randn(1, 4), "b": randn(3, 4)},
         [["y", "where", "c", "a", "b"]], constants={"c": f32(torch.tensor([[1.], [0.], [1.]]))})


def unary():
    special = f32(torch.tensor([[0., -0., 1e-6, -1e-6, 1., -1., 2.5, -2.5], [20., -20., 50., -50., 100., -100.,
                                                                            0.5, -0.5]]))
    smooth = randn(3, 5, scale=2.0)
    for op in ["neg", "square", "abs", "tanh", "sigmoid", "relu", "gelu", "exp"]:
        x = special if op != "exp" else f32(special.clamp(-60, 60))
        case(f"{op} at kinks and extremes", {"x": x}, [["y", op, "x"]])
        case(f"{op} of random values", {"x": smooth}, [["y", op, "x"]])
    for op in ["log", "sqrt"]:
        case(f"{op} of positive values", {"x": f32(torch.tensor([1e-6, 0.01, 0.5, 1., 2., 1e3, 1e6]))},
             [["y", op, "x"]])
    for slope in [0.01, 0.2, 0.0, 1.5]:
        case(f"leaky_relu {slope}", {"x": special}, [["y", "leaky_relu", "x", {"slope": slope}]])
    case("softplus defaults", {"x": special}, [["y", "softplus", "x"]])
    for beta, threshold in [(2.0, 20.0), (0.5, 10.0), (3.0, 1.0)]:
        edge = f32(torch.tensor([threshold / beta, threshold / beta + 1e-3, threshold / beta - 1e-3, 0., 30., -30.]))
        case(f"softplus beta {beta} threshold {threshold}", {"x": edge},
             [["y", "softplus", "x", {"beta": beta, "threshold": threshold}]])
    case("clamp at and beyond its bounds", {"x": f32(torch.tensor([-1., -0.5, -0.25, 0., 0.5, 0.75, 2.]))},
         [["y", "clamp", "x", {"lo": -0.5, "hi": 0.5}]])
    case("chain exp(tanh(x)) * sigmoid(x) - log(x^2 + 1)", {"x": smooth},
         [["t", "tanh", "x"], ["e", "exp", "t"], ["s", "sigmoid", "x"], ["p", "mul", "e", "s"],
          ["q", "square", "x"], ["q1", "add_scalar", "q", {"s": 1.0}], ["l", "log", "q1"], ["y", "sub", "p", "l"]])


def reductions():
    x3 = randn(2, 3, 4)
    for op in ["sum", "mean"]:
        case(f"{op} of all", {"x": x3}, [["y", op, "x"]])
        for axis in [0, 1, 2, -1]:
            for keep in [False, True]:
                case(f"{op} axis {axis} keepdim {keep}", {"x": x3}, [["y", op, "x", {"axis": axis, "keepdim": keep}]])
    ties = f32(torch.tensor([[[1., 3., 3., 2.], [0., 0., 0., 0.], [-1., 5., 5., -1.]],
                             [[7., 7., 1., 7.], [2., 2., 9., -4.], [-3., -3., -3., -5.]]]))
    for op in ["max", "min"]:
        case(f"{op} of all, unique", {"x": x3}, [["y", op, "x"]])
        case(f"{op} of all with ties (split evenly)", {"x": ties}, [["y", op, "x"]])
        for axis in [0, 1, 2, -1]:
            for keep in [False, True]:
                case(f"{op} axis {axis} keepdim {keep} with ties (first index)", {"x": ties},
                     [["y", op, "x", {"axis": axis, "keepdim": keep}]])
    for unbiased in [True, False]:
        case(f"variance of all, unbiased {unbiased}", {"x": x3}, [["y", "variance", "x", {"unbiased": unbiased}]])
        for axis in [0, 1, -1]:
            for keep in [False, True]:
                case(f"variance axis {axis} keepdim {keep} unbiased {unbiased}", {"x": x3},
                     [["y", "variance", "x", {"unbiased": unbiased, "axis": axis, "keepdim": keep}]])
    case("variance of a large mean, small spread", {"x": f32(1000 + randn(3, 5, scale=0.01))},
         [["y", "variance", "x", {"unbiased": True, "axis": 1}]])
    big = f32(torch.tensor([[1000., -1000., 0., 999.], [-50., 50., 50., 0.], [3., 3., 3., 3.]]))
    for axis in [0, 1, -1]:
        for keep in [False, True]:
            case(f"logsumexp axis {axis} keepdim {keep}", {"x": x3}, [["y", "logsumexp", "x",
                                                                       {"axis": axis, "keepdim": keep}]])
    case("logsumexp of extreme logits", {"x": big}, [["y", "logsumexp", "x", {"axis": 1}]])
    for op in ["softmax", "log_softmax"]:
        for axis in [0, 1, 2, -1]:
            case(f"{op} axis {axis}", {"x": x3}, [["y", op, "x", {"axis": axis}]])
        case(f"{op} of extreme logits", {"x": big}, [["y", op, "x", {"axis": 1}]])


def layout():
    case("reshape then sum along the new axis", {"x": randn(2, 6)},
         [["r", "reshape", "x", {"shape": [3, -1]}], ["y", "sum", "r", {"axis": 1}]])
    case("reshape [2,3,4] to [4,6] then softmax", {"x": randn(2, 3, 4)},
         [["r", "reshape", "x", {"shape": [4, 6]}], ["y", "softmax", "r", {"axis": 1}]])
    case("transpose then mul by a broadcast row", {"x": randn(3, 4), "b": randn(3)},
         [["t", "transpose", "x"], ["y", "mul", "t", "b"]])
    case("matmul", {"a": randn(3, 4), "b": randn(4, 2)}, [["y", "matmul", "a", "b"]])
    for ta, tb in [(True, False), (False, True), (True, True)]:
        a = randn(4, 3) if ta else randn(3, 4)
        b = randn(2, 4) if tb else randn(4, 2)
        case(f"matmul trans_a {ta} trans_b {tb}", {"a": a, "b": b},
             [["y", "matmul", "a", "b", {"trans_a": ta, "trans_b": tb}]])
    case("concat axis 0 of three, one used twice", {"a": randn(2, 3), "b": randn(1, 3)},
         [["y", "concat", "a", "b", "a", {"axis": 0}]])
    case("concat axis 1 of [2,3,2] and [2,1,2]", {"a": randn(2, 3, 2), "b": randn(2, 1, 2)},
         [["y", "concat", "a", "b", {"axis": 1}]])
    case("concat axis -1", {"a": randn(3, 2), "b": randn(3, 3)}, [["y", "concat", "a", "b", {"axis": -1}]])
    case("gather_rows with repeats", {"x": randn(4, 3)}, [["y", "gather_rows", "x", {"indices": [2, 0, 2, 3, 2]}]])
    case("rows 1..3", {"x": randn(4, 3)}, [["y", "rows", "x", {"start": 1, "end": 3}]])


def composites():
    x, w, b = randn(5, 4), randn(4, 3), randn(3)
    case("cross-entropy by hand: logsumexp(xW + b) - picked logit", {"x": x, "w": w, "b": b},
         [["h", "matmul", "x", "w"], ["z", "add", "h", "b"], ["lse", "logsumexp", "z", {"axis": 1}],
          ["zt", "transpose", "z"], ["picked", "gather_rows", "zt", {"indices": [0, 2, 1, 1, 0]}],
          ["p", "sum", "picked", {"axis": 0}], ["l", "sub", "lse", "p"], ["y", "mean", "l"]])
    case("layer norm by hand: (x - mean) / sqrt(var_biased + eps) * g + b", {"x": randn(4, 6, scale=2.0, shift=1.0),
                                                                             "g": randn(6), "b": randn(6)},
         [["m", "mean", "x", {"axis": 1, "keepdim": True}], ["c", "sub", "x", "m"],
          ["v", "variance", "x", {"unbiased": False, "axis": 1, "keepdim": True}],
          ["ve", "add_scalar", "v", {"s": 1e-5}], ["s", "sqrt", "ve"], ["n", "div", "c", "s"],
          ["ng", "mul", "n", "g"], ["y", "add", "ng", "b"]])
    case("a value used by several branches", {"x": randn(3, 3)},
         [["a", "relu", "x"], ["b", "mul", "x", "x"], ["c", "maximum", "a", "b"], ["d", "min", "x", {"axis": 0}],
          ["e", "add", "c", "d"], ["y", "log_softmax", "e", {"axis": 1}]])


def nonfinite():
    inf, nan = float("inf"), float("nan")
    edges = torch.tensor([[inf, -inf, nan, 0., 1., -1.]])
    for op in ["relu", "sigmoid", "tanh", "exp", "abs", "neg", "gelu", "softplus"]:
        case(f"{op} at infinities and NaN", {"x": edges}, [["y", op, "x"]])
    case("leaky_relu at infinities and NaN", {"x": edges}, [["y", "leaky_relu", "x", {"slope": 0.1}]])
    case("clamp at infinities and NaN", {"x": edges}, [["y", "clamp", "x", {"lo": -0.5, "hi": 0.5}]])
    case("maximum with NaN and infinities", {"a": edges, "b": torch.tensor([[0., 0., 0., nan, 1., inf]])},
         [["y", "maximum", "a", "b"]])
    case("minimum with NaN and infinities", {"a": edges, "b": torch.tensor([[0., 0., 0., nan, 1., -inf]])},
         [["y", "minimum", "a", "b"]])
    masked = torch.tensor([[0., -inf, 1., -inf], [2., 2., -inf, 0.], [-inf, 3., -inf, -inf]])
    for op in ["softmax", "log_softmax"]:
        case(f"{op} of masked (-inf) logits", {"x": masked}, [["y", op, "x", {"axis": 1}]])
    case("logsumexp of masked (-inf) logits", {"x": masked}, [["y", "logsumexp", "x", {"axis": 1}]])
    case("logsumexp of a row of only -inf", {"x": torch.tensor([[-inf, -inf], [0., 1.]])},
         [["y", "logsumexp", "x", {"axis": 1}]])
    case("softmax of a row holding +inf", {"x": torch.tensor([[inf, 0., 1.], [0., 1., 2.]])},
         [["y", "softmax", "x", {"axis": 1}]])
    case("max and min along an axis with NaN", {"x": torch.tensor([[1., nan, 3.], [2., 5., -1.]])},
         [["a", "max", "x", {"axis": 1}], ["b", "min", "x", {"axis": 1}], ["y", "add", "a", "b"]])
    case("max of all with NaN", {"x": torch.tensor([[1., nan, 3.], [2., nan, -1.]])}, [["y", "max", "x"]])
    case("sum and mean with infinities", {"x": torch.tensor([[1., inf, 3.], [2., 5., -inf]])},
         [["a", "sum", "x", {"axis": 0}], ["b", "mean", "x", {"axis": 0}], ["y", "mul", "a", "b"]])


def more_reductions():
    """std, amax/amin, prod and the vector norms: after every older case, so those keep their bytes."""
    inf, nan = float("inf"), float("nan")
    x3 = randn(2, 3, 4)
    for unbiased in [True, False]:
        case(f"std of all, unbiased {unbiased}", {"x": x3}, [["y", "std", "x", {"unbiased": unbiased}]])
        for axis in [0, 1, -1]:
            for keep in [False, True]:
                case(f"std axis {axis} keepdim {keep} unbiased {unbiased}", {"x": x3},
                     [["y", "std", "x", {"unbiased": unbiased, "axis": axis, "keepdim": keep}]])
        case(f"std of a constant slice (zero gradient), unbiased {unbiased}",
             {"x": f32(torch.tensor([[2., 2., 2.], [1., 2., 4.]]))},
             [["y", "std", "x", {"unbiased": unbiased, "axis": 1}]])
        case(f"std along a single-element axis, unbiased {unbiased}", {"x": f32(torch.tensor([[2.], [-3.]]))},
             [["y", "std", "x", {"unbiased": unbiased, "axis": 1}]])
    case("std of a large mean, small spread", {"x": f32(1000 + randn(3, 5, scale=0.01))},
         [["y", "std", "x", {"unbiased": True, "axis": 1}]])
    ties = f32(torch.tensor([[[1., 3., 3., 2.], [0., 0., 0., 0.], [-1., 5., 5., -1.]],
                             [[7., 7., 1., 7.], [2., 2., 9., -4.], [-3., -3., -3., -5.]]]))
    for op in ["amax", "amin"]:
        case(f"{op} of all with ties (split evenly)", {"x": ties}, [["y", op, "x"]])
        for axis in [0, 1, 2, -1]:
            for keep in [False, True]:
                case(f"{op} axis {axis} keepdim {keep} with ties (split evenly)", {"x": ties},
                     [["y", op, "x", {"axis": axis, "keepdim": keep}]])
        case(f"{op} along an axis with NaN (NaN gradient for that slice)",
             {"x": torch.tensor([[1., nan, 3.], [2., 5., 5.], [-1., -1., 0.]])}, [["y", op, "x", {"axis": 1}]])
        case(f"{op} along a single-element axis", {"x": randn(3, 1)}, [["y", op, "x", {"axis": 1}]])
    case("prod of all", {"x": randn(2, 3, 2)}, [["y", "prod", "x"]])
    for axis in [0, 1, -1]:
        for keep in [False, True]:
            case(f"prod axis {axis} keepdim {keep}", {"x": randn(2, 3, 4)},
                 [["y", "prod", "x", {"axis": axis, "keepdim": keep}]])
    zero_rows = torch.tensor([[2., 0., 4., 1.5], [0., 0., 3., 1.], [1.5, -2., 0.5, 3.]])
    for label, v in [("one zero", [2., 0., -4., 1.5]), ("two zeros", [0., 3., 0., 2.]), ("zero and NaN", [0., 3., nan]),
                     ("infinity and zero", [inf, 0., 2.]), ("infinity, no zero", [inf, 2., -1.]), ("one element", [-2.5])]:
        case(f"prod of all, {label}", {"x": torch.tensor(v)}, [["y", "prod", "x"]])
    case("prod axis 1, rows with one, two and no zeros", {"x": zero_rows}, [["y", "prod", "x", {"axis": 1}]])
    case("prod axis 0, columns with zeros", {"x": zero_rows}, [["y", "prod", "x", {"axis": 0, "keepdim": True}]])
    case("prod axis 1 without zeros, one holding infinity", {"x": torch.tensor([[inf, 2.], [3., -0.5]])},
         [["y", "prod", "x", {"axis": 1}]])
    case("prod along a single-element axis", {"x": randn(3, 1)}, [["y", "prod", "x", {"axis": 1}]])
    edges = torch.tensor([[3., -3., 1., 0.], [0., 0., 0., 0.], [nan, 1., nan, 2.], [inf, -inf, 1., 0.],
                          [nan, inf, 1., -2.]])
    for p in [1.0, 2.0, inf]:
        case(f"norm p={p} of all", {"x": x3}, [["y", "norm", "x", {"p": p}]])
        for axis in [0, 1, -1]:
            for keep in [False, True]:
                case(f"norm p={p} axis {axis} keepdim {keep}", {"x": x3},
                     [["y", "norm", "x", {"p": p, "axis": axis, "keepdim": keep}]])
        case(f"norm p={p} of ties, zeros, NaN and infinities", {"x": edges}, [["y", "norm", "x", {"p": p, "axis": 1}]])
        case(f"norm p={p} along a single-element axis", {"x": randn(3, 1)}, [["y", "norm", "x", {"p": p, "axis": 1}]])


def tensor_api():
    """squeeze/unsqueeze, permute, transpose, movedim, flip, narrow, split/chunk, stack, tril/triu, gather, the
    values of sort and topk, cumsum and cumprod: after every older case, so those keep their bytes."""
    x3 = randn(2, 3, 4)
    for dim in [0, 2, 3, -1, -4]:
        case(f"unsqueeze {dim} then softmax along it and the next", {"x": x3},
             [["u", "unsqueeze", "x", {"dim": dim}], ["y", "log_softmax", "u", {"axis": -1}]])
    ones = randn(1, 3, 1, 4)
    case("squeeze all then matmul", {"x": ones, "w": randn(4, 2)}, [["s", "squeeze", "x"], ["y", "matmul", "s", "w"]])
    for dim in [0, 2, -1]:
        case(f"squeeze {dim} then square", {"x": ones}, [["s", "squeeze", "x", {"dim": dim}], ["y", "square", "s"]])
    for dims in [[2, 0, 1], [1, 0, 2], [-1, -3, -2]]:
        case(f"permute {dims} then softmax along the last axis", {"x": x3},
             [["p", "permute", "x", {"dims": dims}], ["y", "softmax", "p", {"axis": -1}]])
    for d0, d1 in [(0, 2), (-1, 1), (1, 1)]:
        case(f"transpose {d0} {d1} then square", {"x": x3},
             [["t", "transpose", "x", {"dim0": d0, "dim1": d1}], ["y", "square", "t"]])
    case("movedim 0 -> -1 then logsumexp", {"x": x3},
         [["m", "movedim", "x", {"source": 0, "destination": -1}], ["y", "logsumexp", "m", {"axis": -1}]])
    for dims in [[0], [2], [0, 2], [-1, 1, 0]]:
        case(f"flip {dims} then mul by x", {"x": x3}, [["f", "flip", "x", {"dims": dims}], ["y", "mul", "f", "x"]])
    for dim, start, length in [(1, 1, 2), (2, 0, 3), (-1, -2, 2), (0, 1, 1)]:
        case(f"narrow dim {dim} start {start} length {length} then square", {"x": x3},
             [["n", "narrow", "x", {"dim": dim, "start": start, "length": length}], ["y", "square", "n"]])
    case("split by 3 along 2: pieces 1 and 0, swapped and multiplied", {"x": x3},
         [["ps", "split", "x", {"size": 3, "dim": 2}], ["a", "part", "ps", {"index": 1}],
          ["b", "part", "ps", {"index": 0}], ["bn", "narrow", "b", {"dim": 2, "start": 0, "length": 1}],
          ["y", "mul", "a", "bn"]])
    case("split by sizes [1, 2] along 1: the second piece only", {"x": x3},
         [["ps", "split", "x", {"sizes": [1, 2], "dim": 1}], ["a", "part", "ps", {"index": 1}],
          ["y", "softmax", "a", {"axis": 1}]])
    case("chunk in 2 along 0, one chunk used twice", {"x": randn(4, 3)},
         [["cs", "chunk", "x", {"chunks": 2, "dim": 0}], ["a", "part", "cs", {"index": 0}],
          ["b", "part", "cs", {"index": 1}], ["ab", "mul", "a", "b"], ["y", "add", "ab", "a"]])
    for dim in [0, 1, -1]:
        case(f"stack of a, b, a along {dim}", {"a": randn(3, 4), "b": randn(3, 4)},
             [["s", "stack", "a", "b", "a", {"dim": dim}], ["y", "softmax", "s", {"axis": -1}]])
    for k in [0, 1, -1, 5]:
        case(f"tril {k} then logsumexp", {"x": randn(2, 4, 4)},
             [["t", "tril", "x", {"k": k}], ["y", "logsumexp", "t", {"axis": -1}]])
        case(f"triu {k} then square", {"x": randn(3, 5)}, [["t", "triu", "x", {"k": k}], ["y", "square", "t"]])
    index = torch.randint(0, 4, (3, 6), generator=GEN)
    case("gather along 1 with repeats", {"x": randn(3, 4)},
         [["g", "gather", "x", {"dim": 1, "index": {"shape": [3, 6], "values": index.reshape(-1).tolist()}}],
          ["y", "square", "g"]])
    index = torch.randint(0, 3, (2, 4, 2), generator=GEN)
    case("gather along 0 of [3,4,5] by [2,4,2]", {"x": randn(3, 4, 5)},
         [["g", "gather", "x", {"dim": 0, "index": {"shape": [2, 4, 2], "values": index.reshape(-1).tolist()}}],
          ["y", "tanh", "g"]])
    distinct = f32(torch.randperm(24, generator=GEN).double().reshape(2, 3, 4) * 0.37 - 4)
    for dim in [0, 1, -1]:
        for descending in [False, True]:
            case(f"sort dim {dim} descending {descending} then weighted", {"x": distinct},
                 [["s", "sort", "x", {"dim": dim, "descending": descending}], ["y", "mul", "s", "s"]])
    ties = f32(torch.tensor([[2., 1., 2., 0., 1.], [3., 3., 3., -1., 3.]]))
    case("sort with ties (stable: the lower index first)", {"x": ties},
         [["s", "sort", "x", {"dim": 1, "descending": True}], ["c", "cumsum", "s", {"dim": 1}]])
    for k, dim, largest, sorted_ in [(2, -1, True, True), (3, 1, False, True), (1, 0, True, True),
                                     (2, -1, True, False), (3, 1, False, False)]:
        case(f"topk k={k} dim {dim} largest {largest} sorted {sorted_}", {"x": distinct},
             [["t", "topk", "x", {"k": k, "dim": dim, "largest": largest, "sorted": sorted_}], ["y", "exp", "t"]])
    for dim in [0, 1, 2, -1]:
        case(f"cumsum dim {dim} then square", {"x": x3}, [["c", "cumsum", "x", {"dim": dim}], ["y", "square", "c"]])
    case("cumsum of a long row", {"x": randn(2, 300)}, [["y", "cumsum", "x", {"dim": 1}]])
    for dim in [0, 1, -1]:
        case(f"cumprod dim {dim}", {"x": randn(2, 3, 4, shift=0.5)}, [["y", "cumprod", "x", {"dim": dim}]])
    for label, v in [("one zero", [[2., 0., -1.5, 3.]]), ("two zeros", [[0.5, 0., 2., 0., 4.]]),
                     ("a zero first", [[0., 2., 3.]]), ("a zero last", [[1.5, -2., 0.]])]:
        case(f"cumprod with {label}", {"x": torch.tensor(v)}, [["y", "cumprod", "x", {"dim": 1}]])


arithmetic()
unary()
nonfinite()
reductions()
layout()
composites()
more_reductions()
tensor_api()
with open(OUT, "w") as f:
    json.dump({"conventions": "PyTorch " + torch.__version__ + ", float64 on CPU; inputs are float32 values; "
               "gradients are of sum(output * upstream); see autograd/src/test/python/make_autograd_ops.py",
               "cases": CASES}, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(len(CASES), "cases ->", OUT)
