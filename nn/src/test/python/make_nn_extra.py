"""Writes nn-extra.json, the PyTorch oracle that NnExtraReferenceTest replays: every loss with every reduction and
option Descent offers (at its kinks and edges), every activation module, LogSoftmax, BatchNorm1d's variants over several steps, Linear without bias,
Flatten, Sequential, and LayerNorm, SiLU and ELU, then layers with frozen parameters, then Conv2d, MaxPool2d and
AvgPool2d, then BatchNorm2d (each group appended last, so that adding it left every earlier case's draws alone), each value and gradient computed by PyTorch 1.13 in float64.

Run from the repository root:  /usr/bin/python3 nn/src/test/python/make_nn_extra.py
It overwrites nn/src/test/resources/nn-extra.json; the output is deterministic (seeded), so a rerun changes nothing
unless this script does.

Values may be NaN or ±Infinity (written as Python's json writes them: NaN, Infinity, -Infinity). Every input and
parameter is drawn, then rounded to float32, so Descent (float32) and PyTorch (float64) start from the
same numbers. A case's gradient is that of sum(output * upstream) for a seeded `upstream` of the output's shape (for a
reduced loss, a scalar): a random upstream makes every output element's gradient path count, which
`output.sum().backward()` would not (softmax's gradient of a plain sum is 0).

Format (all tensors are {"shape": [...], "values": [... row-major ...]}):
  cases[]: {"name", "kind": "loss" | "module", ...}
  loss:    "loss" (cross_entropy | nll_loss | mse | l1_loss | smooth_l1_loss | huber_loss | binary_cross_entropy |
           bce_with_logits | kl_div; torch.nn.functional's names), "options" (PyTorch keyword arguments; tensors as
           {"shape", "values"}), "input", "target" (class indices [N] as a list for cross_entropy and nll_loss; any other
           target as a tensor: class indices [N, d1, ..., dk] or a scalar as whole floats, or cross_entropy's class
           probabilities of the input's shape), "upstream", "expected": {"output", "grad_input"}
  module:  "layers" (a Sequential stack: [kind, ...args, {keyword options}]), "parameters" (state_dict before the
           first step, buffers included), "steps"[] each {"mode": train | eval, "input", "upstream",
           "expected": {"output", "grad_input", "grad": {parameter: tensor, or null for a frozen one},
           "buffers": {buffer: tensor}}}, and "frozen" (parameter names set to requires_grad_(False); absent when
           none). Parameters are not updated between steps (gradients are zeroed); buffers carry over, so running
           statistics compound.
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = "nn/src/test/resources/nn-extra.json"
torch.set_default_dtype(torch.float64)
GEN = torch.Generator().manual_seed(20261124)


def f32(t):
    """t rounded to float32 and back: a value both sides hold exactly."""
    return t.to(torch.float32).to(torch.float64)


def randn(*shape, scale=1.0):
    return f32(torch.randn(*shape, generator=GEN) * scale)


def rand(*shape):
    return f32(torch.rand(*shape, generator=GEN))


def js(t):
    t = torch.as_tensor(t, dtype=torch.float64)
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


CASES = []
CLASS_TARGETS = {"cross_entropy", "nll_loss"}


# ------------------------------------------------------------------------------------------------------------ losses

def loss_case(name, loss, options, x, target):
    x = x.clone().requires_grad_(True)
    kwargs = {k: (torch.as_tensor(v) if isinstance(v, list) else v) for k, v in options.items()}
    fn = {"cross_entropy": F.cross_entropy, "nll_loss": F.nll_loss, "mse": F.mse_loss, "l1_loss": F.l1_loss,
          "smooth_l1_loss": F.smooth_l1_loss, "huber_loss": F.huber_loss, "binary_cross_entropy": F.binary_cross_entropy,
          "bce_with_logits": F.binary_cross_entropy_with_logits, "kl_div": F.kl_div}[loss]
    out = fn(x, target, **kwargs)
    up = randn(*out.shape) if out.dim() > 0 else f32(torch.tensor(0.5 + torch.rand(1, generator=GEN).item()))
    (out * up).sum().backward()
    CASES.append({"name": name, "kind": "loss", "loss": loss,
                  "options": {k: (js(v) if isinstance(v, list) else v) for k, v in options.items()},
                  "input": js(x.detach()),
                  "target": target.tolist() if loss in CLASS_TARGETS and target.dim() == 1 and not target.is_floating_point()
                  else js(target),
                  "upstream": js(up), "expected": {"output": js(out.detach()), "grad_input": js(x.grad)}})


def losses():
    n, c = 6, 5
    logits = randn(n, c, scale=2.0)
    labels = torch.randint(0, c, (n,), generator=GEN)
    extreme = f32(torch.tensor([[50., -50., 0., 3., -3.], [1000., -1000., 0., 999., 1.], [-1000., -1000., -1000.,
                                                                                            -1000., -1000.],
                                [-50., 50., 50., -50., 0.]]))
    extreme_labels = torch.tensor([1, 3, 2, 0])
    class_weight = [0.2, 1.0, 2.5, 0.7, 1.3]
    for red in ["mean", "sum", "none"]:
        loss_case(f"cross_entropy {red}", "cross_entropy", {"reduction": red}, logits, labels)
        loss_case(f"cross_entropy {red} extreme logits", "cross_entropy", {"reduction": red}, extreme,
                  extreme_labels)
        loss_case(f"cross_entropy {red} label_smoothing 0.1", "cross_entropy",
                  {"reduction": red, "label_smoothing": 0.1}, logits, labels)
        loss_case(f"cross_entropy {red} label_smoothing 0.3 extreme", "cross_entropy",
                  {"reduction": red, "label_smoothing": 0.3}, extreme, extreme_labels)
        loss_case(f"cross_entropy {red} class weights", "cross_entropy",
                  {"reduction": red, "weight": class_weight}, logits, labels)
        loss_case(f"cross_entropy {red} weights and label_smoothing", "cross_entropy",
                  {"reduction": red, "weight": class_weight, "label_smoothing": 0.2}, logits, labels)
        ignored = labels.clone()
        ignored[1] = -100
        ignored[4] = -100
        loss_case(f"cross_entropy {red} ignore_index -100", "cross_entropy", {"reduction": red}, logits, ignored)
        ignored2 = labels.clone()
        ignored2[0] = 2
        loss_case(f"cross_entropy {red} ignore_index 2, weights, smoothing", "cross_entropy",
                  {"reduction": red, "ignore_index": 2, "weight": class_weight, "label_smoothing": 0.15},
                  logits, ignored2)
    loss_case("cross_entropy single class", "cross_entropy", {}, randn(3, 1), torch.tensor([0, 0, 0]))

    x = randn(4, 3, scale=1.5)
    t = randn(4, 3)
    for red in ["mean", "sum", "none"]:
        loss_case(f"mse {red}", "mse", {"reduction": red}, x, t)
    loss_case("mse large values", "mse", {}, randn(2, 3, scale=1e3), randn(2, 3, scale=1e3))

    xb = f32(torch.tensor([[50., -50., 1000., -1000.], [0., 0., 3., -3.], [20., -20., 0.5, -0.5]]))
    tb = f32(torch.tensor([[1., 0., 0., 1.], [0., 1., 0.25, 0.75], [1., 1., 0., 0.]]))
    xs = randn(5, 4, scale=2.0)
    ts = rand(5, 4)
    pos_weight = [0.5, 1.0, 3.0, 10.0]
    weight = [[0.5, 2.0, 1.0, 0.0]]
    for red in ["mean", "sum", "none"]:
        loss_case(f"bce_with_logits {red}", "bce_with_logits", {"reduction": red}, xs, ts)
        loss_case(f"bce_with_logits {red} extreme logits, targets 0 and 1", "bce_with_logits", {"reduction": red},
                  xb, tb)
        loss_case(f"bce_with_logits {red} pos_weight", "bce_with_logits", {"reduction": red,
                                                                           "pos_weight": pos_weight}, xs, ts)
        loss_case(f"bce_with_logits {red} pos_weight extreme", "bce_with_logits",
                  {"reduction": red, "pos_weight": pos_weight}, xb, tb)
        loss_case(f"bce_with_logits {red} weight and pos_weight", "bce_with_logits",
                  {"reduction": red, "weight": weight, "pos_weight": pos_weight}, xs, ts)


# ----------------------------------------------------------------------------------------------------------- modules

def build(layers):
    mods = []
    for spec in layers:
        kind, args = spec[0], spec[1:]
        opts = args.pop() if args and isinstance(args[-1], dict) else {}
        mods.append({
            "linear": lambda: nn.Linear(*args, **opts),
            "batchnorm1d": lambda: nn.BatchNorm1d(*args, **opts),
            "relu": lambda: nn.ReLU(),
            "leaky_relu": lambda: nn.LeakyReLU(**opts),
            "gelu": lambda: nn.GELU(**opts),
            "softplus": lambda: nn.Softplus(**opts),
            "sigmoid": lambda: nn.Sigmoid(),
            "tanh": lambda: nn.Tanh(),
            "softmax": lambda: nn.Softmax(**opts),
            "log_softmax": lambda: nn.LogSoftmax(**opts),
            "flatten": lambda: nn.Flatten(**opts),
            "layernorm": lambda: nn.LayerNorm(*args, **opts),
            "silu": lambda: nn.SiLU(),
            "elu": lambda: nn.ELU(**opts),
            "conv2d": lambda: nn.Conv2d(*args, **opts),
            "maxpool2d": lambda: nn.MaxPool2d(*args, **opts),
            "avgpool2d": lambda: nn.AvgPool2d(*args, **opts),
            "batchnorm2d": lambda: nn.BatchNorm2d(*args, **opts),
        }[kind]())
    return nn.Sequential(*mods)


def module_case(name, layers, inputs, modes=None, init=None, frozen=()):
    """Runs the stack on each input in turn (training mode unless `modes` says otherwise), with the parameters named
    in `frozen` set to requires_grad_(False) after they are drawn."""
    model = build([list(l) for l in layers])
    with torch.no_grad():
        for pname, p in model.named_parameters():
            p.copy_(init(pname, p) if init else randn(*p.shape))
    for pname in frozen:
        model.get_parameter(pname).requires_grad_(False)
    state = {k: js(v) for k, v in model.state_dict().items()}
    steps = []
    for k, x in enumerate(inputs):
        mode = modes[k] if modes else "train"
        model.train(mode == "train")
        model.zero_grad(set_to_none=True)
        x = x.clone().requires_grad_(True)
        y = model(x)
        up = randn(*y.shape)
        (y * up).sum().backward()
        steps.append({"mode": mode, "input": js(x.detach()), "upstream": js(up), "expected": {
            "output": js(y.detach()), "grad_input": js(x.grad),
            "grad": {n: js(p.grad) if p.grad is not None else None for n, p in model.named_parameters()},
            "buffers": {n: js(b) for n, b in model.named_buffers()}}})
    case = {"name": name, "kind": "module", "layers": layers, "parameters": state, "steps": steps}
    if frozen:
        case["frozen"] = list(frozen)
    CASES.append(case)


def activations():
    kinks = f32(torch.tensor([[0., -0., 1e-7, -1e-7, 1., -1., 50., -50.], [100., -100., 1000., -1000., 20., -20.,
                                                                             0.5, -0.5]]))
    smooth = randn(3, 8, scale=3.0)
    inputs = [kinks, smooth]
    module_case("relu", [["relu"]], inputs)
    for slope in [0.01, 0.2, 1.5, 0.0]:
        module_case(f"leaky_relu {slope}", [["leaky_relu", {"negative_slope": slope}]], inputs)
    module_case("gelu exact", [["gelu"]], inputs + [f32(torch.linspace(-10, 10, 16).reshape(2, 8))])
    module_case("gelu tanh", [["gelu", {"approximate": "tanh"}]],
                inputs[1:] + [f32(torch.linspace(-10, 10, 16).reshape(2, 8)),
                              f32(torch.tensor([[0., -0., 1., -1., 3., -3., 20., -20.]]))])
    for beta, threshold in [(1.0, 20.0), (2.0, 20.0), (0.5, 20.0), (1.0, 5.0), (3.0, 1.0)]:
        edge = f32(torch.tensor([[threshold / beta, threshold / beta + 0.25, threshold / beta - 0.25, 0., -30.,
                                  30., 100., -100.]]))
        module_case(f"softplus beta {beta} threshold {threshold}",
                    [["softplus", {"beta": beta, "threshold": threshold}]], [kinks, smooth, edge])
    module_case("sigmoid", [["sigmoid"]], inputs)
    module_case("tanh", [["tanh"]], inputs)
    cube = randn(2, 3, 4, scale=2.0)
    for dim in [0, 1, -1]:
        module_case(f"softmax dim {dim}", [["softmax", {"dim": dim}]],
                    [smooth, f32(torch.tensor([[1000., -1000., 0., 1000., 5., 5., 5., 5.], [-50., 50., 0., 0., 1.,
                                                                                            1., 1., -1.]]))])
    for dim in [0, 1, 2, -1]:
        module_case(f"softmax 3-D dim {dim}", [["softmax", {"dim": dim}]], [cube])


def batchnorm():
    xs = [randn(6, 4, scale=2.0) + 3.0 for _ in range(3)]
    variants = [
        ("batchnorm1d defaults", {}),
        ("batchnorm1d affine off", {"affine": False}),
        ("batchnorm1d momentum 0.5, eps 1e-3", {"momentum": 0.5, "eps": 1e-3}),
        ("batchnorm1d momentum 0", {"momentum": 0.0}),
        ("batchnorm1d momentum 1", {"momentum": 1.0}),
        ("batchnorm1d momentum None (cumulative average)", {"momentum": None}),
        ("batchnorm1d track_running_stats off", {"track_running_stats": False}),
        ("batchnorm1d affine off, track_running_stats off", {"affine": False, "track_running_stats": False}),
    ]
    for name, opts in variants:
        module_case(name, [["batchnorm1d", 4, opts]], xs + [randn(5, 4)], modes=["train"] * 3 + ["eval"],
                    init=lambda n, p: 1.0 + randn(*p.shape, scale=0.3) if n.endswith("weight") else randn(*p.shape))
    module_case("batchnorm1d batch of 2", [["batchnorm1d", 3]], [randn(2, 3), randn(2, 3), randn(4, 3)],
                modes=["train", "train", "eval"])
    module_case("batchnorm1d large mean, small spread", [["batchnorm1d", 3]],
                [f32(1000.0 + randn(8, 3, scale=0.01)), f32(1000.0 + randn(4, 3, scale=0.01))],
                modes=["train", "eval"])
    ncl = [randn(3, 4, 5, scale=1.5) + 1.0 for _ in range(2)]
    module_case("batchnorm1d (N, C, L) input", [["batchnorm1d", 4]], ncl + [randn(2, 4, 3)],
                modes=["train", "train", "eval"])
    module_case("batchnorm1d (N, C, L) input, momentum None, affine off",
                [["batchnorm1d", 4, {"momentum": None, "affine": False}]], ncl + [randn(2, 4, 3)],
                modes=["train", "train", "eval"])


def stacks():
    module_case("linear without bias", [["linear", 5, 3, {"bias": False}]], [randn(4, 5), randn(1, 5)])
    module_case("linear on 3-D input", [["linear", 4, 2]], [randn(2, 3, 4)])
    module_case("flatten defaults", [["flatten"]], [randn(2, 3, 4)])
    module_case("flatten 0..1", [["flatten", {"start_dim": 0, "end_dim": 1}]], [randn(2, 3, 4)])
    module_case("flatten -2..-1", [["flatten", {"start_dim": -2, "end_dim": -1}]], [randn(2, 3, 2, 2)])
    module_case("sequential flatten, linear (no bias), batchnorm, gelu tanh, linear, softplus",
                [["flatten"], ["linear", 6, 5, {"bias": False}], ["batchnorm1d", 5, {"momentum": 0.3}],
                 ["gelu", {"approximate": "tanh"}], ["linear", 5, 3], ["softplus", {"beta": 2.0}]],
                [randn(4, 2, 3), randn(4, 2, 3), randn(3, 2, 3)], modes=["train", "train", "eval"],
                init=lambda n, p: randn(*p.shape, scale=0.5))
    module_case("sequential linear, leaky_relu, linear, sigmoid, softmax",
                [["linear", 3, 4], ["leaky_relu", {"negative_slope": 0.1}], ["linear", 4, 4], ["tanh"],
                 ["softmax", {"dim": 1}]], [randn(5, 3)])


def nonfinite():
    inf, nan = float("inf"), float("nan")
    masked = torch.tensor([[0., -inf, 1., -inf], [2., 2., -inf, 0.], [-inf, 3., -inf, -inf]])
    masked_labels = torch.tensor([2, 0, 1])
    for red in ["mean", "sum", "none"]:
        loss_case(f"cross_entropy {red} masked (-inf) logits", "cross_entropy", {"reduction": red}, masked,
                  masked_labels)
    loss_case("cross_entropy masked (-inf) logits, label_smoothing (an infinite loss)", "cross_entropy",
              {"reduction": "none", "label_smoothing": 0.1}, masked, masked_labels)
    loss_case("bce_with_logits at infinite logits", "bce_with_logits", {"reduction": "none"},
              torch.tensor([[inf, -inf, inf, -inf]]), torch.tensor([[1., 0., 0., 1.]]))
    edges = torch.tensor([[inf, -inf, nan, 0., 1., -1.]])
    for layers in [[["relu"]], [["leaky_relu", {"negative_slope": 0.1}]], [["sigmoid"]], [["tanh"]], [["gelu"]],
                   [["gelu", {"approximate": "tanh"}]], [["softplus"]], [["softplus", {"beta": 2.0}]]]:
        module_case(" ".join(str(v) for v in layers[0]) + " at infinities and NaN", layers, [edges])
    module_case("softmax of masked (-inf) scores", [["softmax", {"dim": 1}]], [masked])
    constant = torch.cat([torch.full((4, 1), 2.5), randn(4, 2)], 1)
    module_case("batchnorm1d with a constant feature (zero variance)", [["batchnorm1d", 3]], [constant, constant],
                modes=["train", "eval"])


def more_losses():
    """L1, smooth L1, Huber, NLL, BCE on probabilities, KL divergence and LogSoftmax: each reduction, and the edges —
    differences exactly at a kink (0, ±beta, ±delta), probabilities of exactly 0 and 1, targets of 0."""
    reductions = ["mean", "sum", "none"]
    x = randn(4, 3, scale=1.5)
    t = randn(4, 3)
    base = f32(torch.tensor([[0.25, -1.5, 2., 0., 1., -0.75, 4., -3.]]))

    def at_kinks(k):
        """Targets `base` and predictions that differ from them by exactly 0, ±k, ±k/4, ±3k and a little more."""
        return f32(base + torch.tensor([[0., k, -k, 0.25 * k, -0.25 * k, 3. * k + 1, -3. * k - 1, 0.]])), base

    for red in reductions:
        loss_case(f"l1_loss {red}", "l1_loss", {"reduction": red}, x, t)
        loss_case(f"l1_loss {red} ties (x = t)", "l1_loss", {"reduction": red}, *at_kinks(1.0))
        for beta in [1.0, 0.5]:
            loss_case(f"smooth_l1_loss {red} beta {beta}", "smooth_l1_loss", {"reduction": red, "beta": beta}, x, t)
        loss_case(f"huber_loss {red} delta 1.0", "huber_loss", {"reduction": red, "delta": 1.0}, x, t)
    for beta in [1.0, 0.5, 2.0, 0.0]:
        loss_case(f"smooth_l1_loss none beta {beta} at the kinks", "smooth_l1_loss", {"reduction": "none", "beta": beta},
                  *at_kinks(beta))
    loss_case("smooth_l1_loss sum beta 0 (L1, random)", "smooth_l1_loss", {"reduction": "sum", "beta": 0.0}, x, t)
    for delta in [1.0, 2.5, 0.25]:
        loss_case(f"huber_loss none delta {delta} at the kinks", "huber_loss", {"reduction": "none", "delta": delta},
                  *at_kinks(delta))
    loss_case("huber_loss mean delta 2.5", "huber_loss", {"reduction": "mean", "delta": 2.5}, x, t)

    n, c = 6, 5
    logp = f32(F.log_softmax(randn(n, c, scale=2.0), dim=1))
    labels = torch.randint(0, c, (n,), generator=GEN)
    class_weight = [0.2, 1.0, 2.5, 0.7, 1.3]
    ignored = labels.clone()
    ignored[1] = -100
    ignored[4] = -100
    ignored2 = labels.clone()
    ignored2[0] = 2
    for red in reductions:
        loss_case(f"nll_loss {red}", "nll_loss", {"reduction": red}, logp, labels)
        loss_case(f"nll_loss {red} class weights", "nll_loss", {"reduction": red, "weight": class_weight}, logp, labels)
        loss_case(f"nll_loss {red} ignore_index -100", "nll_loss", {"reduction": red}, logp, ignored)
        loss_case(f"nll_loss {red} ignore_index 2, weights", "nll_loss",
                  {"reduction": red, "ignore_index": 2, "weight": class_weight}, logp, ignored2)
    for red in ["mean", "sum"]:
        loss_case(f"nll_loss {red} every target ignored", "nll_loss", {"reduction": red}, logp[:2],
                  torch.tensor([-100, -100]))

    p = rand(5, 4)
    pt = rand(5, 4)
    hard = f32(torch.tensor([[1., 0., 1., 1.], [0., 0., 1., 0.], [1., 1., 0., 0.], [0., 1., 1., 0.], [1., 0., 0., 1.]]))
    edge_p = f32(torch.tensor([[0., 1., 0., 1.], [0.5, 1e-44, 1. - 2. ** -24, 0.25], [1e-30, 1. - 2. ** -10, 2. ** -20,
                                                                                      0.75]]))
    edge_t = f32(torch.tensor([[0., 1., 1., 0.], [0.3, 1., 0., 0.75], [1., 0., 0.5, 0.75]]))
    for red in reductions:
        loss_case(f"binary_cross_entropy {red}", "binary_cross_entropy", {"reduction": red}, p, pt)
        loss_case(f"binary_cross_entropy {red} hard targets", "binary_cross_entropy", {"reduction": red}, p, hard)
        loss_case(f"binary_cross_entropy {red} probabilities at 0 and 1", "binary_cross_entropy", {"reduction": red},
                  edge_p, edge_t)
        loss_case(f"binary_cross_entropy {red} weight per column", "binary_cross_entropy",
                  {"reduction": red, "weight": [[0.5, 2.0, 1.0, 0.0]]}, p, pt)
    loss_case("binary_cross_entropy none weight per element", "binary_cross_entropy",
              {"reduction": "none", "weight": rand(5, 4).tolist()}, p, pt)

    q = f32(F.log_softmax(randn(4, 5), dim=1))
    target = F.softmax(randn(4, 5, scale=2.0), dim=1)
    target[0, 1] = 0.
    target[2, 0] = 0.
    target[3, :] = torch.tensor([0., 0., 1., 0., 0.])
    target = f32(target)
    log_target = f32(F.log_softmax(randn(4, 5, scale=2.0), dim=1))
    for red in ["mean", "sum", "none", "batchmean"]:
        loss_case(f"kl_div {red}", "kl_div", {"reduction": red}, q, target)
        loss_case(f"kl_div {red} log_target", "kl_div", {"reduction": red, "log_target": True}, q, log_target)
    loss_case("kl_div batchmean 3-D", "kl_div", {"reduction": "batchmean"}, f32(F.log_softmax(randn(2, 3, 4), dim=2)),
              f32(F.softmax(randn(2, 3, 4), dim=2)))
    loss_case("kl_div none at -inf input (NaN where the target is 0, as torch)", "kl_div", {"reduction": "none"},
              torch.tensor([[float("-inf"), -1., 0., -2.]]), torch.tensor([[0., 0., 0.5, 0.5]]))

    cube = randn(2, 3, 4, scale=2.0)
    for dim in [1, -1, 0]:
        module_case(f"log_softmax dim {dim}", [["log_softmax", {"dim": dim}]],
                    [randn(3, 8, scale=3.0), f32(torch.tensor([[1000., -1000., 0., 1000., 5., 5., 5., 5.],
                                                               [-50., 50., 0., 0., 1., 1., 1., -1.]]))])
    module_case("log_softmax 3-D dim 1", [["log_softmax", {"dim": 1}]], [cube])
    module_case("sequential linear, tanh, linear, log_softmax", [["linear", 3, 4], ["tanh"], ["linear", 4, 5],
                                                                  ["log_softmax", {"dim": 1}]], [randn(6, 3)])


def class_losses_nd():
    """cross_entropy and nll_loss on [N, C, d1, ..., dk] and unbatched [C] inputs, and cross_entropy against class
    probabilities (soft labels): drawn after every other case, so the earlier cases' draws are unchanged."""
    c = 4
    class_weight = [0.3, 1.0, 2.2, 0.6]
    inputs = {"k=1": (3, c, 5), "k=2": (2, c, 3, 2)}
    for k, shape in inputs.items():
        logits = randn(*shape, scale=2.0)
        logp = f32(F.log_softmax(randn(*shape, scale=2.0), dim=1))
        positions = (shape[0],) + shape[2:]
        labels = torch.randint(0, c, positions, generator=GEN)
        ignored = labels.clone().reshape(-1)
        ignored[1] = -100
        ignored[-2] = -100
        ignored = ignored.reshape(positions)
        ignored2 = labels.clone().reshape(-1)
        ignored2[0] = 2
        ignored2 = ignored2.reshape(positions)
        probs = f32(F.softmax(randn(*shape, scale=2.0), dim=1))
        for red in ["mean", "sum", "none"]:
            loss_case(f"cross_entropy {k} {red}", "cross_entropy", {"reduction": red}, logits, labels)
            loss_case(f"cross_entropy {k} {red} weights, label_smoothing 0.2", "cross_entropy",
                      {"reduction": red, "weight": class_weight, "label_smoothing": 0.2}, logits, labels)
            loss_case(f"cross_entropy {k} {red} ignore_index -100, label_smoothing 0.1", "cross_entropy",
                      {"reduction": red, "label_smoothing": 0.1}, logits, ignored)
            loss_case(f"cross_entropy {k} {red} ignore_index 2, weights", "cross_entropy",
                      {"reduction": red, "ignore_index": 2, "weight": class_weight}, logits, ignored2)
            loss_case(f"nll_loss {k} {red}", "nll_loss", {"reduction": red}, logp, labels)
            loss_case(f"nll_loss {k} {red} weights, ignore_index -100", "nll_loss",
                      {"reduction": red, "weight": class_weight}, logp, ignored)
            loss_case(f"cross_entropy {k} {red} probabilities", "cross_entropy", {"reduction": red}, logits, probs)
            loss_case(f"cross_entropy {k} {red} probabilities, weights, label_smoothing 0.25", "cross_entropy",
                      {"reduction": red, "weight": class_weight, "label_smoothing": 0.25}, logits, probs)

    logits = randn(5, c, scale=2.0)
    probs = F.softmax(randn(5, c, scale=2.0), dim=1)
    probs[1] = torch.tensor([0., 1., 0., 0.])
    probs[3] = torch.tensor([0.5, 0., 0., 0.5])
    probs = f32(probs)
    for red in ["mean", "sum", "none"]:
        loss_case(f"cross_entropy {red} probabilities", "cross_entropy", {"reduction": red}, logits, probs)
        loss_case(f"cross_entropy {red} probabilities, weights", "cross_entropy",
                  {"reduction": red, "weight": class_weight}, logits, probs)
        loss_case(f"cross_entropy {red} probabilities, label_smoothing 0.1", "cross_entropy",
                  {"reduction": red, "label_smoothing": 0.1}, logits, probs)
        loss_case(f"cross_entropy {red} probabilities, weights, label_smoothing 0.3", "cross_entropy",
                  {"reduction": red, "weight": class_weight, "label_smoothing": 0.3}, logits, probs)
        loss_case(f"cross_entropy unbatched {red} weights, label_smoothing 0.2", "cross_entropy",
                  {"reduction": red, "weight": class_weight, "label_smoothing": 0.2}, randn(c, scale=2.0),
                  torch.tensor(2))
        loss_case(f"cross_entropy unbatched {red} probabilities, weights", "cross_entropy",
                  {"reduction": red, "weight": class_weight}, randn(c, scale=2.0), probs[0])
        loss_case(f"nll_loss unbatched {red} weights", "nll_loss", {"reduction": red, "weight": class_weight},
                  f32(F.log_softmax(randn(c), dim=0)), torch.tensor(1))


