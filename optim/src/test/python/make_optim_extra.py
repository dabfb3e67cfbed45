"""Extra PyTorch reference trajectories for Descent's optimizers, schedulers and gradient clipping.

Rerun (from the repository root; needs PyTorch 1.13, Debian's python3-torch):

    /usr/bin/python3 optim/src/test/python/make_optim_extra.py > optim/src/test/resources/optim-pytorch-extra.json

The output is deterministic (seeded gradients, float64 throughout). `PyTorchReplayTest` replays it.

Format: the format of the shared `optim-pytorch.json` (see its README: `cases[]` with `name`, `optimizer`,
`hyperparameters`, optional `scheduler` {`type`, `args`}, `shapes`, `initial`, `steps[]` of `lr`, `grad`, `after`),
extended only where a case needs it:

- `groups` (optional): PyTorch parameter groups, in order, each `{"params": [names], "hyperparameters": {...}}`; a
  group's hyper-parameters override the case's `hyperparameters`, as a param_group's keys override an optimizer's
  defaults. Without `groups` every parameter is in one group.
- `steps[].lrs`: with `groups`, the learning rate in force for every group (`lr` stays group 0's).
- `steps[].momentum`: where a scheduler cycles momentum, group 0's momentum (SGD) or beta1 (Adam) in force for the
  step; with `groups`, `steps[].momenta` holds every group's.
- `steps[].grad.<name>` may be null: the parameter has no gradient for that step and PyTorch skips it.
- Per-group scheduler arguments: where PyTorch takes a list (OneCycleLR's `max_lr`, `base_momentum`,
  `max_momentum`; CyclicLR's `base_lr`, `max_lr`, `base_momentum`, `max_momentum`; ReduceLROnPlateau's `min_lr`),
  `args` may hold one, with an entry per group.
- `steps[].metric`: for `ReduceLROnPlateau`, the metric given to `scheduler.step(metric)` after the optimizer step.
- `scheduler.type` `LambdaLR`: `args.lr_lambda` is the lambda's body as Python over `epoch` (the lecture's step decay
  `0.5 ** floor((1 + epoch) / 10)` or `0.9 ** epoch`), or a list of such bodies, one per group; `SequentialLR`: `args.schedulers` is a list of
  {`type`, `args`} built in order on the same optimizer, then `args.milestones`.
- `clip_cases[]`: one call of `clip_grad_norm_` (`args`: `max_norm`, `norm_type`, a number or the string "inf") or
  `clip_grad_value_` (`args`: `clip_value`) over several gradients: `shapes`, `grads` (before), `clipped` (after),
  and for `clip_grad_norm_` the returned `total_norm`.

Gradients and initial values are rounded to float32 so that Descent (float32) starts from exactly PyTorch's inputs;
the gradients include large (x100), small (x1e-5), always-zero, sign-alternating elements and an all-zero step.
"""
import json
import math
import sys
import warnings

import torch
from torch.optim import lr_scheduler as sched

torch.set_default_dtype(torch.float64)
# SequentialLR restarts each scheduler with step(0), which PyTorch 1.13 warns about; the closed form it then uses is
# what SequentialLR means.
warnings.filterwarnings("ignore", message="The epoch parameter")

SHAPES = {"w": [3, 4], "b": [4]}
STEPS = 25


def f32(t):
    """The float32 value nearest to t, back in float64: what Descent reads."""
    return t.float().double()


def values(t):
    return [float(x) for x in t.reshape(-1)]


def gradients(seed, steps, shapes=SHAPES, missing=()):
    """Seeded gradients per step. Element 0 of every tensor is always 0; element 1 alternates its sign; element 2 is
    large (x100) every fourth step; element 3 is small (x1e-5); step 7 is all zero. `missing` holds (step, name)
    pairs whose gradient is None."""
    gen = torch.Generator().manual_seed(seed)
    out = []
    for k in range(steps):
        step = {}
        for name, shape in shapes.items():
            g = torch.randn(shape, generator=gen).reshape(-1)
            g[0] = 0.0
            g[1] = abs(g[1]) * (1 if k % 2 == 0 else -1) + 0.1 * (1 if k % 2 == 0 else -1)
            if k % 4 == 0:
                g[2] *= 1e2
            g[3] *= 1e-5
            if k == 7:
                g.zero_()
            step[name] = None if (k, name) in missing else f32(g.reshape(shape))
        out.append(step)
    return out


