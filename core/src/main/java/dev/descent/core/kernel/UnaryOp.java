package dev.descent.core.kernel;

/** Element-wise functions of one argument, {@code out[i] = f(x[i])}. */
public enum UnaryOp {
    /** −x */
    NEG,
    /** eˣ */
    EXP,
    /** ln x (NaN for x &lt; 0, −∞ at 0) */
    LOG,
    /** √x */
    SQRT,
    /** |x| */
    ABS,
    /** −1, 0 or 1 by the sign of x (0 for ±0, NaN stays NaN) */
    SIGN,
    /** tanh x */
    TANH,
    /** σ(x) = 1 / (1 + e⁻ˣ) */
    SIGMOID,
    /** max(x, 0) */
    RELU,
    /** x² */
    SQUARE,
    /** 1 / x */
    RECIPROCAL;

    /** The scalar definition every kernel implementation must agree with (within a few ulps for EXP…SIGMOID). */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0f ? x : 0f;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
        };
    }

    /** σ(x) without overflow: e⁻ˣ is only formed for x ≥ 0, eˣ only for x &lt; 0. */
    private static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** The operation's name in lower case, as error messages and graph dumps print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
