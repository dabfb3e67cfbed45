package dev.descent.core;

import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: nested brackets, one row per line, a common number format; beyond
 * {@link #SUMMARIZE_ABOVE} elements only the first and last {@link #EDGE} entries of each axis are shown.
 */
final class TensorFormat {
    static final int SUMMARIZE_ABOVE = 1000;
    static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        Shape s = t.shape();
        boolean summarize = s.size() > SUMMARIZE_ABOVE;
        String fmt = numberFormat(t);
        StringBuilder sb = new StringBuilder("tensor(");
        if (s.rank() == 0) {
            sb.append(String.format(Locale.ROOT, fmt, t.item()).trim());
        } else {
            appendAxis(sb, t, 0, 0, fmt, summarize, "tensor(".length());
        }
        if (summarize || s.rank() > 1) {
            sb.append(", shape=").append(s);
        }
        return sb.append(')').toString();
    }

    private static void appendAxis(StringBuilder sb, Tensor t, int axis, int offset, String fmt, boolean summarize,
                                   int indent) {
        Shape s = t.shape();
        int n = s.dim(axis);
        int stride = s.innerSize(axis);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == s.rank() - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (axis == s.rank() - 1) {
                sb.append(String.format(Locale.ROOT, fmt, t.array()[t.offset() + offset + i]));
            } else {
                appendAxis(sb, t, axis + 1, offset + i * stride, fmt, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(axis == s.rank() - 1 ? ", " : ",\n" + "\n".repeat(s.rank() - axis - 2)
                        + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    /** Integers print without decimals; otherwise 4 decimals, or scientific notation for very large or small values. */
    private static String numberFormat(Tensor t) {
        float[] a = t.array();
        boolean integral = true;
        float maxAbs = 0f, minAbs = Float.POSITIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            float v = a[t.offset() + i];
            if (!Float.isFinite(v)) {
                continue;
            }
            integral &= v == Math.rint(v);
            float abs = Math.abs(v);
            maxAbs = Math.max(maxAbs, abs);
            if (abs > 0) {
                minAbs = Math.min(minAbs, abs);
            }
        }
        int width = 1 + Integer.toString((int) Math.min(maxAbs, 1e8f)).length();
        if (integral && maxAbs < 1e8f) {
            return "%" + (width + 1) + ".0f";
        }
        if (maxAbs >= 1e8f || (minAbs < 1e-4f && maxAbs / minAbs > 1e3f)) {
            return "%11.4e";
        }
        return "%" + (width + 5) + ".4f";
    }
}
