package dev.descent.core.kernel;

/** Element-wise functions of two arguments, {@code out[i] = f(a[i], b[i])}. */
public enum BinaryOp {
    /** a + b */
    ADD,
    /** a − b */
    SUB,
    /** a · b */
    MUL,
    /** a / b */
    DIV,
    /** max(a, b); NaN if either is NaN */
    MAX,
    /** min(a, b); NaN if either is NaN */
    MIN,
    /** aᵇ, as {@link Math#pow} */
    POW,
    /** 1 if a &gt; b else 0 */
    GT,
    /** 1 if a ≥ b else 0 */
    GE,
    /** 1 if a &lt; b else 0 */
    LT,
    /** 1 if a ≤ b else 0 */
    LE,
    /** 1 if a = b else 0 */
    EQ,
    /** 1 if a ≠ b else 0 */
    NE;

    /** The scalar definition every kernel implementation must agree with. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> (float) Math.pow(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
        };
    }

    /** The operation's name in lower case, as error messages and graph dumps print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
