"""Keras's EarlyStopping and ReduceLROnPlateau decisions, transliterated, for Descent's callback tests.

Source: the keras 3.15.1 wheel from PyPI (keras-3.15.1-py3-none-any.whl, sha256
836460e480930acbd19bb7a17e62f9ecad40e8a9af9a651fc8d0586a96d27e20), files
  keras/src/callbacks/monitor_callback.py     lines 41-104  (MonitorCallback: mode, min_delta sign, _is_improvement)
  keras/src/callbacks/early_stopping.py       lines 66-141  (EarlyStopping.__init__, on_train_begin, on_epoch_end,
                                                             on_train_end)
  keras/src/callbacks/reduce_lr_on_plateau.py lines 48-153  (ReduceLROnPlateau.__init__, _reset,
                                                             _reduce_optimizer_lr, on_epoch_end, in_cooldown)
The same logic is on keras-team/keras master (reduce_lr_on_plateau.py subclassing MonitorCallback).

Each function below follows its Keras method statement by statement (the Keras line numbers are in the comments);
only the model is replaced by a list of epoch numbers ("the weights of epoch e") and the optimizer by a float.

Two details of a real Keras run are stated rather than simulated:
  * comparisons: `ops.less/ops.greater` on Python floats are float64 comparisons on the NumPy backend (np.less),
    which this file (plain Python floats) reproduces; the torch/TF/JAX backends convert both sides to float32
    first, so values closer than a float32 ulp can compare differently there.
  * the learning rate: Keras keeps it in a float32 variable (hence `old_lr > np.float32(self.min_lr)`), and so
    does this file (`float32_lr`); Descent keeps a double, so its rates match these to float32 precision (the
    "descent" run below, with double rates, is checked to take the same decisions).

Where Descent deliberately differs, the case carries both: "expected" (Keras) and "descent" with a reason.
The one such rule: in Keras 3 the first monitored value is always an improvement (`reference_value is None`), even
NaN, which then is the best for the rest of the run (nothing compares better than NaN); Descent never takes a NaN as
the best (Keras 2's rule, whose best started at +-inf).

Run:  /usr/bin/python3 train/src/test/python/keras_callback_decisions.py > \
          train/src/test/resources/keras/callback_decisions.json
"""
import json
import math
import struct
import sys

INF = float("inf")

# Metrics a Descent fit records and the direction Keras's metric objects of those names carry (`_direction`,
# e.g. keras/src/metrics/accuracy_metrics.py line 56: Accuracy(name="accuracy") is "up").
MODEL_METRICS = {"accuracy": "up"}


def float32_lr(x):
    """The value a Keras float32 learning-rate variable holds after `optimizer.learning_rate = x`."""
    return struct.unpack("f", struct.pack("f", x))[0]


class MonitorCallback:
    """monitor_callback.py lines 41-104."""

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0, descent=False):
        self.monitor = monitor                      # line 56
        self.mode = mode                            # line 57
        self.best = baseline                        # line 58
        self.min_delta = abs(min_delta)             # line 59
        self.monitor_op = None                      # line 60
        self.descent = descent

    def _set_monitor_op(self):
        if self.mode == "min":                                  # line 63
            self.monitor_op = "less"
        elif self.mode == "max":                                # line 65
            self.monitor_op = "greater"
        else:
            metric_name = self.monitor.removeprefix("val_")     # line 68
            if metric_name == "loss":                           # line 69
                self.monitor_op = "less"
            for name, direction in MODEL_METRICS.items():       # lines 71-88
                if name == metric_name:
                    self.monitor_op = "greater" if direction == "up" else "less"
            if self.monitor_op is None:                         # line 89
                raise ValueError("cannot infer direction of " + self.monitor)
        if self.monitor_op == "less":                           # line 98
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:                             # line 102
            if self.descent:
                return not math.isnan(monitor_value)            # Descent: a NaN is never the best
            return True
        a = monitor_value - self.min_delta                      # line 104
        return a < reference_value if self.monitor_op == "less" else a > reference_value