def layernorm_silu_elu():
    """LayerNorm over the last one or two dimensions (affine with a random γ and β, or not; a non-default eps; a row of
    one constant value; a large mean with a small spread; eval mode, which changes nothing), then SiLU and ELU at their
    kinks, extremes and edges, and a stack using all three."""
    affine = lambda n, p: 1.0 + randn(*p.shape, scale=0.5) if n.endswith("weight") else randn(*p.shape, scale=0.5)
    module_case("layernorm [N, C]", [["layernorm", [5]]], [randn(4, 5, scale=2.0) + 1.0, randn(1, 5)],
                modes=["train", "eval"], init=affine)
    module_case("layernorm [N, L, C] over the last dimension", [["layernorm", [6]]], [randn(2, 3, 6, scale=1.5)],
                init=affine)
    module_case("layernorm [N, C, L] over the last two dimensions", [["layernorm", [3, 4]]],
                [randn(2, 3, 4, scale=1.5) - 0.5, randn(3, 3, 4)], init=affine)
    module_case("layernorm over every dimension of an unbatched input", [["layernorm", [2, 3, 4]]],
                [randn(2, 3, 4)], init=affine)
    module_case("layernorm elementwise_affine off", [["layernorm", [5], {"elementwise_affine": False}]],
                [randn(4, 5, scale=2.0) + 1.0])
    module_case("layernorm last two dimensions, eps 1e-2, elementwise_affine off",
                [["layernorm", [3, 4], {"eps": 1e-2, "elementwise_affine": False}]], [randn(2, 3, 4, scale=0.2)])
    module_case("layernorm eps 1e-3", [["layernorm", [4], {"eps": 1e-3}]], [randn(3, 4, scale=0.1)], init=affine)
    constant = torch.cat([torch.full((1, 5), 2.5), randn(2, 5)], 0)
    module_case("layernorm with a constant row (zero variance)", [["layernorm", [5]]], [constant], init=affine)
    module_case("layernorm large mean, small spread", [["layernorm", [8]]], [f32(1000.0 + randn(3, 8, scale=0.01))],
                init=affine)
    kinks = f32(torch.tensor([[0., -0., 1e-7, -1e-7, 1., -1., 50., -50.], [100., -100., 1000., -1000., 20., -20.,
                                                                             0.5, -0.5]]))
    smooth = randn(3, 8, scale=3.0)
    near = f32(torch.linspace(-10, 10, 16).reshape(2, 8))
    edges = torch.tensor([[float("inf"), -float("inf"), float("nan"), 0., 1., -1.]])
    module_case("silu", [["silu"]], [kinks, smooth, near])
    module_case("silu at infinities and NaN", [["silu"]], [edges])
    for alpha in [1.0, 0.5, 2.0]:
        module_case(f"elu alpha {alpha}", [["elu", {"alpha": alpha}]], [kinks, smooth, near])
    module_case("elu at infinities and NaN", [["elu"]], [edges])
    module_case("sequential linear, layernorm, silu, linear, elu",
                [["linear", 4, 6], ["layernorm", [6]], ["silu"], ["linear", 6, 3], ["elu", {"alpha": 0.7}]],
                [randn(5, 4)], init=lambda n, p: randn(*p.shape, scale=0.5))


