package dev.descent.optim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.autograd.Variable;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.CosineAnnealingWarmRestarts;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LinearLr;
import dev.descent.optim.schedule.MultiStepLr;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepLr;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Builds Descent optimizers and schedules from PyTorch's class names and keyword arguments, refusing unknown ones. */
final class TorchConfigs {
    private TorchConfigs() {
    }

    /** Reads the keyword arguments, remembering which were used so that an unknown one fails the test. */
    private static final class Args {
        final JsonNode node;
        final Set<String> used = new HashSet<>();

        Args(JsonNode node) {
            this.node = node;
        }

        double d(String key, double fallback) {
            used.add(key);
            return node.has(key) ? node.get(key).asDouble() : fallback;
        }

        boolean b(String key, boolean fallback) {
            used.add(key);
            return node.has(key) ? node.get(key).asBoolean() : fallback;
        }

        double beta(int i, double fallback) {
            used.add("betas");
            return node.has("betas") ? node.get("betas").get(i).asDouble() : fallback;
        }

        <T> T done(T built) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!used.contains(k)) {
                    throw new IllegalArgumentException("unknown PyTorch argument " + k + " in " + node);
                }
            }
            return built;
        }
    }

    static Optimizer<?> optimizer(String cls, JsonNode hyper, List<Variable> params) {
        Args a = new Args(hyper);
        switch (cls) {
            case "SGD" -> {
                Sgd.Options d = Sgd.defaults();
                return a.done(new Sgd(params, new Sgd.Options(a.d("lr", d.lr()), a.d("momentum", 0),
                        a.d("dampening", 0), a.d("weight_decay", 0), a.b("nesterov", false), a.b("maximize", false),
                        0)));
            }
            case "Adagrad" -> {
                AdaGrad.Options d = AdaGrad.defaults();
                return a.done(new AdaGrad(params, new AdaGrad.Options(a.d("lr", d.lr()), a.d("lr_decay", 0),
                        a.d("weight_decay", 0), a.d("initial_accumulator_value", 0), a.d("eps", d.eps()),
                        a.b("maximize", false))));
            }
            case "Adadelta" -> {
                AdaDelta.Options d = AdaDelta.defaults();
                return a.done(new AdaDelta(params, new AdaDelta.Options(a.d("lr", d.lr()), a.d("rho", d.rho()),
                        a.d("eps", d.eps()), a.d("weight_decay", 0), a.b("maximize", false))));
            }
            case "RMSprop" -> {
                RmsProp.Options d = RmsProp.defaults();
                return a.done(new RmsProp(params, new RmsProp.Options(a.d("lr", d.lr()), a.d("alpha", d.alpha()),
                        a.d("eps", d.eps()), a.d("weight_decay", 0), a.d("momentum", 0), a.b("centered", false),
                        a.b("maximize", false))));
            }
            case "Adam", "AdamW" -> {
                Adam.Options d = cls.equals("Adam") ? Adam.defaults() : AdamW.defaults();
                Adam.Options o = new Adam.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()), a.beta(1, d.beta2()),
                        a.d("eps", d.eps()), a.d("weight_decay", d.weightDecay()), a.b("amsgrad", false),
                        a.b("maximize", false));
                return a.done(cls.equals("Adam") ? new Adam(params, o) : new AdamW(params, o));
            }
            case "NAdam" -> {
                // The reference file was recorded with PyTorch 1.13, before NAdam's momentum-product fix.
                NAdam.Options d = NAdam.defaults();
                return a.done(new NAdam(List.of(new ParamGroup<>(params, new NAdam.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0),
                        a.d("momentum_decay", d.momentumDecay()), a.b("decoupled_weight_decay", false),
                        a.b("maximize", false)))), true));
            }
            case "RAdam" -> {
                RAdam.Options d = RAdam.defaults();
                return a.done(new RAdam(params, new RAdam.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0),
                        a.b("decoupled_weight_decay", false), a.b("maximize", false))));
            }
            case "Adamax" -> {
                Adamax.Options d = Adamax.defaults();
                return a.done(new Adamax(params, new Adamax.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0), a.b("maximize", false))));
            }
            default -> throw new IllegalArgumentException("no Descent optimizer for PyTorch's " + cls);
        }
    }

    static Schedule schedule(String type, JsonNode args) {
        Args a = new Args(args);
        return switch (type) {
            case "StepLR" -> a.done(new StepLr((long) a.d("step_size", 0), a.d("gamma", 0.1)));
            case "ExponentialLR" -> a.done(new ExponentialLr(a.d("gamma", 0)));
            case "CosineAnnealingLR" -> a.done(new CosineAnnealingLr((long) a.d("T_max", 0), a.d("eta_min", 0)));
            case "MultiStepLR" -> {
                a.used.add("milestones");
                long[] ms = new long[args.get("milestones").size()];
                for (int i = 0; i < ms.length; i++) {
                    ms[i] = args.get("milestones").get(i).asLong();
                }
                yield a.done(new MultiStepLr(a.d("gamma", 0.1), ms));
            }
            case "LinearLR" -> a.done(new LinearLr(a.d("start_factor", 1.0 / 3), a.d("end_factor", 1.0),
                    (long) a.d("total_iters", 5)));
            case "OneCycleLR" -> a.done(OneCycleLr.of(a.d("max_lr", 0), (long) a.d("total_steps", 0)));
            case "CosineAnnealingWarmRestarts" -> a.done(new CosineAnnealingWarmRestarts((long) a.d("T_0", 0),
                    (long) a.d("T_mult", 1), a.d("eta_min", 0)));
            default -> throw new IllegalArgumentException("no Descent schedule for PyTorch's " + type);
        };
    }
}