class EarlyStopping(MonitorCallback):
    """early_stopping.py lines 66-141; `weights` stand for the model: the epoch whose weights it holds."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0, descent=False):
        super().__init__(monitor, mode, min_delta=min_delta, descent=descent)  # line 77
        self.patience = patience
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch
        self.stop_training = False
        self.weights = None

    def on_train_begin(self):
        self.wait = 0                               # lines 89-93
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, current):
        self.weights = epoch                        # the model now holds epoch `epoch`'s weights
        if self.monitor_op is None:                 # line 96
            self._set_monitor_op()
        if current is None or epoch < self.start_from_epoch:   # line 101
            return
        if self.restore_best_weights and self.best_weights is None:   # line 104
            self.best_weights = self.weights
            self.best_epoch = epoch
        self.wait += 1                              # line 110
        if self._is_improvement(current, self.best):            # line 111
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.weights
            if self.baseline is None or self._is_improvement(current, self.baseline):   # line 118
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:             # line 124
            self.stopped_epoch = epoch
            self.stop_training = True

    def on_train_end(self):
        if self.restore_best_weights and self.best_weights is not None:   # line 134
            self.weights = self.best_weights


class ReduceLROnPlateau(MonitorCallback):
    """reduce_lr_on_plateau.py lines 48-153, one optimizer whose learning rate is `self.lr`."""

    def __init__(self, lr, monitor="val_loss", factor=0.1, patience=10, mode="auto", min_delta=1e-4, cooldown=0,
                 min_lr=0.0, descent=False):
        super().__init__(monitor, mode, min_delta=min_delta, descent=descent)   # line 60
        if factor >= 1.0:                           # line 61
            raise ValueError("factor >= 1")
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0
        self.lr = lr if descent else float32_lr(lr)

    def _reset(self):
        self.best = None                            # lines 77-79
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self):
        old_lr = self.lr                            # line 82
        if old_lr > (self.min_lr if self.descent else float32_lr(self.min_lr)):   # line 83
            new_lr = old_lr * self.factor           # line 84
            new_lr = max(new_lr, self.min_lr)
            self.lr = new_lr if self.descent else float32_lr(new_lr)   # line 86: a float32 variable
            return True
        return False

    def on_train_begin(self):
        self._reset()

    def on_epoch_end(self, epoch, current):
        if self.monitor_op is None:                 # line 100
            self._set_monitor_op()
        if current is None:                         # line 115
            return
        if self.in_cooldown():                      # line 123
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):   # line 127
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():                # line 130
            self.wait += 1
            if self.wait >= self.patience:          # line 132
                reduced = self._reduce_optimizer_lr()   # lines 142-146
                if reduced:                         # line 148
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0            # line 153


def run_early_stopping(options, metrics, descent):
    cb = EarlyStopping(descent=descent, **options)
    cb.on_train_begin()
    waits, bests = [], []
    epochs_run = 0
    try:
        for epoch, value in enumerate(metrics):
            epochs_run += 1
            cb.on_epoch_end(epoch, value)
            waits.append(cb.wait)
            bests.append(cb.best)
            if cb.stop_training:
                break
    except ValueError as e:
        return {"error": str(e)}
    cb.on_train_end()
    return {
        "epochsRun": epochs_run,
        "stoppedEpoch": cb.stopped_epoch if cb.stop_training else -1,
        "bestEpoch": cb.best_epoch,
        "best": cb.best,
        "restoredFromEpoch": cb.weights if cb.restore_best_weights and cb.best_weights is not None else None,
        "wait": waits,
        "bestPerEpoch": bests,
    }


def run_plateau(options, metrics, descent):
    options = dict(options)
    cb = ReduceLROnPlateau(options.pop("initialLr"), descent=descent, **options)
    cb.on_train_begin()
    lrs, waits, cooldowns = [], [], []
    try:
        for epoch, value in enumerate(metrics):
            cb.on_epoch_end(epoch, value)
            lrs.append(cb.lr)
            waits.append(cb.wait)
            cooldowns.append(cb.cooldown_counter)
    except ValueError as e:
        return {"error": str(e)}
    return {"lr": lrs, "wait": waits, "cooldown": cooldowns, "best": cb.best}


NAN = float("nan")

EARLY_STOPPING_CASES = [
    ("defaults: patience 0 stops at the first non-improvement", {"monitor": "val_loss"}, [1.0, 0.9, 0.95, 0.5]),
    ("patience 2, min_delta 0.05 (Keras docs)", {"monitor": "val_loss", "patience": 2, "min_delta": 0.05},
     [1.0, 0.5, 0.46, 0.47, 0.1, 0.1]),
    ("a tie exactly at min_delta is no improvement (0.75 + 0.25 == 1.0)",
     {"monitor": "loss", "patience": 1, "min_delta": 0.25}, [1.0, 0.75, 0.5, 0.49]),
    ("min_delta 0.1: 0.9 + 0.1 rounds to 1.0 exactly, no improvement",
     {"monitor": "loss", "patience": 1, "min_delta": 0.1}, [1.0, 0.9, 0.8, 0.8]),
    ("max mode, tie exactly at min_delta", {"monitor": "val_accuracy", "mode": "max", "patience": 1,
                                             "min_delta": 0.25}, [0.25, 0.5, 0.75, 0.75]),
    ("equal values never improve with min_delta 0", {"monitor": "loss", "patience": 2}, [2.0, 2.0, 2.0, 2.0]),
    ("auto mode on an accuracy watches it upwards", {"monitor": "val_accuracy", "patience": 1,
                                                     "restore_best_weights": True}, [0.5, 0.9, 0.8, 0.7, 0.95]),
    ("auto mode on a loss", {"monitor": "val_loss", "patience": 1}, [0.5, 0.9, 0.8, 0.7, 0.95]),
    ("auto mode on a metric of unknown direction is an error", {"monitor": "seconds"}, [1.0, 2.0]),
    ("NaN in the middle never improves", {"monitor": "loss", "patience": 2, "restore_best_weights": True},
     [1.0, NAN, 0.9, NAN, NAN, 0.1]),
    ("NaN first: Keras 3 takes it as the best for good", {"monitor": "loss", "patience": 2,
                                                          "restore_best_weights": True},
     [NAN, 1.0, 0.5, 0.4, 0.3, 0.2]),
    ("all NaN, restoring: the first monitored epoch's weights", {"monitor": "loss", "patience": 1,
                                                                 "restore_best_weights": True}, [NAN, NAN, NAN]),
    ("+inf first value (min mode) is an improvement in Keras 3", {"monitor": "loss", "patience": 2},
     [INF, INF, INF, INF, INF]),
    ("baseline never reached: stops after patience epochs, restores the best of them",
     {"monitor": "loss", "patience": 3, "baseline": 0.1, "restore_best_weights": True},
     [1.0, 0.9, 0.8, 0.85, 0.7, 0.6]),
    ("baseline reached later resets the wait", {"monitor": "loss", "patience": 2, "baseline": 0.5},
     [1.0, 0.9, 0.4, 0.45, 0.45, 0.45]),
    ("baseline with min_delta: must beat baseline - min_delta",
     {"monitor": "loss", "patience": 1, "baseline": 0.5, "min_delta": 0.25}, [0.5, 0.25, 0.26, 0.0, 0.1]),
    ("start_from_epoch: the warm-up is not monitored", {"monitor": "loss", "patience": 1, "start_from_epoch": 3,
                                                        "restore_best_weights": True},
     [0.1, 0.2, 0.3, 5.0, 4.0, 4.5, 4.5]),
    ("start_from_epoch beyond the run: never stops, nothing restored",
     {"monitor": "loss", "start_from_epoch": 10, "restore_best_weights": True}, [3.0, 2.0, 4.0]),
    ("runs to the end without stopping: Keras 3 still restores the best",
     {"monitor": "loss", "patience": 5, "restore_best_weights": True}, [3.0, 1.0, 2.0]),
    ("patience 0 cannot stop at epoch 0 (the epoch > 0 rule)",
     {"monitor": "loss", "start_from_epoch": 0, "baseline": 0.0}, [1.0, 2.0]),
    ("negative min_delta is taken as its absolute value", {"monitor": "loss", "patience": 1, "min_delta": -0.25},
     [1.0, 0.8, 0.7]),
]

PLATEAU_CASES = [
    ("patience 2, factor 0.5: cuts at wait >= patience", {"monitor": "loss", "patience": 2, "factor": 0.5},
     [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ("patience 0 cuts at every non-improvement", {"monitor": "loss", "patience": 0, "factor": 0.5},
     [1.0, 0.5, 0.6, 0.4, 0.4]),
    ("cooldown with patience 0: no cut while cooling down, the counter stays 0",
     {"monitor": "loss", "patience": 0, "factor": 0.5, "cooldown": 2}, [1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.5, 2.0]),
    ("cooldown 1, patience 1", {"monitor": "val_loss", "patience": 1, "factor": 0.1, "cooldown": 1},
     [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ("an improvement during cooldown still counts", {"monitor": "loss", "patience": 1, "factor": 0.5,
                                                     "cooldown": 3}, [1.0, 1.5, 0.9, 0.8, 1.0, 1.0, 1.0]),
    ("default min_delta 1e-4 is absolute: 0.99995 is no improvement on 1.0",
     {"monitor": "loss", "patience": 1, "factor": 0.5}, [1.0, 0.99995, 0.9998, 0.9998]),
    ("tie exactly at min_delta (0.75 + 0.25 == 1.0)", {"monitor": "loss", "patience": 1, "factor": 0.5,
                                                       "min_delta": 0.25}, [1.0, 0.75, 0.5, 0.5]),
    ("max mode via auto (an accuracy)", {"monitor": "val_accuracy", "patience": 1, "factor": 0.5},
     [0.5, 0.6, 0.6, 0.7, 0.7]),
    ("min_lr floor: clamps, then no more cuts and the wait keeps growing",
     {"monitor": "loss", "patience": 1, "factor": 0.1, "min_lr": 0.004}, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ("NaN never improves after the first value", {"monitor": "loss", "patience": 1, "factor": 0.5},
     [1.0, NAN, NAN, 0.5, NAN]),
    ("NaN first: Keras 3 takes it as the best for good", {"monitor": "loss", "patience": 2, "factor": 0.5},
     [NAN, 1.0, 0.9, 0.8, 0.7, 0.6]),
    ("auto mode on a metric of unknown direction is an error", {"monitor": "seconds"}, [1.0]),
]


def encode(x):
    """JSON for a value: non-finite numbers as the strings Java's Double.parseDouble reads."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, list):
        return [encode(v) for v in x]
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    return x