def frozen_parameters():
    """Parameters frozen with requires_grad_(False): PyTorch gives them no gradient (None, written as null) and the
    fused layers still send the input's and the other parameters' gradients; BatchNorm's running statistics still move
    in training mode."""
    module_case("frozen linear weight", [["linear", 5, 3]], [randn(4, 5), randn(2, 5)], frozen=["0.weight"])
    module_case("frozen batchnorm1d weight and bias", [["batchnorm1d", 4]],
                [randn(6, 4, scale=2.0) + 1.0, randn(6, 4), randn(3, 4)], modes=["train", "train", "eval"],
                init=lambda n, p: 1.0 + randn(*p.shape, scale=0.3) if n.endswith("weight") else randn(*p.shape),
                frozen=["0.weight", "0.bias"])
    module_case("frozen layernorm weight", [["layernorm", [6]]], [randn(3, 6, scale=1.5)],
                init=lambda n, p: 1.0 + randn(*p.shape, scale=0.5) if n.endswith("weight") else randn(*p.shape),
                frozen=["0.weight"])
    module_case("sequential with a frozen first linear and batchnorm bias",
                [["linear", 5, 6], ["batchnorm1d", 6], ["relu"], ["linear", 6, 3]], [randn(8, 5), randn(8, 5)],
                init=lambda n, p: randn(*p.shape, scale=0.5), frozen=["0.weight", "0.bias", "1.bias"])


