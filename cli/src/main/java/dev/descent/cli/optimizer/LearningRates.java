package dev.descent.cli.optimizer;

import dev.descent.cli.BadInputException;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Learning rates from {@code --lr}: a bare number sets every optimizer's rate, {@code name=value} one optimizer's
 * (e.g. {@code --lr 0.01 --lr adam=0.1}); the named form wins.
 */
public final class LearningRates {

    private final Double all;
    private final Map<OptimizerKind, Double> each;

    private LearningRates(Double all, Map<OptimizerKind, Double> each) {
        this.all = all;
        this.each = each;
    }

    public static LearningRates parse(List<String> specs) {
        Double all = null;
        Map<OptimizerKind, Double> each = new EnumMap<>(OptimizerKind.class);
        for (String spec : specs == null ? List.<String>of() : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                all = Numbers.positive("--lr", spec);
            } else {
                each.put(OptimizerKind.byName(spec.substring(0, eq)),
                        Numbers.positive("--lr " + spec.substring(0, eq), spec.substring(eq + 1)));
            }
        }
        return new LearningRates(all, each);
    }

    /** The rate given for {@code kind}, if any. */
    public OptionalDouble of(OptimizerKind kind) {
        Double v = each.getOrDefault(kind, all);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Parses a number that must be positive and finite. */
    public static final class Numbers {
        private Numbers() {
        }

        /** {@code text} as a positive finite number, or a {@link BadInputException} naming {@code what}. */
        public static double positive(String what, String text) {
            double v;
            try {
                v = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new BadInputException(what + ": '" + text + "' is not a number");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new BadInputException(what + " must be a positive number, got " + text);
            }
            return v;
        }
    }
}
