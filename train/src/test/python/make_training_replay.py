"""Whole PyTorch training runs for Descent's trainer to replay step by step.

Rerun (from the repository root; needs PyTorch 1.13, Debian's python3-torch):

    /usr/bin/python3 train/src/test/python/make_training_replay.py > train/src/test/resources/training-replay.json

The output is deterministic (seeded data, initial weights and batch orders). `TrainingReplayTest` replays it through
`Trainer.fit` and through a hand-written loop.

Each case is a standard PyTorch loop, run in float64 (the reference) and again in float32 (to measure how far
float32 alone drifts from float64 over the run):

    for epoch in range(epochs):
        model.train()
        for idx in batches(orders[epoch], batch_size):        # fixed order, recorded in the JSON
            optimizer.zero_grad()
            out = model(x[idx])
            loss = criterion(out, y[idx]) + penalty(model)     # penalty: Descent's Regularization, see below
            loss.backward()
            clip_grad_norm_(model.parameters(), max_norm)     # when the case clips
            optimizer.step()
            scheduler.step()                                  # when the schedule counts iterations
        model.eval(); val_loss, val_accuracy = evaluate(model) under no_grad (penalty included)
        scheduler.step()                                      # when the schedule counts epochs
        scheduler.step(logs[monitor])                         # ReduceLROnPlateau, after validation

`penalty(model) = l2·Σ W² + l1·Σ |W|` over the weights of the Linear layers (not biases, not BatchNorm), as Descent's
`Regularization` defines it (its L2 gradient is 2·l2·W, unlike an optimizer's weight_decay). The epoch's training
loss and accuracy are those of its batches as they were trained, averaged over examples (Keras's and Descent's
`loss` and `accuracy`); validation goes through the whole set at once.

Format: `data` holds the train/validation features [N, 20] (rounded to float32), class labels and regression targets
[N, 2]. Each of `cases[]` has `name`, `task` ("classification" | "regression"), `layers[]` ({`type`: linear (in,
out) | relu | tanh | batchnorm1d (features) | dropout (p)}), `loss` ("cross_entropy" | "mse"), `optimizer` {`type`,
torch keyword arguments}, `scheduler` (null or {`type`, `args`, `unit`: "epoch" | "iteration"}; ReduceLROnPlateau
also has `monitor`, the epoch log it is stepped with), `regularization`
(null or {`l1`, `l2`}), `clip_grad_norm` (null or max_norm), `batch_size`, `epochs`, `orders` (per epoch the
permutation of the training examples; batches are its consecutive runs of batch_size, the last one may be smaller),
`shapes` and `initial` (the state_dict, parameters rounded to float32), and the runs' records:

- `steps[]`: per optimizer step `loss` (float64 run), `loss_f32` (float32 run), `lr` and, where a schedule cycles it,
  `beta1`/`momentum` in force for the step, and with clipping `grad_norm` (the total norm before clipping);
- `checkpoints[]`: after step `after_step` (1-based count), the whole state_dict (`state`, float64 run, and
  `state_f32`), buffers included;
- `epoch_logs[]`: per epoch `loss`, `accuracy`, `val_loss`, `val_accuracy`, `learning_rate` (the rate of the epoch's
  last step), float64 run; accuracies are absent for regression.
"""
import json
import sys

import torch
from torch import nn
from torch.optim import lr_scheduler as sched

N_TRAIN, N_VAL, FEATURES, CLASSES, TARGETS = 96, 32, 20, 4, 2


def f32(t):
    """The float32 value nearest to t, back in float64: what Descent reads."""
    return t.float().double()


def values(t):
    return [float(x) for x in t.detach().double().reshape(-1)]