def convolution():
    """Conv2d with every option (stride, padding, dilation, non-square kernels, groups, no bias, a 1×1 kernel, an
    unbatched input, a batch larger than Descent's block of 8 images), MaxPool2d with ties, NaN and -inf (PyTorch's CPU
    kernel: the first of equal maxima, the last NaN), dilation and padding, AvgPool2d with and without
    count_include_pad, and a small CNN."""
    module_case("conv2d 3x3", [["conv2d", 2, 3, 3]], [randn(2, 2, 5, 5), randn(1, 2, 3, 4)])
    module_case("conv2d stride 2, padding 1", [["conv2d", 2, 3, 3, {"stride": 2, "padding": 1}]],
                [randn(2, 2, 7, 6)])
    module_case("conv2d kernel (3, 2), stride (2, 1), padding (1, 0)",
                [["conv2d", 3, 2, [3, 2], {"stride": [2, 1], "padding": [1, 0]}]], [randn(2, 3, 6, 5)])
    module_case("conv2d dilation 2, padding 2", [["conv2d", 2, 2, 3, {"dilation": 2, "padding": 2}]],
                [randn(2, 2, 5, 6)])
    module_case("conv2d kernel (2, 3), dilation (1, 2), stride (1, 3), no bias",
                [["conv2d", 2, 4, [2, 3], {"dilation": [1, 2], "stride": [1, 3], "bias": False}]],
                [randn(3, 2, 4, 9)])
    module_case("conv2d 1x1", [["conv2d", 3, 4, 1]], [randn(2, 3, 3, 4)])
    module_case("conv2d 1x1 groups 3", [["conv2d", 6, 3, 1, {"groups": 3}]], [randn(2, 6, 2, 3)])
    module_case("conv2d groups 2, padding 1", [["conv2d", 4, 6, 3, {"groups": 2, "padding": 1}]],
                [randn(2, 4, 4, 5)])
    module_case("conv2d depthwise (groups = channels), stride 2",
                [["conv2d", 3, 3, 3, {"groups": 3, "stride": 2, "padding": 1}]], [randn(2, 3, 5, 5)])
    module_case("conv2d unbatched [C, H, W]", [["conv2d", 2, 3, 3, {"padding": 1}]], [randn(2, 4, 4)])
    module_case("conv2d batch of 19 (three blocks of Descent's 8)", [["conv2d", 2, 3, 3]], [randn(19, 2, 4, 4)])
    module_case("conv2d kernel as large as the padded input", [["conv2d", 1, 2, 4, {"padding": 1}]],
                [randn(2, 1, 2, 2)])

    ties = torch.randint(-2, 3, (2, 3, 6, 7), generator=GEN).to(torch.float64)
    module_case("maxpool2d 2", [["maxpool2d", 2]], [randn(2, 3, 6, 7), ties])
    module_case("maxpool2d 3, stride 2, padding 1, ties", [["maxpool2d", 3, {"stride": 2, "padding": 1}]],
                [ties, randn(2, 3, 5, 5)])
    module_case("maxpool2d 3, stride 1, overlapping ties", [["maxpool2d", 3, {"stride": 1}]], [ties])
    module_case("maxpool2d kernel (2, 3), stride (1, 2), padding (1, 1), dilation (2, 1)",
                [["maxpool2d", [2, 3], {"stride": [1, 2], "padding": [1, 1], "dilation": [2, 1]}]], [ties])
    inf, nan = float("inf"), float("nan")
    edges = torch.tensor([[[[1., 3., 3., 0.], [3., nan, 2., nan], [nan, 0., 0., 0.], [-inf, -inf, 5., 5.]]]])
    module_case("maxpool2d with NaN and -inf", [["maxpool2d", 2, {"stride": 1}]], [edges])
    module_case("maxpool2d with NaN and -inf, padding 1", [["maxpool2d", 2, {"padding": 1}]],
                [edges, torch.full((1, 1, 3, 3), -inf)])
    module_case("maxpool2d unbatched", [["maxpool2d", 2]], [ties[0]])

    module_case("avgpool2d 2", [["avgpool2d", 2]], [randn(2, 3, 6, 7)])
    for include in [True, False]:
        module_case(f"avgpool2d 3, stride 2, padding 1, count_include_pad {include}",
                    [["avgpool2d", 3, {"stride": 2, "padding": 1, "count_include_pad": include}]],
                    [randn(2, 3, 6, 7), randn(1, 2, 3, 3)])
        module_case(f"avgpool2d kernel (3, 2), stride (2, 1), padding (1, 1), count_include_pad {include}",
                    [["avgpool2d", [3, 2], {"stride": [2, 1], "padding": [1, 1], "count_include_pad": include}]],
                    [randn(2, 2, 5, 4)])
    module_case("avgpool2d unbatched, overlapping", [["avgpool2d", 3, {"stride": 1}]], [randn(2, 4, 5)])

    module_case("cnn conv, relu, maxpool, conv, relu, avgpool, flatten, linear",
                [["conv2d", 1, 4, 3, {"padding": 1}], ["relu"], ["maxpool2d", 2], ["conv2d", 4, 6, 3],
                 ["relu"], ["avgpool2d", 2], ["flatten"], ["linear", 6, 3]], [randn(5, 1, 8, 8)],
                init=lambda n, p: randn(*p.shape, scale=0.5))


