package dev.descent.core.kernel;

/**
 * Element-wise functions of two arguments, {@code out[i] = f(a[i], b[i])}.
 *
 * <p>Comparisons produce masks: 1 where the relation holds and 0 where it does not; every relation with a NaN is
 * false except {@link #NE}. {@link #MAX} and {@link #MIN} propagate NaN, as {@code torch.maximum} does, and order
 * −0 below +0, as {@link Math#max} does. All of these are exact, so scalar and SIMD kernels give the same bits.
 */
public enum BinaryOp {
    /** {@code a + b} */
    ADD,
    /** {@code a − b} */
    SUB,
    /** {@code a · b} */
    MUL,
    /** {@code a / b} */
    DIV,
    /** {@code max(a, b)}; NaN if either is NaN */
    MAX,
    /** {@code min(a, b)}; NaN if either is NaN */
    MIN,
    /**
     * {@code aᵇ}, as C99's and IEEE 754's {@code pow} and so {@code torch.pow}: {@link Math#pow} rounded to float (so
     * {@code 0⁰ = 1}, {@code x⁰ = 1} even for a NaN x, and a negative base with a non-integer exponent is NaN), except
     * that {@code 1ᵇ = 1} for every b and {@code (−1)^±∞ = 1}, where {@link Math#pow} gives NaN
     */
    POW,
    /** {@code [a > b]}: 1 if a &gt; b, else 0 */
    GT,
    /** {@code [a ≥ b]} */
    GE,
    /** {@code [a < b]} */
    LT,
    /** {@code [a ≤ b]} */
    LE,
    /** {@code [a = b]} */
    EQ,
    /** {@code [a ≠ b]} (1 when either is NaN) */
    NE,
    /**
     * {@code a · relu′(b)}: the gradient {@code a} flowing back through {@code relu(b)}, that is a where b &gt; 0 and 0
     * where b ≤ 0 (0 at the kink). As PyTorch's {@code threshold_backward(a, b, 0)} it is a selection, not a product:
     * a NaN gradient comes through only where b &gt; 0, and a NaN b lets a through (NaN is not ≤ 0), so a NaN input
     * is not hidden behind a zero gradient.
     */
    RELU_BACKWARD;

    /** The scalar definition every kernel implementation must agree with. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> a == 1f || (a == -1f && Float.isInfinite(b)) ? 1f : (float) Math.pow(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
            case RELU_BACKWARD -> b <= 0f ? 0f : a;
        };
    }

    /** The operation's name in lower case, as error messages and graph dumps print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