def same_decisions(a, b):
    """Equal results, learning rates to float32 precision (Keras holds float32, Descent doubles)."""
    def rates(r):
        return r.pop("lr", [])
    a, b = dict(a), dict(b)
    ra, rb = rates(a), rates(b)
    close = len(ra) == len(rb) and all(abs(x - y) <= 1e-6 * abs(y) for x, y in zip(ra, rb))
    return close and json.dumps(encode(a)) == json.dumps(encode(b))


def cases(table, run, defaults):
    out = []
    for name, options, metrics in table:
        options = dict(defaults, **options)
        case = {"name": name, "options": options, "metrics": metrics, "expected": run(options, metrics, False)}
        descent = run(options, metrics, True)
        if not same_decisions(descent, case["expected"]):
            case["descent"] = descent
            case["why"] = "Descent never takes a NaN as the best value; Keras 3 takes the first monitored value, NaN too"
        out.append(case)
    return out


def main():
    doc = {
        "source": "keras 3.15.1 (PyPI wheel sha256 836460e4...7e20): keras/src/callbacks/monitor_callback.py, "
                  "early_stopping.py, reduce_lr_on_plateau.py; NumPy-backend (float64) comparisons",
        "earlyStopping": cases(EARLY_STOPPING_CASES, run_early_stopping, {}),
        "reduceLROnPlateau": cases(PLATEAU_CASES, run_plateau, {"initialLr": 0.1}),
    }
    json.dump(encode(doc), sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