def make_data():
    gen = torch.Generator().manual_seed(2024)
    n = N_TRAIN + N_VAL
    x = f32(torch.randn(n, FEATURES, generator=gen, dtype=torch.float64))
    teacher = torch.randn(FEATURES, CLASSES, generator=gen, dtype=torch.float64)
    noise = 0.5 * torch.randn(n, CLASSES, generator=gen, dtype=torch.float64)
    labels = (x @ teacher + noise).argmax(1)
    mix = torch.randn(FEATURES, TARGETS, generator=gen, dtype=torch.float64) / FEATURES ** 0.5
    targets = f32(torch.tanh(x @ mix) + 0.1 * torch.randn(n, TARGETS, generator=gen, dtype=torch.float64))
    binary = (labels >= 2).long()
    return {"train_x": x[:N_TRAIN], "train_y": labels[:N_TRAIN], "train_t": targets[:N_TRAIN],
            "train_b": binary[:N_TRAIN], "val_x": x[N_TRAIN:], "val_y": labels[N_TRAIN:], "val_t": targets[N_TRAIN:],
            "val_b": binary[N_TRAIN:]}


def build(layers):
    mods = []
    for spec in layers:
        kind = spec["type"]
        if kind == "linear":
            mods.append(nn.Linear(spec["in"], spec["out"]))
        elif kind == "batchnorm1d":
            mods.append(nn.BatchNorm1d(spec["features"]))
        elif kind == "relu":
            mods.append(nn.ReLU())
        elif kind == "tanh":
            mods.append(nn.Tanh())
        elif kind == "dropout":
            mods.append(nn.Dropout(spec["p"]))
        elif kind == "flatten":
            mods.append(nn.Flatten(spec["start_dim"]))
        else:
            raise ValueError(kind)
    return nn.Sequential(*mods)


def initial_state(layers, seed):
    """PyTorch's default initialization from `seed`, rounded to float32; BatchNorm's γ and β moved off 1 and 0 so that
    their gradients matter from the first step."""
    torch.manual_seed(seed)
    model = build(layers).double()
    gen = torch.Generator().manual_seed(seed + 1)
    for m in model:
        if isinstance(m, nn.BatchNorm1d):
            with torch.no_grad():
                m.weight.add_(0.2 * torch.randn(m.weight.shape, generator=gen, dtype=torch.float64))
                m.bias.add_(0.2 * torch.randn(m.bias.shape, generator=gen, dtype=torch.float64))
    return {k: f32(v) if v.is_floating_point() else v.clone() for k, v in model.state_dict().items()}


def penalty(model, reg):
    total = 0
    if reg is None:
        return total
    for m in model:
        if isinstance(m, nn.Linear):
            total = total + reg["l2"] * m.weight.square().sum() + reg["l1"] * m.weight.abs().sum()
    return total


def make_optimizer(spec, params):
    kwargs = {k: tuple(v) if k == "betas" else v for k, v in spec.items() if k != "type"}
    return getattr(torch.optim, spec["type"])(params, **kwargs)


def cycled(group):
    return ("beta1", group["betas"][0]) if "betas" in group else ("momentum", group["momentum"])