def initial(seed, shapes=SHAPES):
    gen = torch.Generator().manual_seed(seed)
    return {name: f32(torch.randn(shape, generator=gen)) for name, shape in shapes.items()}


def build_scheduler(spec, optimizer):
    args = dict(spec["args"])
    kind = spec["type"]
    if kind == "LambdaLR":
        bodies = args.pop("lr_lambda")
        lambdas = [eval("lambda epoch: " + b, {"floor": math.floor})
                   for b in (bodies if isinstance(bodies, list) else [bodies])]
        args["lr_lambda"] = lambdas if isinstance(bodies, list) else lambdas[0]
    if kind == "SequentialLR":
        args["schedulers"] = [build_scheduler(s, optimizer) for s in args["schedulers"]]
    return getattr(sched, kind)(optimizer, **args)


def cycled_momentum(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def case(name, optimizer, hyper, scheduler=None, groups=None, steps=STEPS, seed=0, metrics=None, missing=(),
         record_momentum=False):
    init = initial(1000 + seed)
    params = {n: torch.nn.Parameter(v.clone()) for n, v in init.items()}
    kwargs = dict(hyper)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    if groups:
        torch_groups = []
        for g in groups:
            tg = {"params": [params[n] for n in g["params"]]}
            tg.update({k: tuple(v) if k == "betas" else v for k, v in g["hyperparameters"].items()})
            torch_groups.append(tg)
        opt = getattr(torch.optim, optimizer)(torch_groups, **kwargs)
    else:
        opt = getattr(torch.optim, optimizer)(list(params.values()), **kwargs)
    sch = build_scheduler(scheduler, opt) if scheduler else None
    record = []
    for k, grads in enumerate(gradients(seed, steps, missing=missing)):
        step = {"lr": opt.param_groups[0]["lr"]}
        if groups:
            step["lrs"] = [g["lr"] for g in opt.param_groups]
        if record_momentum:
            step["momentum"] = cycled_momentum(opt.param_groups[0])
            if groups:
                step["momenta"] = [cycled_momentum(g) for g in opt.param_groups]
        for n, p in params.items():
            p.grad = None if grads[n] is None else grads[n].clone()
        opt.step()
        if sch is not None:
            if metrics is not None:
                step["metric"] = metrics[k]
                sch.step(metrics[k])
            else:
                sch.step()
        step["grad"] = {n: None if g is None else values(g) for n, g in grads.items()}
        step["after"] = {n: values(p.detach()) for n, p in params.items()}
        record.append(step)
    out = {"name": name, "optimizer": optimizer, "hyperparameters": hyper}
    if groups:
        out["groups"] = groups
    if scheduler:
        out["scheduler"] = scheduler
    out.update({"shapes": SHAPES, "initial": {n: values(v) for n, v in init.items()}, "steps": record})
    return out


def group(params, **hyper):
    return {"params": params, "hyperparameters": hyper}


def optimizer_cases():
    return [
        case("sgd_nesterov_wd_maximize", "SGD",
             {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01, "maximize": True}),
        case("sgd_dampening_no_wd", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}, seed=1),
        case("adagrad_wd", "Adagrad", {"lr": 0.1, "weight_decay": 0.01}, seed=2),
        case("adagrad_maximize_wd_lrdecay", "Adagrad",
             {"lr": 0.1, "weight_decay": 0.02, "lr_decay": 0.05, "maximize": True}, seed=3),
        case("adadelta_maximize", "Adadelta", {"lr": 1.0, "rho": 0.95, "maximize": True}, seed=4),
        case("adadelta_maximize_wd", "Adadelta", {"lr": 0.5, "weight_decay": 0.01, "maximize": True}, seed=5),
        case("rmsprop_momentum", "RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9}, seed=6),
        case("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True, "eps": 1e-6}, seed=7),
        case("rmsprop_maximize", "RMSprop", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.01, "maximize": True},
             seed=8),
        case("rmsprop_centered_maximize", "RMSprop", {"lr": 0.005, "centered": True, "maximize": True}, seed=9),
        case("adam_maximize", "Adam", {"lr": 0.01, "maximize": True}, seed=10),
        case("adam_amsgrad_wd", "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05}, seed=11),
        case("adam_amsgrad_wd_maximize", "Adam",
             {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01, "maximize": True, "betas": [0.8, 0.9]}, seed=12),
        case("adamw_maximize", "AdamW", {"lr": 0.01, "weight_decay": 0.1, "maximize": True}, seed=13),
        case("adamw_amsgrad_maximize", "AdamW",
             {"lr": 0.01, "weight_decay": 0.02, "amsgrad": True, "maximize": True}, seed=14),
        case("nadam_betas_eps", "NAdam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6}, seed=15),
        case("nadam_wd", "NAdam", {"lr": 0.02, "weight_decay": 0.05}, seed=16),
        case("nadam_momentum_decay", "NAdam", {"lr": 0.01, "momentum_decay": 0.05, "weight_decay": 0.01}, seed=17),
        # rho_t > 5 from step t = 6 with beta2 = 0.999, 0.99 and 0.9 alike: five unrectified steps, then rectified.
        case("radam_betas_eps_wd", "RAdam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.01},
             steps=30, seed=18),
        case("radam_beta2_0.9", "RAdam", {"lr": 0.01, "betas": [0.9, 0.9]}, steps=30, seed=19),
        case("radam_wd_long", "RAdam", {"lr": 0.005, "weight_decay": 0.1}, steps=40, seed=20),
        case("adamax_betas_eps_wd", "Adamax", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.01},
             seed=21),
        case("adamax_maximize", "Adamax", {"lr": 0.02, "maximize": True}, seed=22),
        case("adamax_maximize_wd", "Adamax", {"lr": 0.02, "weight_decay": 0.05, "maximize": True}, seed=46),
        case("adam_missing_grads", "Adam", {"lr": 0.01}, seed=23, missing={(0, "b"), (3, "b"), (4, "w"), (10, "b")}),
        # Per-parameter step counts: NAdam's mu_product, Adagrad's lr_decay and SGD's first momentum step.
        case("nadam_missing_grads", "NAdam", {"lr": 0.02}, seed=47, missing={(0, "b"), (1, "b"), (5, "w")}),
        case("adagrad_lrdecay_missing_grads", "Adagrad", {"lr": 0.1, "lr_decay": 0.1}, seed=48,
             missing={(0, "w"), (2, "b"), (3, "b")}),
        case("sgd_momentum_missing_grads", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}, seed=49,
             missing={(0, "b"), (1, "b"), (6, "w")}),
    ]


def group_cases():
    return [
        case("sgd_two_groups", "SGD", {"lr": 0.05, "momentum": 0.9},
             groups=[group(["w"], lr=0.03, weight_decay=0.01), group(["b"], lr=0.01, nesterov=True)], seed=24),
        case("adam_two_groups", "Adam", {"lr": 0.01},
             groups=[group(["w"], weight_decay=0.01), group(["b"], lr=0.05, betas=[0.8, 0.9], amsgrad=True)],
             seed=25),
        case("adagrad_two_groups_steplr", "Adagrad", {"lr": 0.1},
             groups=[group(["w"], lr_decay=0.01), group(["b"], lr=0.3, weight_decay=0.05)],
             scheduler={"type": "StepLR", "args": {"step_size": 4, "gamma": 0.5}}, seed=26),
        case("rmsprop_two_groups_cosine", "RMSprop", {"lr": 0.01, "momentum": 0.5},
             groups=[group(["b"], lr=0.02, centered=True), group(["w"], weight_decay=0.1)],
             scheduler={"type": "CosineAnnealingLR", "args": {"T_max": 12, "eta_min": 0.001}}, seed=27),
    ]


def plateau_metrics(n, seed):
    """A loss-like sequence: falls, plateaus, wiggles within the threshold, falls again."""
    gen = torch.Generator().manual_seed(seed)
    out, m = [], 1.0
    for k in range(n):
        if k < 5 or 14 <= k < 17:
            m *= 0.8
        out.append(float(m * (1 + 1e-5 * torch.randn(1, generator=gen).item())))
    return out


def scheduler_cases():
    falling = plateau_metrics(30, 0)
    rising = [1 - x for x in falling]
    cases = []
    plateaus = [("min", "rel", 1e-3, falling), ("min", "abs", 1e-4, falling), ("max", "rel", 1e-4, rising),
                ("max", "abs", 1e-3, rising)]
    for i, (mode, tmode, threshold, metrics) in enumerate(plateaus):
        cases.append(case("sgd_plateau_%s_%s" % (mode, tmode), "SGD", {"lr": 0.1, "momentum": 0.9},
                          scheduler={"type": "ReduceLROnPlateau",
                                     "args": {"mode": mode, "threshold_mode": tmode, "threshold": threshold,
                                              "factor": 0.5, "patience": 2, "cooldown": 1 + i % 2,
                                              "min_lr": 0.01}},
                          steps=30, metrics=metrics, seed=30 + i))
    # eps: a cut smaller than eps is skipped, so the rate stops at 0.1·0.3² rather than reaching min_lr.
    cases.append(case("adam_plateau_eps_defaults", "Adam", {"lr": 0.1},
                      scheduler={"type": "ReduceLROnPlateau",
                                 "args": {"factor": 0.3, "patience": 1, "eps": 0.005, "min_lr": 0.001}},
                      steps=30, metrics=falling, seed=34))
    cases.append(case("adam_two_groups_plateau", "Adam", {"lr": 0.1},
                      groups=[group(["w"], lr=0.1), group(["b"], lr=0.02)],
                      scheduler={"type": "ReduceLROnPlateau",
                                 "args": {"factor": 0.5, "patience": 0, "min_lr": 0.004}},
                      steps=30, metrics=[1.0] * 30, seed=35))
    cases.append(case("sgd_lambdalr_step_decay", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "LambdaLR", "args": {"lr_lambda": "0.5 ** floor((1 + epoch) / 10)"}},
                      steps=32, seed=36))
    cases.append(case("sgd_two_groups_lambdalr", "SGD", {"lr": 0.1, "momentum": 0.9},
                      groups=[group(["w"]), group(["b"], lr=0.3, momentum=0.5)],
                      scheduler={"type": "LambdaLR", "args": {"lr_lambda": "0.5 ** floor((1 + epoch) / 10)"}},
                      steps=25, seed=64))
    cases.append(case("sgd_linearlr_decay", "SGD", {"lr": 0.2},
                      scheduler={"type": "LinearLR", "args": {"start_factor": 1.0, "end_factor": 0.05,
                                                               "total_iters": 12}}, seed=65))
    cases.append(case("adam_sequential_linear_cosine", "Adam", {"lr": 0.02},
                      scheduler={"type": "SequentialLR", "args": {
                          "schedulers": [{"type": "LinearLR", "args": {"start_factor": 0.1, "total_iters": 5}},
                                         {"type": "CosineAnnealingLR", "args": {"T_max": 20, "eta_min": 0.001}}],
                          "milestones": [5]}}, seed=37))
    cases.append(case("sgd_sequential_three", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "SequentialLR", "args": {
                          "schedulers": [{"type": "LinearLR", "args": {"start_factor": 0.5, "total_iters": 3}},
                                         {"type": "StepLR", "args": {"step_size": 3, "gamma": 0.7}},
                                         {"type": "CosineAnnealingLR", "args": {"T_max": 10}}],
                          "milestones": [4, 12]}}, seed=38))
    cases.append(case("sgd_onecycle_linear_three_phase", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "OneCycleLR", "args": {
                          "max_lr": 0.4, "total_steps": 25, "anneal_strategy": "linear", "three_phase": True,
                          "div_factor": 10.0, "final_div_factor": 100.0}},
                      record_momentum=True, seed=39))
    cases.append(case("sgd_onecycle_cos_momentum", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True},
                      scheduler={"type": "OneCycleLR", "args": {
                          "max_lr": 0.3, "total_steps": 25, "pct_start": 0.4, "base_momentum": 0.8,
                          "max_momentum": 0.9}},
                      record_momentum=True, seed=40))
    cases.append(case("adam_onecycle_beta1", "Adam", {"lr": 0.01, "betas": [0.9, 0.99]},
                      scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.02, "total_steps": 25}},
                      record_momentum=True, seed=41))
    cases.append(case("adamw_onecycle_linear_three_phase_beta1", "AdamW", {"lr": 0.01},
                      scheduler={"type": "OneCycleLR", "args": {
                          "max_lr": 0.05, "total_steps": 25, "anneal_strategy": "linear", "three_phase": True,
                          "pct_start": 0.25, "div_factor": 5.0, "final_div_factor": 50.0, "base_momentum": 0.7,
                          "max_momentum": 0.9}},
                      record_momentum=True, seed=42))
    # The momentum or beta1 a one-cycle policy changes every step, in the optimizers that read it every step.
    for i, (optimizer, hyper) in enumerate([("RMSprop", {"lr": 0.01, "momentum": 0.5}),
                                            ("NAdam", {"lr": 0.01}), ("RAdam", {"lr": 0.01}),
                                            ("Adamax", {"lr": 0.01, "weight_decay": 0.01})]):
        cases.append(case("%s_onecycle" % optimizer.lower(), optimizer, hyper,
                          scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.03, "total_steps": 25}},
                          record_momentum=True, seed=50 + i))
    cases.append(case("sgd_onecycle_no_momentum_cycling", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "OneCycleLR", "args": {
                          "max_lr": 0.2, "total_steps": 25, "cycle_momentum": False}},
                      record_momentum=True, seed=43))
    cases.append(case("sgd_warmrestarts_tmult1_etamin", "SGD", {"lr": 0.1, "momentum": 0.5},
                      scheduler={"type": "CosineAnnealingWarmRestarts",
                                 "args": {"T_0": 4, "T_mult": 1, "eta_min": 0.01}}, seed=44))
    cases.append(case("sgd_multistep_repeated_unsorted", "SGD", {"lr": 0.2},
                      scheduler={"type": "MultiStepLR", "args": {"milestones": [6, 2, 2, 0], "gamma": 0.5}},
                      seed=54))
    cases.append(case("adam_exponentiallr_long", "Adam", {"lr": 0.05},
                      scheduler={"type": "ExponentialLR", "args": {"gamma": 0.95}}, steps=80, seed=55))
    cases.append(case("sgd_constantlr", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "ConstantLR", "args": {"factor": 0.25, "total_iters": 4}}, seed=56))
    cases.append(case("adam_sequential_constant_exponential", "Adam", {"lr": 0.02},
                      scheduler={"type": "SequentialLR", "args": {
                          "schedulers": [{"type": "ConstantLR", "args": {"factor": 0.1, "total_iters": 3}},
                                         {"type": "ExponentialLR", "args": {"gamma": 0.9}}],
                          "milestones": [3]}}, seed=57))
    cases.append(case("adam_polynomiallr_power2", "Adam", {"lr": 0.02},
                      scheduler={"type": "PolynomialLR", "args": {"total_iters": 15, "power": 2.0}}, seed=58))
    cases.append(case("sgd_polynomiallr_sqrt", "SGD", {"lr": 0.1},
                      scheduler={"type": "PolynomialLR", "args": {"total_iters": 20, "power": 0.5}}, seed=59))
    cases.append(case("sgd_cycliclr_triangular", "SGD", {"lr": 0.1, "momentum": 0.9},
                      scheduler={"type": "CyclicLR", "args": {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3,
                                                               "step_size_down": 5}},
                      steps=30, record_momentum=True, seed=60))
    cases.append(case("rmsprop_cycliclr_triangular2", "RMSprop", {"lr": 0.01, "momentum": 0.5},
                      scheduler={"type": "CyclicLR", "args": {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": 4,
                                                               "mode": "triangular2", "base_momentum": 0.7,
                                                               "max_momentum": 0.95}},
                      steps=30, record_momentum=True, seed=61))
    cases.append(case("sgd_cycliclr_exp_range", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True},
                      scheduler={"type": "CyclicLR", "args": {"base_lr": 0.02, "max_lr": 0.2, "step_size_up": 2,
                                                               "step_size_down": 3, "mode": "exp_range",
                                                               "gamma": 0.95}},
                      steps=30, record_momentum=True, seed=62))
    # PyTorch 1.13's CyclicLR cycles only a 'momentum', so Adam runs with cycle_momentum off.
    cases.append(case("adam_cycliclr_no_momentum_cycling", "Adam", {"lr": 0.01},
                      scheduler={"type": "CyclicLR", "args": {"base_lr": 0.001, "max_lr": 0.02, "step_size_up": 5,
                                                               "cycle_momentum": False}},
                      steps=30, seed=63))
    cases += per_group_scheduler_cases()
    cases.append(case("sgd_steplr_many", "SGD", {"lr": 0.3},
                      scheduler={"type": "StepLR", "args": {"step_size": 2, "gamma": 0.8}}, steps=80, seed=45))
    return cases


