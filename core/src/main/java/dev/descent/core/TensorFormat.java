package dev.descent.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors as PyTorch does ({@code torch/_tensor_str.py}), so that output can be compared by eye with a
 * PyTorch session: {@code tensor([[ 1.,  -2.], [ 3., 400.]])} with one row per line.
 *
 * <p>One number format serves the whole tensor, chosen from its finite non-zero values: integers print as
 * {@code 3.}; other values with 4 decimals; and both switch to scientific notation ({@code 1.2346e+05}) when the
 * largest magnitude exceeds 10⁸ or is more than 1000 times the smallest (or, for non-integers, the smallest is
 * under 10⁻⁴). Values are right-aligned to a common width and vectors wrap at 80 columns. Beyond
 * {@value #SUMMARIZE_ABOVE} elements only the first and last {@value #EDGE} entries of each axis are printed, with
 * {@code ...} between them, and the shape follows. Decimal rounding is exact (half to even on the float's exact
 * value), as Python's.
 */
final class TensorFormat {
    static final int SUMMARIZE_ABOVE = 1000;
    static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        Shape s = t.shape();
        boolean summarize = s.size() > SUMMARIZE_ABOVE;
        StringBuilder sb = new StringBuilder(PREFIX);
        if (s.size() == 0) {
            sb.append("[]");
            if (s.rank() != 1) {
                sb.append(", shape=").append(s);
            }
            return sb.append(')').toString();
        }
        List<Float> shown = new ArrayList<>();
        collect(t, 0, 0, summarize, shown);
        NumberFormat f = new NumberFormat(shown);
        if (s.rank() == 0) {
            sb.append(f.format(t.item()));
        } else {
            appendAxis(sb, t, 0, 0, PREFIX.length(), summarize, f);
        }
        if (summarize) {
            sb.append(", shape=").append(s);
        }
        return sb.append(')').toString();
    }

    /** The indices along an axis of size n that are printed: all, or the first and last EDGE. */
    private static int[] shownIndices(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] edges = new int[2 * EDGE];
        for (int i = 0; i < EDGE; i++) {
            edges[i] = i;
            edges[EDGE + i] = n - EDGE + i;
        }
        return edges;
    }

    private static boolean elided(int n, boolean summarize) {
        return summarize && n > 2 * EDGE;
    }

    /** The values that will be printed, which alone choose the number format (as PyTorch's summarized data). */
    private static void collect(Tensor t, int axis, int offset, boolean summarize, List<Float> out) {
        Shape s = t.shape();
        if (s.rank() == 0) {
            out.add(t.item());
            return;
        }
        int stride = s.innerSize(axis);
        for (int i : shownIndices(s.dim(axis), summarize)) {
            if (axis == s.rank() - 1) {
                out.add(t.array()[t.offset() + offset + i]);
            } else {
                collect(t, axis + 1, offset + i * stride, summarize, out);
            }
        }
    }

    private static void appendAxis(StringBuilder sb, Tensor t, int axis, int offset, int indent, boolean summarize,
                                   NumberFormat f) {
        Shape s = t.shape();
        int n = s.dim(axis);
        int[] shown = shownIndices(n, summarize);
        boolean elided = elided(n, summarize);
        if (axis == s.rank() - 1) {
            List<String> items = new ArrayList<>();
            for (int k = 0; k < shown.length; k++) {
                if (elided && k == EDGE) {
                    items.add(" ...");
                }
                items.add(f.format(t.array()[t.offset() + offset + shown[k]]));
            }
            appendVector(sb, items, indent, f.width());
            return;
        }
        int stride = s.innerSize(axis);
        String separator = "," + "\n".repeat(s.rank() - axis - 1) + " ".repeat(indent + 1);
        sb.append('[');
        for (int k = 0; k < shown.length; k++) {
            if (k > 0) {
                sb.append(separator);
            }
            if (elided && k == EDGE) {
                sb.append("...").append(separator);
            }
            appendAxis(sb, t, axis + 1, offset + shown[k] * stride, indent + 1, summarize, f);
        }
        sb.append(']');
    }

    /** A vector's items, as many per line as fit in {@link #LINE_WIDTH} columns after the indent. */
    private static void appendVector(StringBuilder sb, List<String> items, int indent, int width) {
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
        sb.append('[');
        for (int k = 0; k < items.size(); k++) {
            if (k > 0) {
                sb.append(k % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            }
            sb.append(items.get(k));
        }
        sb.append(']');
    }

    /** PyTorch's {@code _Formatter}: integer, fixed or scientific mode, and a common width. */
    private static final class NumberFormat {
        private boolean intMode = true;
        private boolean sciMode;
        private int width = 1;

        NumberFormat(List<Float> values) {
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            List<Float> nonzeroFinite = new ArrayList<>();
            for (float v : values) {
                if (Float.isFinite(v) && v != 0f) {
                    nonzeroFinite.add(v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                    minAbs = Math.min(minAbs, Math.abs(v));
                    intMode &= v == Math.ceil(v);
                }
            }
            if (nonzeroFinite.isEmpty()) {
                return;
            }
            sciMode = maxAbs / minAbs > 1000.0 || maxAbs > 1.0e8 || (!intMode && minAbs < 1.0e-4);
            for (float v : nonzeroFinite) {
                int len = sciMode ? scientific(v).length() : intMode ? fixed(v, 0).length() + 1 : fixed(v, PRECISION)
                        .length();
                width = Math.max(width, len);
            }
        }

        int width() {
            return width;
        }

        String format(float v) {
            String text;
            if (sciMode) {
                text = scientific(v);
            } else if (intMode) {
                text = fixed(v, 0) + (Float.isFinite(v) ? "." : "");
            } else {
                text = fixed(v, PRECISION);
            }
            return " ".repeat(Math.max(0, width - text.length())) + text;
        }
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    private static String sign(double v) {
        return (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
    }

    /** Python's {@code "{:.<digits>f}".format(v)}. */
    static String fixed(double v, int digits) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        return sign(v) + new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code "{:.4e}".format(v)}: {@code 1.2346e+05}, {@code -3.0000e-07}. */
    static String scientific(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        int exponent = 0;
        BigDecimal mantissa = BigDecimal.ZERO.setScale(PRECISION);
        if (v != 0) {
            BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
            mantissa = rounded.movePointLeft(exponent).setScale(PRECISION, RoundingMode.UNNECESSARY);
        }
        String e = Integer.toString(Math.abs(exponent));
        return sign(v) + mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