def run(case, data, init, dtype):
    model = build(case["layers"]).to(dtype)
    model.load_state_dict({k: v.to(dtype) if v.is_floating_point() else v for k, v in init.items()})
    task = case["task"]
    classification = task != "regression"
    criterion = {"cross_entropy": lambda: nn.CrossEntropyLoss(label_smoothing=case["label_smoothing"]),
                 "mse": nn.MSELoss, "bce_with_logits": nn.BCEWithLogitsLoss}[case["loss"]]()
    x, xv = data["train_x"].to(dtype), data["val_x"].to(dtype)
    y, yv = {"classification": (data["train_y"], data["val_y"]),
             "binary": (data["train_b"].to(dtype), data["val_b"].to(dtype)),
             "regression": (data["train_t"].to(dtype), data["val_t"].to(dtype))}[task]
    predict = (lambda out: (out > 0).to(dtype)) if task == "binary" else (lambda out: out.argmax(1))
    reg = case["regularization"]
    opt = make_optimizer(case["optimizer"], model.parameters())
    spec = case["scheduler"]
    scheduler = getattr(sched, spec["type"])(opt, **spec["args"]) if spec else None
    per_iteration = spec is not None and spec["unit"] == "iteration"
    cycles = spec is not None and spec["type"] == "OneCycleLR"
    bs, checkpoints_at = case["batch_size"], set(case["checkpoint_steps"])
    steps, checkpoints, epoch_logs = [], [], []
    for epoch in range(case["epochs"]):
        model.train()
        order = torch.tensor(case["orders"][epoch])
        loss_sum, correct, seen = 0.0, 0, 0
        for start in range(0, N_TRAIN, bs):
            idx = order[start:start + bs]
            step = {"lr": opt.param_groups[0]["lr"]}
            if cycles:
                key, value = cycled(opt.param_groups[0])
                step[key] = value
            opt.zero_grad()
            out = model(x[idx])
            loss = criterion(out, y[idx]) + penalty(model, reg)
            loss.backward()
            if case["clip_grad_norm"] is not None:
                step["grad_norm"] = float(nn.utils.clip_grad_norm_(model.parameters(), case["clip_grad_norm"]))
            opt.step()
            if per_iteration:
                scheduler.step()
            step["loss"] = float(loss)
            loss_sum += float(loss) * len(idx)
            seen += len(idx)
            if classification:
                correct += int((predict(out) == y[idx]).sum())
            steps.append(step)
            if len(steps) in checkpoints_at:
                checkpoints.append({"after_step": len(steps), "state": {k: values(v) for k, v in
                                                                        model.state_dict().items()}})
        logs = {"loss": loss_sum / seen, "learning_rate": steps[-1]["lr"]}
        if classification:
            logs["accuracy"] = correct / seen
        model.eval()
        with torch.no_grad():
            out = model(xv)
            logs["val_loss"] = float(criterion(out, yv) + penalty(model, reg))
            if classification:
                logs["val_accuracy"] = int((predict(out) == yv).sum()) / len(yv)
        if isinstance(scheduler, sched.ReduceLROnPlateau):
            scheduler.step(logs[spec["monitor"]])
        elif scheduler is not None and not per_iteration:
            scheduler.step()
        epoch_logs.append(logs)
    return steps, checkpoints, epoch_logs