def per_group_scheduler_cases():
    """Schedulers given a value per group, as in discriminative fine-tuning (a smaller rate for earlier layers)."""
    two_sgd = [group(["w"], lr=0.05), group(["b"], lr=0.2, momentum=0.5)]
    return [
        case("sgd_two_groups_onecycle_per_group", "SGD", {"lr": 0.1, "momentum": 0.9}, groups=two_sgd,
             scheduler={"type": "OneCycleLR", "args": {
                 "max_lr": [0.1, 0.4], "total_steps": 25, "pct_start": 0.4, "base_momentum": [0.8, 0.6],
                 "max_momentum": [0.95, 0.9]}},
             record_momentum=True, seed=66),
        case("adam_two_groups_onecycle_per_group_max_lr", "Adam", {"lr": 0.01},
             groups=[group(["w"]), group(["b"], betas=[0.8, 0.99])],
             scheduler={"type": "OneCycleLR", "args": {
                 "max_lr": [0.02, 0.005], "total_steps": 25, "anneal_strategy": "linear", "three_phase": True}},
             record_momentum=True, seed=67),
        case("sgd_two_groups_cycliclr_per_group", "SGD", {"lr": 0.1, "momentum": 0.9}, groups=two_sgd,
             scheduler={"type": "CyclicLR", "args": {
                 "base_lr": [0.01, 0.002], "max_lr": [0.1, 0.05], "step_size_up": 3, "step_size_down": 4,
                 "mode": "triangular2", "base_momentum": [0.8, 0.5], "max_momentum": [0.9, 0.7]}},
             steps=30, record_momentum=True, seed=68),
        case("sgd_two_groups_lambdalr_per_group", "SGD", {"lr": 0.1, "momentum": 0.9},
             groups=[group(["w"]), group(["b"], lr=0.3)],
             scheduler={"type": "LambdaLR", "args": {
                 "lr_lambda": ["0.5 ** floor((1 + epoch) / 10)", "0.9 ** epoch"]}},
             steps=25, seed=69),
        case("sgd_two_groups_plateau_min_lr_per_group", "SGD", {"lr": 0.1, "momentum": 0.9},
             groups=[group(["w"], lr=0.1), group(["b"], lr=0.05)],
             scheduler={"type": "ReduceLROnPlateau", "args": {
                 "factor": 0.5, "patience": 0, "min_lr": [0.02, 0.001]}},
             steps=30, metrics=[1.0] * 30, seed=70),
    ]


