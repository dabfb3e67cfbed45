package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;

import java.util.Locale;

/**
 * A compact option value such as {@code step:10:0.5} or {@code 0.5:3}: colon-separated parts, read with messages that
 * name the option, the value as written and the part at fault, e.g.
 * {@code --schedule 'step:x': EVERY 'x' is not a whole number}.
 */
public final class SpecParts {

    private final String option;
    private final String whole;
    private final String[] parts;

    private SpecParts(String option, String whole, String[] parts) {
        this.option = option;
        this.whole = whole;
        this.parts = parts;
    }

    /** The value {@code text} of {@code option}, split at its colons (case ignored). */
    public static SpecParts of(String option, String text) {
        return of(option, text, text);
    }

    /** A piece {@code text} of the value {@code whole}: messages quote the whole value. */
    static SpecParts of(String option, String whole, String text) {
        return new SpecParts(option, whole.strip(), text.strip().toLowerCase(Locale.ROOT).split(":", -1));
    }

    /** Part {@code i}; part 0 of a schedule is its name. */
    public String part(int i) {
        return parts[i];
    }

    public boolean has(int i) {
        return i < parts.length;
    }

    /**
     * Checks the number of parts against a usage such as {@code step:EVERY[:GAMMA]}: the colons outside brackets are
     * required, those inside optional.
     */
    public void expect(String usage) {
        int required = 1 + (int) usage.chars().limit(usage.contains("[") ? usage.indexOf('[') : usage.length())
                .filter(c -> c == ':').count();
        int most = 1 + (int) usage.chars().filter(c -> c == ':').count();
        if (parts.length < required || parts.length > most) {
            throw bad("expected " + usage);
        }
    }

    /** Part {@code i} as a finite number. */
    public double number(int i, String what) {
        try {
            double v = Double.parseDouble(parts[i]);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(what + " '" + parts[i] + "' is not a number");
    }

    /** Part {@code i} as a number above 0. */
    public double positive(int i, String what) {
        return within(i, what, 0, true, Double.POSITIVE_INFINITY, true);
    }

    /** Part {@code i} as a number ≥ 0. */
    public double nonNegative(int i, String what) {
        return within(i, what, 0, false, Double.POSITIVE_INFINITY, true);
    }

    /** Part {@code i} as a number in {@code [lo, hi]}, either end open when asked. */
    public double within(int i, String what, double lo, boolean loOpen, double hi, boolean hiOpen) {
        double v = number(i, what);
        boolean ok = (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
        if (!ok) {
            String range = Double.isInfinite(hi) ? (loOpen ? "> " : "≥ ") + plain(lo)
                    : "in " + (loOpen ? "(" : "[") + plain(lo) + ", " + plain(hi) + (hiOpen ? ")" : "]");
            throw bad(what + " must be " + range + ", got " + parts[i]);
        }
        return v;
    }

    /** Part {@code i} as a whole number ≥ {@code min}. */
    public long whole(int i, String what, long min) {
        return whole(parts[i], what, min);
    }

    /** Part {@code i} as a comma-separated list of whole numbers, each ≥ {@code min}. */
    public long[] wholes(int i, String what, long min) {
        String[] items = parts[i].split(",", -1);
        long[] v = new long[items.length];
        for (int k = 0; k < items.length; k++) {
            v[k] = whole(items[k].strip(), what, min);
        }
        return v;
    }

    private long whole(String s, String what, long min) {
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(what + " '" + s + "' is not a whole number");
        }
        if (v < min) {
            throw bad(what + " must be ≥ " + min + ", got " + s);
        }
        return v;
    }

    /** Bad input naming the option and the value as written: {@code --schedule 'cosine:2': why}. */
    public BadInputException bad(String why) {
        return new BadInputException(option + " '" + whole + "': " + why);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
