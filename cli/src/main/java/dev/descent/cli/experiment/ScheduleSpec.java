package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.CosineAnnealingWarmRestarts;
import dev.descent.optim.schedule.CyclicLr;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LambdaLr;
import dev.descent.optim.schedule.LinearDecay;
import dev.descent.optim.schedule.LinearLr;
import dev.descent.optim.schedule.MultiStepLr;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.PolynomialLr;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepLr;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A learning-rate schedule from the command line: {@code NAME[:VALUE…]}, or a warm-up before one. Every duration
 * counts epochs. With lr₀ the run's {@code --lr} and e the epoch (from 0):
 * <p>Stepped once per epoch:
 * <ul>
 *   <li>{@code constant} — lr₀ throughout;</li>
 *   <li>{@code step-drop[:DROP[:EVERY]]} — the lecture's custom schedule, {@code lr₀ · DROP^⌊(1 + e) / EVERY⌋}
 *       (Keras {@code LearningRateScheduler(step_decay)}; default DROP 0.5 and EVERY a quarter of the epochs);</li>
 *   <li>{@code step:EVERY[:GAMMA]} — PyTorch's {@code StepLR}, {@code lr₀ · GAMMA^⌊e / EVERY⌋} (GAMMA 0.1);</li>
 *   <li>{@code multistep:M1,M2,...[:GAMMA]} — PyTorch's {@code MultiStepLR}, {@code lr₀ · GAMMA^(milestones ≤ e)}
 *       (GAMMA 0.1);</li>
 *   <li>{@code exponential:GAMMA} — {@code lr₀ · GAMMA^e};</li>
 *   <li>{@code cosine} — cosine annealing to 0 over the run;</li>
 *   <li>{@code linear-decay:TAU:FRACTION} — the Deep Learning book's (§8.3.1): from lr₀ linearly to
 *       {@code FRACTION · lr₀} at epoch TAU, then held ({@code (1 − e/TAU)·lr₀ + (e/TAU)·FRACTION·lr₀});</li>
 *   <li>{@code poly:TOTAL[:POWER]} — PyTorch's {@code PolynomialLR}, {@code lr₀ · (1 − min(e, TOTAL)/TOTAL)^POWER}
 *       (POWER 1).</li>
 * </ul>
 * <p>Stepped after every minibatch, durations in epochs (fractions allowed) turned into steps:
 * <ul>
 *   <li>{@code onecycle:MAX_LR[:PCT_START]} — PyTorch's {@code OneCycleLR} over the whole run: from MAX_LR/25 up to
 *       MAX_LR over the first PCT_START (0.3) of the steps, then cosine down to MAX_LR/(25·10⁴); ignores
 *       {@code --lr};</li>
 *   <li>{@code cyclic:BASE:MAX:STEP_UP[:MODE[:GAMMA]]} — PyTorch's {@code CyclicLR}: up from BASE to MAX in STEP_UP
 *       epochs and down as long; MODE {@code triangular} (default), {@code triangular2} (amplitude halved every
 *       cycle) or {@code exp-range} (amplitude × GAMMA per epoch); ignores {@code --lr};</li>
 *   <li>{@code warm-restarts:T0[:T_MULT]} — SGDR, PyTorch's {@code CosineAnnealingWarmRestarts}: cosine from lr₀ to 0
 *       over T0 epochs, restart, the next cycle T_MULT (1) times longer.</li>
 * </ul>
 * onecycle and cyclic also cycle the momentum (SGD's, RMSprop's) or Adam's β₁ against the rate — 0.95 → 0.85 → 0.95
 * and 0.9 → 0.8 → 0.9, PyTorch's defaults — when the optimizer has a momentum above 0 or a β₁.
 * <p>{@code warmup:EPOCHS[:START]+SCHEDULE} — PyTorch's {@code LinearLR(START, 1, EPOCHS)} then
 * {@code SCHEDULE} through {@link Schedule#then} (as {@code SequentialLR}): the rate climbs linearly from
 * {@code START · lr₀} (START 1/3, PyTorch's default) after every minibatch, then SCHEDULE starts afresh on the epochs
 * left (cosine anneals over them); an epoch schedule after it changes its rate every epoch's worth of steps.
 * onecycle and cyclic have a warm-up of their own and take no prefix.
 *
 * <p>Time-based decay, {@code lr₀ / (1 + decay·t)}, is SGD's {@code --decay} option rather than a schedule.
 *
 * @param text         the schedule as written
 * @param perIteration stepped after every minibatch rather than every epoch
 * @param ownRate      sets the rate itself, ignoring the initial one (onecycle, cyclic)
 * @param make         the schedule fitted to a run
 */
public record ScheduleSpec(String text, boolean perIteration, boolean ownRate, Function<Pace, Schedule> make) {

    static final String OPTION = "--schedule";
    private static final String WARMUP = "warmup:EPOCHS[:START]";

    /**
     * What a schedule is fitted to.
     *
     * @param steps         optimizer steps in the run (or in what a warm-up leaves of it)
     * @param stepsPerEpoch optimizer steps per epoch
     * @param lr            the initial learning rate
     * @param momentum      whether the optimizer has a momentum or β₁ to cycle
     */
    public record Pace(long steps, int stepsPerEpoch, double lr, boolean momentum) {
        /** The run's length in whole epochs, at least 1. */
        public int epochs() {
            return (int) Math.max(1, Math.round((double) steps / stepsPerEpoch));
        }

        /** Steps in {@code epochs} epochs, at least 1. */
        public long steps(double epochs) {
            return Math.max(1, Math.round(epochs * stepsPerEpoch));
        }
    }

    /** The forms, with whether they are stepped per minibatch. */
    enum Form {
        CONSTANT("constant", false),
        STEP_DROP("step-drop[:DROP[:EVERY]]", false),
        STEP("step:EVERY[:GAMMA]", false),
        MULTISTEP("multistep:M1,M2,...[:GAMMA]", false),
        EXPONENTIAL("exponential:GAMMA", false),
        COSINE("cosine", false),
        LINEAR_DECAY("linear-decay:TAU:FRACTION", false),
        POLY("poly:TOTAL[:POWER]", false),
        ONECYCLE("onecycle:MAX_LR[:PCT_START]", true),
        CYCLIC("cyclic:BASE:MAX:STEP_UP[:MODE[:GAMMA]]", true),
        WARM_RESTARTS("warm-restarts:T0[:T_MULT]", true);

        final String usage;
        final boolean perIteration;

        Form(String usage, boolean perIteration) {
            this.usage = usage;
            this.perIteration = perIteration;
        }

        String key() {
            return usage.split("[:\\[]")[0];
        }

        /** Every usage, in order. */
        static String usages() {
            return Arrays.stream(values()).map(f -> f.usage).collect(Collectors.joining(", "));
        }
    }

    /** Every form, for messages. */
    public static final String NAMES = Form.usages() + ", " + WARMUP + "+SCHEDULE";

    /** The option's help (a constant, as annotations need; a test keeps it in step with the forms). */
    public static final String HELP = "Learning-rate schedule (default: ${DEFAULT-VALUE}); every duration counts "
            + "epochs.%n"
            + "Per epoch: constant, step-drop[:DROP[:EVERY]] (lr·DROP^floor((1+e)/EVERY), 0.5 and a quarter of the "
            + "epochs), step:EVERY[:GAMMA], multistep:M1,M2,...[:GAMMA] (GAMMA 0.1), exponential:GAMMA, cosine, "
            + "linear-decay:TAU:FRACTION (the book's: linearly to FRACTION·lr at epoch TAU, then held), "
            + "poly:TOTAL[:POWER] (lr·(1 − e/TOTAL)^POWER, POWER 1).%n"
            + "Per minibatch (fractions of epochs allowed): onecycle:MAX_LR[:PCT_START] (up from MAX_LR/25 over "
            + "PCT_START of the run, 0.3, then down to MAX_LR/25e4), cyclic:BASE:MAX:STEP_UP[:MODE[:GAMMA]] (MODE "
            + "triangular, triangular2, or exp-range with GAMMA the amplitude's factor per epoch), "
            + "warm-restarts:T0[:T_MULT] (cosine to 0 over T0 epochs, restart, next cycle T_MULT times longer). "
            + "onecycle and cyclic ignore --lr and cycle the momentum or β1 against the rate when the optimizer "
            + "has one.%n"
            + "Prefix " + WARMUP + "+SCHEDULE: the rate climbs linearly from START·lr (START 1/3) each minibatch, "
            + "then SCHEDULE runs on the epochs left. Example: warmup:2+cosine.";

    public static ScheduleSpec constant() {
        return parse("constant");
    }

    /** Whether the rate never changes (then no scheduler is installed, leaving the rate to a plateau callback). */
    public boolean isConstant() {
        return text.strip().equalsIgnoreCase("constant");
    }

    /** The schedule for a run; a value the run cannot take (a warm-up longer than it) is bad input. */
    public Schedule schedule(Pace pace) {
        try {
            return make.apply(pace);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(OPTION + " '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Parses the text, or a {@link BadInputException} naming the option, the text and the part at fault. */
    public static ScheduleSpec parse(String text) {
        String t = text.strip();
        if (!t.toLowerCase(Locale.ROOT).startsWith("warmup")) {
            SpecParts p = SpecParts.of(OPTION, t);
            return build(t, form(p), p);
        }
        int plus = t.indexOf('+');
        SpecParts head = SpecParts.of(OPTION, t, plus < 0 ? t : t.substring(0, plus));
        if (plus < 0) {
            throw head.bad("expected " + WARMUP + "+SCHEDULE");
        }
        head.expect(WARMUP);
        double epochs = head.positive(1, "EPOCHS");
        double start = head.has(2) ? head.within(2, "START", 0, true, 1, false) : 1.0 / 3;
        SpecParts rest = SpecParts.of(OPTION, t, t.substring(plus + 1));
        Form next = form(rest);
        if (next == Form.ONECYCLE || next == Form.CYCLIC) {
            throw rest.bad(next.key() + " warms up by itself; give it without " + WARMUP + "+");
        }
        ScheduleSpec after = build(t, next, rest);
        return new ScheduleSpec(t, true, false, pace -> {
            long warm = pace.steps(epochs);
            if (warm >= pace.steps()) {
                throw new IllegalArgumentException("a warm-up of " + warm + " steps leaves nothing of the "
                        + pace.steps() + "-step run");
            }
            Schedule later = after.perStep(new Pace(pace.steps() - warm, pace.stepsPerEpoch(), pace.lr(),
                    pace.momentum()));
            return new LinearLr(start, 1, warm).then(warm, later);
        });
    }

    /** This schedule stepped per minibatch: an epoch schedule keeps each rate for an epoch's worth of steps. */
    private Schedule perStep(Pace pace) {
        Schedule s = make.apply(pace);
        int per = pace.stepsPerEpoch();
        return perIteration ? s : (t, lr0) -> s.lr(t / per, lr0);
    }

    private static Form form(SpecParts p) {
        for (Form f : Form.values()) {
            if (f.key().equals(p.part(0))) {
                p.expect(f.usage);
                return f;
            }
        }
        throw p.bad(p.part(0).equals("warmup") ? "one warm-up only"
                : "unknown schedule '" + p.part(0) + "'; known: " + NAMES);
    }

    private static ScheduleSpec build(String text, Form form, SpecParts p) {
        Function<Pace, Schedule> make = switch (form) {
            case CONSTANT -> pace -> Schedule.constant();
            case STEP_DROP -> {
                double drop = p.has(1) ? p.positive(1, "DROP") : 0.5;
                Long every = p.has(2) ? p.whole(2, "EVERY", 1) : null;
                yield pace -> stepDrop(drop, every != null ? every : Math.max(1, pace.epochs() / 4));
            }
            case STEP -> {
                long every = p.whole(1, "EVERY", 1);
                double gamma = p.has(2) ? p.positive(2, "GAMMA") : 0.1;
                yield pace -> new StepLr(every, gamma);
            }
            case MULTISTEP -> {
                long[] milestones = p.wholes(1, "milestone", 1);
                double gamma = p.has(2) ? p.positive(2, "GAMMA") : 0.1;
                yield pace -> new MultiStepLr(gamma, milestones);
            }
            case EXPONENTIAL -> {
                double gamma = p.positive(1, "GAMMA");
                yield pace -> new ExponentialLr(gamma);
            }
            case COSINE -> pace -> new CosineAnnealingLr(pace.epochs(), 0);
            case LINEAR_DECAY -> {
                long tau = p.whole(1, "TAU", 1);
                double fraction = p.within(2, "FRACTION", 0, false, 1, false);
                yield pace -> new LinearDecay(tau, fraction * pace.lr());
            }
            case POLY -> {
                long total = p.whole(1, "TOTAL", 1);
                double power = p.has(2) ? p.positive(2, "POWER") : 1;
                yield pace -> new PolynomialLr(total, power);
            }
            case ONECYCLE -> oneCycle(p);
            case CYCLIC -> cyclic(p);
            case WARM_RESTARTS -> {
                double t0 = p.positive(1, "T0");
                long mult = p.has(2) ? p.whole(2, "T_MULT", 1) : 1;
                yield pace -> new CosineAnnealingWarmRestarts(pace.steps(t0), mult, 0);
            }
        };
        return new ScheduleSpec(text, form.perIteration, form == Form.ONECYCLE || form == Form.CYCLIC, make);
    }

    private static Function<Pace, Schedule> oneCycle(SpecParts p) {
        double maxLr = p.positive(1, "MAX_LR");
        double pct = p.has(2) ? p.within(2, "PCT_START", 0, true, 1, true) : 0.3;
        return pace -> {
            // OneCycleLr's warm-up ends at step PCT_START·T − 1; it needs a step to climb through.
            if (pct * pace.steps() < 2) {
                throw new IllegalArgumentException("PCT_START " + pct + " of " + pace.steps() + " steps leaves no "
                        + "warm-up step");
            }
            OneCycleLr s = OneCycleLr.of(maxLr, pace.steps()).withPctStart(pct);
            return pace.momentum() ? s : s.withoutMomentumCycling();
        };
    }

    private static Function<Pace, Schedule> cyclic(SpecParts p) {
        double base = p.positive(1, "BASE");
        double max = p.positive(2, "MAX");
        if (!(base < max)) {
            throw p.bad("BASE must be below MAX, got " + p.part(1) + " and " + p.part(2));
        }
        double stepUp = p.positive(3, "STEP_UP");
        String mode = p.has(4) ? p.part(4) : "triangular";
        CyclicLr.Mode m = switch (mode) {
            case "triangular" -> CyclicLr.Mode.TRIANGULAR;
            case "triangular2" -> CyclicLr.Mode.TRIANGULAR2;
            case "exp-range", "exp_range" -> CyclicLr.Mode.EXP_RANGE;
            default -> throw p.bad("MODE '" + mode + "' is not triangular, triangular2 or exp-range");
        };
        if (m == CyclicLr.Mode.EXP_RANGE != p.has(5)) {
            throw p.bad(p.has(5) ? "GAMMA goes with exp-range only" : "exp-range takes GAMMA, its amplitude's "
                    + "factor per epoch");
        }
        double gamma = p.has(5) ? p.within(5, "GAMMA", 0, true, 1, false) : 1;
        return pace -> {
            long up = pace.steps(stepUp);
            CyclicLr s = CyclicLr.of(base, max, up).withMode(m, Math.pow(gamma, 1.0 / pace.stepsPerEpoch()));
            return pace.momentum() ? s : s.withoutMomentumCycling();
        };
    }

    /**
     * The lecture's step drop: {@code lr(e) = lr₀ · drop^⌊(1 + e) / every⌋}. The {@code 1 +} makes the first drop
     * come one epoch before {@code StepLr}'s, as in the Keras {@code step_decay} function the lecture shows.
     */
    static Schedule stepDrop(double drop, long every) {
        return LambdaLr.factor(e -> Math.pow(drop, Math.floor((1.0 + e) / every)));
    }

    @Override
    public String toString() {
        return text;
    }
}