def clip_case(name, function, args, seed, scale=1.0, gradless=False):
    """Three gradients of magnitudes ~0.1, ~1 and ~10 (one element zero); with `gradless`, a fourth parameter `d`
    without a gradient, which clipping must skip (its `grads` and `clipped` are null)."""
    shapes = {"w": [3, 4], "b": [4], "c": [2, 3]}
    gen = torch.Generator().manual_seed(2000 + seed)
    grads = {}
    for i, (n, s) in enumerate(shapes.items()):
        grads[n] = f32(torch.randn(s, generator=gen) * scale * (10.0 ** (i - 1)))
    grads["b"][1] = 0.0
    if gradless:
        shapes["d"] = [2]
        grads["d"] = None
    params = {n: torch.nn.Parameter(torch.zeros(s)) for n, s in shapes.items()}
    for n, p in params.items():
        p.grad = None if grads[n] is None else grads[n].clone()
    out = {"name": name, "function": function, "args": args, "shapes": shapes,
           "grads": {n: None if g is None else values(g) for n, g in grads.items()}}
    if function == "clip_grad_norm_":
        norm_type = float("inf") if args["norm_type"] == "inf" else args["norm_type"]
        total = torch.nn.utils.clip_grad_norm_(params.values(), args["max_norm"], norm_type)
        out["total_norm"] = float(total)
    else:
        torch.nn.utils.clip_grad_value_(params.values(), **args)
    out["clipped"] = {n: None if p.grad is None else values(p.grad) for n, p in params.items()}
    return out


