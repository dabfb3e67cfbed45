package dev.descent.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.autograd.Variable;
import dev.descent.optim.schedule.ConstantLr;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.CosineAnnealingWarmRestarts;
import dev.descent.optim.schedule.CyclicLr;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LambdaLr;
import dev.descent.optim.schedule.LinearLr;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.MultiStepLr;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.PolynomialLr;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepLr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongToDoubleFunction;

/**
 * Builds Descent optimizers (with parameter groups) and schedulers from PyTorch's class names and keyword arguments,
 * refusing unknown ones.
 */
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

        String s(String key, String fallback) {
            used.add(key);
            return node.has(key) ? node.get(key).asText() : fallback;
        }

        long[] longs(String key) {
            used.add(key);
            long[] out = new long[node.get(key).size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node.get(key).get(i).asLong();
            }
            return out;
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

    /** One PyTorch parameter group: its parameters and its keyword arguments (the optimizer's, overridden). */
    record GroupSpec(List<Variable> params, JsonNode hyperparameters) {
    }

    static Optimizer<?> optimizer(String cls, JsonNode hyper, List<Variable> params) {
        return optimizer(cls, List.of(new GroupSpec(params, hyper)));
    }

    /** The optimizer PyTorch's {@code cls(param_groups)} would be, one Descent group per PyTorch group. */
    static Optimizer<?> optimizer(String cls, List<GroupSpec> specs) {
        return switch (cls) {
            case "SGD" -> new Sgd(groups(specs, a -> new Sgd.Options(a.d("lr", Sgd.defaults().lr()),
                    a.d("momentum", 0), a.d("dampening", 0), a.d("weight_decay", 0), a.b("nesterov", false),
                    a.b("maximize", false), 0)));
            case "Adagrad" -> new AdaGrad(groups(specs, a -> new AdaGrad.Options(a.d("lr", AdaGrad.defaults().lr()),
                    a.d("lr_decay", 0), a.d("weight_decay", 0), a.d("initial_accumulator_value", 0),
                    a.d("eps", AdaGrad.defaults().eps()), a.b("maximize", false))));
            case "Adadelta" -> {
                AdaDelta.Options d = AdaDelta.defaults();
                yield new AdaDelta(groups(specs, a -> new AdaDelta.Options(a.d("lr", d.lr()), a.d("rho", d.rho()),
                        a.d("eps", d.eps()), a.d("weight_decay", 0), a.b("maximize", false))));
            }
            case "RMSprop" -> {
                RmsProp.Options d = RmsProp.defaults();
                yield new RmsProp(groups(specs, a -> new RmsProp.Options(a.d("lr", d.lr()), a.d("alpha", d.alpha()),
                        a.d("eps", d.eps()), a.d("weight_decay", 0), a.d("momentum", 0), a.b("centered", false),
                        a.b("maximize", false))));
            }
            case "Adam", "AdamW" -> {
                Adam.Options d = cls.equals("Adam") ? Adam.defaults() : AdamW.defaults();
                List<ParamGroup<Adam.Options>> g = groups(specs, a -> new Adam.Options(a.d("lr", d.lr()),
                        a.beta(0, d.beta1()), a.beta(1, d.beta2()), a.d("eps", d.eps()),
                        a.d("weight_decay", d.weightDecay()), a.b("amsgrad", false), a.b("maximize", false)));
                yield cls.equals("Adam") ? new Adam(g) : new AdamW(g);
            }
            case "NAdam" -> {
                // Recorded with PyTorch 1.13, before NAdam's momentum-product fix; 1.13 has no maximize and no
                // decoupled_weight_decay, which are read only so that a newer file could name them.
                NAdam.Options d = NAdam.defaults();
                yield new NAdam(groups(specs, a -> new NAdam.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0),
                        a.d("momentum_decay", d.momentumDecay()), a.b("decoupled_weight_decay", false),
                        a.b("maximize", false))), true);
            }
            case "RAdam" -> {
                RAdam.Options d = RAdam.defaults();
                yield new RAdam(groups(specs, a -> new RAdam.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0),
                        a.b("decoupled_weight_decay", false), a.b("maximize", false))));
            }
            case "Adamax" -> {
                Adamax.Options d = Adamax.defaults();
                yield new Adamax(groups(specs, a -> new Adamax.Options(a.d("lr", d.lr()), a.beta(0, d.beta1()),
                        a.beta(1, d.beta2()), a.d("eps", d.eps()), a.d("weight_decay", 0), a.b("maximize", false))));
            }
            default -> throw new IllegalArgumentException("no Descent optimizer for PyTorch's " + cls);
        };
    }

    /** Each spec's options, read by {@code options} from its keyword arguments, which must all have been used. */
    private static <O extends Hyperparameters<O>> List<ParamGroup<O>> groups(List<GroupSpec> specs,
                                                                           Function<Args, O> options) {
        List<ParamGroup<O>> groups = new ArrayList<>();
        for (GroupSpec spec : specs) {
            Args a = new Args(spec.hyperparameters());
            groups.add(new ParamGroup<>(spec.params(), a.done(options.apply(a))));
        }
        return groups;
    }

    /**
     * What PyTorch's scheduler {@code spec} ({@code type}, {@code args}) does after each optimizer step: a
     * {@link Schedule} per group through an {@link LrScheduler}, or a {@link ReduceLrOnPlateau} fed the step's
     * {@code metric}. Arguments PyTorch takes per group ({@link #PER_GROUP}) may be lists, one entry per group.
     */
    static Consumer<JsonNode> scheduler(JsonNode spec, Optimizer<?> optimizer) {
        String type = spec.get("type").asText();
        int groups = optimizer.groups().size();
        if (type.equals("ReduceLROnPlateau")) {
            Args a = new Args(group(spec.get("args"), 0));
            ReduceLrOnPlateau.Options d = ReduceLrOnPlateau.defaults();
            ReduceLrOnPlateau.Options options = a.done(new ReduceLrOnPlateau.Options(
                    ReduceLrOnPlateau.Mode.valueOf(a.s("mode", "min").toUpperCase(Locale.ROOT)),
                    a.d("factor", d.factor()), (int) a.d("patience", d.patience()), a.d("threshold", d.threshold()),
                    ReduceLrOnPlateau.ThresholdMode.valueOf(a.s("threshold_mode", "rel").toUpperCase(Locale.ROOT)),
                    (int) a.d("cooldown", d.cooldown()), a.d("min_lr", d.minLr()), a.d("eps", d.eps())));
            List<Double> minLrs = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                minLrs.add(new Args(group(spec.get("args"), g)).d("min_lr", d.minLr()));
            }
            ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(optimizer, options, minLrs);
            return step -> plateau.step(step.get("metric").asDouble());
        }
        List<Schedule> schedules = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            schedules.add(schedule(type, group(spec.get("args"), g)));
        }
        LrScheduler scheduler = new LrScheduler(optimizer, schedules);
        return step -> scheduler.step();
    }

    /** Scheduler arguments that PyTorch accepts as a list with one entry per parameter group. */
    static final Set<String> PER_GROUP = Set.of("max_lr", "base_lr", "base_momentum", "max_momentum", "lr_lambda",
            "min_lr");

    /** {@code args} as group {@code g} sees them: each per-group list replaced by its entry g. */
    private static JsonNode group(JsonNode args, int g) {
        ObjectNode out = args.deepCopy();
        for (String key : PER_GROUP) {
            if (out.has(key) && out.get(key).isArray()) {
                out.set(key, out.get(key).get(g));
            }
        }
        return out;
    }

    static Schedule schedule(String type, JsonNode args) {
        Args a = new Args(args);
        return switch (type) {
            case "StepLR" -> a.done(new StepLr((long) a.d("step_size", 0), a.d("gamma", 0.1)));
            case "ExponentialLR" -> a.done(new ExponentialLr(a.d("gamma", 0)));
            case "CosineAnnealingLR" -> a.done(new CosineAnnealingLr((long) a.d("T_max", 0), a.d("eta_min", 0)));
            case "MultiStepLR" -> {
                long[] ms = a.longs("milestones");
                yield a.done(new MultiStepLr(a.d("gamma", 0.1), ms));
            }
            case "LinearLR" -> a.done(new LinearLr(a.d("start_factor", 1.0 / 3), a.d("end_factor", 1.0),
                    (long) a.d("total_iters", 5)));
            case "OneCycleLR" -> {
                OneCycleLr d = OneCycleLr.of(a.d("max_lr", 0), (long) a.d("total_steps", 0));
                OneCycleLr o = d.withPctStart(a.d("pct_start", d.pctStart()))
                        .withAnneal(OneCycleLr.Anneal.valueOf(a.s("anneal_strategy", "cos").toUpperCase(Locale.ROOT)))
                        .withDivFactors(a.d("div_factor", d.divFactor()), a.d("final_div_factor", d.finalDivFactor()))
                        .withThreePhase(a.b("three_phase", false))
                        .withMomentum(a.d("base_momentum", d.baseMomentum()), a.d("max_momentum", d.maxMomentum()));
                yield a.done(a.b("cycle_momentum", true) ? o : o.withoutMomentumCycling());
            }
            case "ConstantLR" -> a.done(new ConstantLr(a.d("factor", 1.0 / 3), (long) a.d("total_iters", 5)));
            case "PolynomialLR" -> a.done(new PolynomialLr((long) a.d("total_iters", 5), a.d("power", 1)));
            case "CyclicLR" -> {
                long up = (long) a.d("step_size_up", 2000);
                CyclicLr c = CyclicLr.of(a.d("base_lr", 0), a.d("max_lr", 0), up)
                        .withStepSizeDown((long) a.d("step_size_down", up))
                        .withMode(CyclicLr.Mode.valueOf(a.s("mode", "triangular").toUpperCase(Locale.ROOT)),
                                a.d("gamma", 1))
                        .withMomentum(a.d("base_momentum", 0.8), a.d("max_momentum", 0.9));
                yield a.done(a.b("cycle_momentum", true) ? c : c.withoutMomentumCycling());
            }
            case "CosineAnnealingWarmRestarts" -> a.done(new CosineAnnealingWarmRestarts((long) a.d("T_0", 0),
                    (long) a.d("T_mult", 1), a.d("eta_min", 0)));
            case "LambdaLR" -> a.done(LambdaLr.factor(lambda(a.s("lr_lambda", ""))));
            case "SequentialLR" -> {
                long[] milestones = a.longs("milestones");
                a.used.add("schedulers");
                JsonNode specs = args.get("schedulers");
                if (specs.size() != milestones.length + 1) {
                    throw new IllegalArgumentException("SequentialLR needs one more scheduler than milestones: "
                            + args);
                }
                // s₀ until m₁, then s₁ restarted until m₂, …: built from the last phase backwards.
                int last = milestones.length;
                Schedule next = schedule(specs.get(last).get("type").asText(), specs.get(last).get("args"));
                for (int i = last - 1; i >= 0; i--) {
                    long length = milestones[i] - (i == 0 ? 0 : milestones[i - 1]);
                    next = schedule(specs.get(i).get("type").asText(), specs.get(i).get("args")).then(length, next);
                }
                yield a.done(next);
            }
            default -> throw new IllegalArgumentException("no Descent schedule for PyTorch's " + type);
        };
    }

    /** The LambdaLR lambdas the reference files use, given as Python over {@code epoch}. */
    private static LongToDoubleFunction lambda(String body) {
        return switch (body) {
            case "0.5 ** floor((1 + epoch) / 10)" -> epoch -> Math.pow(0.5, Math.floorDiv(1 + epoch, 10));  // lecture
            case "0.9 ** epoch" -> epoch -> Math.pow(0.9, epoch);
            default -> throw new IllegalArgumentException("no Descent function for the lambda " + body);
        };
    }
}
