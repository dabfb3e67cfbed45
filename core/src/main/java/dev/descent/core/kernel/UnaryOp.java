package dev.descent.core.kernel;

/**
 * Element-wise functions of one argument, {@code out[i] = f(x[i])}.
 *
 * <p>NaN propagates through every function, as in PyTorch ({@code relu(NaN) = NaN}). {@link #apply} is the scalar
 * definition, and the Vector API kernels give the same bits for every function: {@link #EXP}, {@link #LOG},
 * {@link #TANH} and {@link #SIGMOID} are {@link FloatMath}'s, which the SIMD kernels compute with the same
 * operations in the same order.
 */
public enum UnaryOp {
    /** {@code −x} */
    NEG,
    /** {@code eˣ} ({@link FloatMath#exp}); overflows to +∞ above x ≈ 88.72, underflows to 0 below x ≈ −103.97 */
    EXP,
    /** {@code ln x} ({@link FloatMath#log}); −∞ at ±0, NaN for x &lt; 0 */
    LOG,
    /** {@code √x}; NaN for x &lt; 0, and −0 for −0 */
    SQRT,
    /** {@code |x|} */
    ABS,
    /**
     * {@code sign(x)}: −1 for x &lt; 0, 1 for x &gt; 0, and x itself for ±0 and NaN ({@link Math#signum}). PyTorch
     * returns 0 for NaN; Descent keeps the NaN so that it is not hidden.
     */
    SIGN,
    /** {@code tanh x = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)} ({@link FloatMath#tanh}) */
    TANH,
    /**
     * {@code σ(x) = 1 / (1 + e⁻ˣ)} ({@link FloatMath#sigmoid}), computed as {@code 1 / (1 + e^−|x|)} for x ≥ 0 and
     * {@code e^−|x| / (1 + e^−|x|)} for x &lt; 0, so that no exponential overflows and no NaN appears for large |x|
     */
    SIGMOID,
    /** {@code relu(x) = max(x, 0)}; NaN stays NaN and −0 becomes +0 */
    RELU,
    /** {@code x²} */
    SQUARE,
    /** {@code 1 / x} */
    RECIPROCAL;

    /** The scalar definition every kernel implementation must agree with. */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> FloatMath.exp(x);
            case LOG -> FloatMath.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> FloatMath.tanh(x);
            case SIGMOID -> FloatMath.sigmoid(x);
            case RELU -> Math.max(x, 0f);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
        };
    }

    /** The operation's name in lower case, as error messages and graph dumps print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