def case(name, layers, optimizer, batch_size, epochs, seed, task="classification", scheduler=None,
         regularization=None, clip_grad_norm=None, label_smoothing=0.0):
    steps_per_epoch = -(-N_TRAIN // batch_size)
    total = steps_per_epoch * epochs
    if scheduler is not None and scheduler["type"] == "OneCycleLR":
        scheduler["args"]["total_steps"] = total
    gen = torch.Generator().manual_seed(seed)
    return {"name": name, "task": task, "layers": layers,
            "loss": {"classification": "cross_entropy", "binary": "bce_with_logits", "regression": "mse"}[task],
            "label_smoothing": label_smoothing, "optimizer": optimizer,
            "scheduler": scheduler, "regularization": regularization, "clip_grad_norm": clip_grad_norm,
            "batch_size": batch_size, "epochs": epochs,
            "orders": [[int(i) for i in torch.randperm(N_TRAIN, generator=gen)] for _ in range(epochs)],
            "checkpoint_steps": sorted({1, steps_per_epoch, total // 2, total}), "seed": seed}


def lin(i, o):
    return {"type": "linear", "in": i, "out": o}


RELU, TANH = {"type": "relu"}, {"type": "tanh"}


def bn(f):
    return {"type": "batchnorm1d", "features": f}


CASES = [
    case("sgd_momentum_steplr", [lin(20, 16), RELU, lin(16, 4)],
         {"type": "SGD", "lr": 0.1, "momentum": 0.9}, batch_size=16, epochs=5, seed=1,
         scheduler={"type": "StepLR", "args": {"step_size": 2, "gamma": 0.5}, "unit": "epoch"}),
    case("batchnorm_adam_weight_decay", [lin(20, 32), bn(32), RELU, {"type": "dropout", "p": 0.0}, lin(32, 4)],
         {"type": "Adam", "lr": 0.01, "weight_decay": 1e-3}, batch_size=16, epochs=4, seed=2),
    case("adamw_onecycle_clip", [lin(20, 32), RELU, lin(32, 16), RELU, lin(16, 4)],
         {"type": "AdamW", "lr": 0.01, "weight_decay": 0.05}, batch_size=12, epochs=5, seed=3,
         scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.03}, "unit": "iteration"}, clip_grad_norm=0.5),
    case("rmsprop_l1_l2_ragged", [lin(20, 24), TANH, lin(24, 4)],
         {"type": "RMSprop", "lr": 0.005, "alpha": 0.9}, batch_size=20, epochs=5, seed=4,
         regularization={"l1": 1e-4, "l2": 2e-3}),
    case("nesterov_cosine", [lin(20, 16), TANH, lin(16, 16), RELU, lin(16, 4)],
         {"type": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 5e-4},
         batch_size=16, epochs=5, seed=5,
         scheduler={"type": "CosineAnnealingLR", "args": {"T_max": 5}, "unit": "epoch"}),
    case("batchnorm_mse_regression", [lin(20, 16), bn(16), RELU, lin(16, 2)],
         {"type": "SGD", "lr": 0.05, "momentum": 0.5}, batch_size=16, epochs=4, seed=6, task="regression"),
    case("binary_logit_bce", [lin(20, 16), RELU, lin(16, 1), {"type": "flatten", "start_dim": 0}],
         {"type": "Adam", "lr": 0.01}, batch_size=16, epochs=4, seed=7, task="binary"),
    case("sgd_onecycle_two_batchnorms_ragged", [lin(20, 32), bn(32), RELU, lin(32, 16), bn(16), TANH, lin(16, 4)],
         {"type": "SGD", "lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 1e-3},
         batch_size=10, epochs=6, seed=8, regularization={"l1": 0.0, "l2": 5e-4}, clip_grad_norm=2.0,
         label_smoothing=0.1,
         scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.2}, "unit": "iteration"}),
    case("plateau_on_val_loss", [lin(20, 16), RELU, lin(16, 4)],
         {"type": "SGD", "lr": 0.3, "momentum": 0.9}, batch_size=32, epochs=10, seed=9,
         scheduler={"type": "ReduceLROnPlateau", "args": {"mode": "min", "factor": 0.5, "patience": 0},
                    "unit": "epoch", "monitor": "val_loss"}),
]


def main():
    data = make_data()
    cases = []
    for c in CASES:
        init = initial_state(c["layers"], 100 + c["seed"])
        steps, checkpoints, epoch_logs = run(c, data, init, torch.float64)
        steps32, checkpoints32, _ = run(c, data, init, torch.float32)
        for s, s32 in zip(steps, steps32):
            s["loss_f32"] = s32["loss"]
        checkpoints[-1]["state_f32"] = checkpoints32[-1]["state"]
        out = {k: v for k, v in c.items() if k not in ("checkpoint_steps", "seed")}
        out.update({"shapes": {k: list(v.shape) for k, v in init.items()},
                    "initial": {k: values(v) for k, v in init.items()},
                    "steps": steps, "checkpoints": checkpoints, "epoch_logs": epoch_logs})
        cases.append(out)
    doc = {"torch_version": torch.__version__,
           "data": {"features": FEATURES, "classes": CLASSES,
                    "train_x": values(data["train_x"]), "train_y": [int(v) for v in data["train_y"]],
                    "train_t": values(data["train_t"]), "train_b": [int(v) for v in data["train_b"]],
                    "val_x": values(data["val_x"]), "val_y": [int(v) for v in data["val_y"]],
                    "val_t": values(data["val_t"]), "val_b": [int(v) for v in data["val_b"]]},
           "cases": cases}
    json.dump(doc, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