def clip_cases():
    out = []
    for i, (norm_type, below, above) in enumerate([(2.0, 1.0, 100.0), (1.0, 3.0, 500.0), ("inf", 0.5, 50.0),
                                                   (3.0, 2.0, 100.0)]):
        out.append(clip_case("norm_%s_clipped" % norm_type, "clip_grad_norm_",
                             {"max_norm": below, "norm_type": norm_type}, seed=i))
        out.append(clip_case("norm_%s_untouched" % norm_type, "clip_grad_norm_",
                             {"max_norm": above, "norm_type": norm_type}, seed=10 + i))
    out.append(clip_case("norm_2_tiny_gradients", "clip_grad_norm_", {"max_norm": 1e-3, "norm_type": 2.0}, seed=20,
                         scale=1e-4))
    out.append(clip_case("norm_2_gradless_parameter", "clip_grad_norm_", {"max_norm": 2.0, "norm_type": 2.0}, seed=23,
                         gradless=True))
    out.append(clip_case("norm_inf_gradless_parameter", "clip_grad_norm_", {"max_norm": 2.0, "norm_type": "inf"},
                         seed=24, gradless=True))
    out.append(clip_case("norm_2_max_zero", "clip_grad_norm_", {"max_norm": 0.0, "norm_type": 2.0}, seed=25))
    out.append(clip_case("norm_0.5_clipped", "clip_grad_norm_", {"max_norm": 10.0, "norm_type": 0.5}, seed=26))
    out.append(clip_case("value_gradless_parameter", "clip_grad_value_", {"clip_value": 0.1}, seed=27,
                         gradless=True))
    out.append(clip_case("value_clipped", "clip_grad_value_", {"clip_value": 0.5}, seed=21))
    out.append(clip_case("value_untouched", "clip_grad_value_", {"clip_value": 1e3}, seed=22))
    return out


def main():
    doc = {
        "generator": "PyTorch %s on CPU, float64, by optim/src/test/python/make_optim_extra.py" % torch.__version__,
        "how_to_use": "as optim-pytorch.json; extensions (groups, lrs, momentum, metric, null gradients, "
                      "clip_cases) are described in the generator's docstring",
        "cases": optimizer_cases() + group_cases() + scheduler_cases(),
        "clip_cases": clip_cases(),
    }
    json.dump(doc, sys.stdout, indent=None)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