def batchnorm2d():
    """BatchNorm2d over several training steps then eval (running statistics over N·H·W values per channel), with
    momentum None, without affine parameters, without running statistics, and in a CNN block."""
    affine = lambda n, p: 1.0 + randn(*p.shape, scale=0.3) if n.endswith("weight") else randn(*p.shape)
    steps = lambda: [randn(3, 2, 4, 5, scale=2.0) + 1.0, randn(2, 2, 3, 3), randn(3, 2, 4, 5)]
    module_case("batchnorm2d", [["batchnorm2d", 2]], steps(), modes=["train", "train", "eval"], init=affine)
    module_case("batchnorm2d momentum None, eps 1e-3", [["batchnorm2d", 2, {"momentum": None, "eps": 1e-3}]],
                steps(), modes=["train", "train", "eval"], init=affine)
    module_case("batchnorm2d affine off", [["batchnorm2d", 2, {"affine": False}]], steps(),
                modes=["train", "train", "eval"])
    module_case("batchnorm2d track_running_stats off", [["batchnorm2d", 2, {"track_running_stats": False}]],
                steps(), modes=["train", "eval"] + ["train"], init=affine)
    module_case("batchnorm2d one image: statistics over H·W alone",
                [["batchnorm2d", 3]], [randn(1, 3, 2, 1)], init=affine)
    module_case("cnn conv, batchnorm2d, relu, maxpool", [["conv2d", 2, 4, 3, {"padding": 1, "bias": False}],
                                                        ["batchnorm2d", 4], ["relu"], ["maxpool2d", 2]],
                [randn(4, 2, 6, 6), randn(4, 2, 6, 6)], modes=["train", "eval"],
                init=lambda n, p: 1.0 + randn(*p.shape, scale=0.3) if n.endswith("1.weight") else randn(*p.shape,
                                                                                                           scale=0.5))


losses()
nonfinite()
activations()
batchnorm()
stacks()
more_losses()
class_losses_nd()
layernorm_silu_elu()
frozen_parameters()
convolution()
batchnorm2d()
with open(OUT, "w") as f:
    json.dump({"conventions": "PyTorch " + torch.__version__ + ", float64 on CPU; inputs and parameters are float32 "
               "values; gradients are of sum(output * upstream); see nn/src/test/python/make_nn_extra.py",
               "cases": CASES}, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(len(CASES), "cases ->", OUT)
