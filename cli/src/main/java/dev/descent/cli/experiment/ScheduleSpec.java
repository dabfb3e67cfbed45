package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LambdaLr;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepLr;

import java.util.Locale;

/**
 * A learning-rate schedule from the command line, stepped once per epoch:
 * <ul>
 *   <li>{@code constant} — the initial rate throughout;</li>
 *   <li>{@code step-drop[:DROP[:EVERY]]} — the lecture's custom schedule,
 *       {@code lr(e) = lr₀ · DROP^⌊(1 + e) / EVERY⌋} (Keras {@code LearningRateScheduler(step_decay)}; default
 *       DROP 0.5 and EVERY a quarter of the epochs);</li>
 *   <li>{@code step:EVERY[:GAMMA]} — PyTorch's {@code StepLR}, {@code lr₀ · GAMMA^⌊e / EVERY⌋} (GAMMA 0.1);</li>
 *   <li>{@code exponential:GAMMA} — {@code lr₀ · GAMMA^e};</li>
 *   <li>{@code cosine} — cosine annealing to 0 over the run.</li>
 * </ul>
 * Time-based decay, {@code lr₀ / (1 + decay·t)}, is SGD's {@code --decay} option rather than a schedule.
 *
 * @param text the schedule as written
 * @param make the schedule for a run of so many epochs
 */
public record ScheduleSpec(String text, java.util.function.IntFunction<Schedule> make) {

    public static final String NAMES = "constant, step-drop[:DROP[:EVERY]], step:EVERY[:GAMMA], exponential:GAMMA, "
            + "cosine";

    public static ScheduleSpec constant() {
        return parse("constant");
    }

    /** Parses the text, or a {@link BadInputException} naming the known schedules. */
    public static ScheduleSpec parse(String text) {
        String[] p = text.strip().toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case "constant" -> {
                    arity(p, 1, 1);
                    yield new ScheduleSpec(text, epochs -> Schedule.constant());
                }
                case "step-drop" -> {
                    arity(p, 1, 3);
                    double drop = p.length > 1 ? number(p[1], "DROP") : 0.5;
                    Integer every = p.length > 2 ? (int) count(p[2], "EVERY") : null;
                    yield new ScheduleSpec(text, epochs -> stepDrop(drop, every != null ? every
                            : Math.max(1, epochs / 4)));
                }
                case "step" -> {
                    arity(p, 2, 3);
                    long every = count(p[1], "EVERY");
                    double gamma = p.length > 2 ? number(p[2], "GAMMA") : 0.1;
                    yield new ScheduleSpec(text, epochs -> new StepLr(every, gamma));
                }
                case "exponential" -> {
                    arity(p, 2, 2);
                    double gamma = number(p[1], "GAMMA");
                    yield new ScheduleSpec(text, epochs -> new ExponentialLr(gamma));
                }
                case "cosine" -> {
                    arity(p, 1, 1);
                    yield new ScheduleSpec(text, epochs -> new CosineAnnealingLr(Math.max(1, epochs), 0));
                }
                default -> throw new BadInputException("unknown schedule '" + text + "'; known: " + NAMES);
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException("schedule '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * The lecture's step drop: {@code lr(e) = lr₀ · drop^⌊(1 + e) / every⌋}. The {@code 1 +} makes the first drop
     * come one epoch before {@code StepLr}'s, as in the Keras {@code step_decay} function the lecture shows.
     */
    static Schedule stepDrop(double drop, int every) {
        return LambdaLr.factor(e -> Math.pow(drop, Math.floor((1.0 + e) / every)));
    }

    private static void arity(String[] p, int min, int max) {
        if (p.length < min || p.length > max) {
            throw new BadInputException("schedule '" + String.join(":", p) + "' takes " + (min - 1)
                    + (max > min ? " to " + (max - 1) : "") + " values; known: " + NAMES);
        }
    }

    private static double number(String s, String what) {
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new BadInputException("schedule " + what + " must be a positive number, got " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException("schedule " + what + ": '" + s + "' is not a number");
        }
    }

    private static long count(String s, String what) {
        try {
            long v = Long.parseLong(s);
            if (v < 1) {
                throw new BadInputException("schedule " + what + " must be ≥ 1, got " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException("schedule " + what + ": '" + s + "' is not a whole number");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
