package dev.descent.nn;

import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Weight initializations, as {@code torch.nn.init}; each fills a tensor in place from a seeded {@link Rng}.
 *
 * <p>For a weight of shape {@code [out, in, k…]} the fans are {@code fan_in = in·k…} and {@code fan_out = out·k…}.
 * The schemes keep the variance of activations (forward) or of gradients (backward) roughly constant from layer to
 * layer:
 * <ul>
 *   <li>Xavier/Glorot (Glorot &amp; Bengio, 2010), for tanh and sigmoid networks:
 *       {@code Var(W) = gain²·2 / (fan_in + fan_out)}.</li>
 *   <li>Kaiming/He (He et al., 2015), for ReLU networks: {@code Var(W) = gain² / fan}, with {@code fan} the fan-in
 *       (preserves the forward variance) or the fan-out (the backward one).</li>
 * </ul>
 * A uniform {@code U(−b, b)} has variance {@code b²/3}, so the uniform variants use {@code b = √3·std}.
 *
 * Besides these: {@link #uniform}, {@link #normal}, {@link #truncNormal}, {@link #constant}, {@link #zeros},
 * {@link #ones}, {@link #eye} and {@link #orthogonal}, each as its PyTorch namesake. The bound or standard deviation
 * of each scaled scheme is a public function of the weight's shape ({@link #xavierUniformBound},
 * {@link #kaimingNormalStd}, …), the one the sampler uses.
 *
 * <p>As in PyTorch, Kaiming initialization of a tensor with no elements does nothing (its fan may be zero, and there
 * is nothing to draw), while Xavier's needs {@code fan_in + fan_out > 0}.
 */
public final class Init {
    /** Which fan Kaiming initialization divides by. */
    public enum FanMode {
        FAN_IN,
        FAN_OUT
    }

    /** How many normal draws in a row {@link #truncNormal} lets miss its interval before it gives up. */
    private static final int MAX_MISSES = 1_000_000;

    private Init() {
    }

    /** The negative slope {@code calculate_gain("leaky_relu")} assumes when none is given, as PyTorch. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;

    /**
     * PyTorch's {@code calculate_gain(nonlinearity)}: {@link #gain(String, double)} with leaky_relu's slope at its
     * default {@value #DEFAULT_LEAKY_SLOPE}.
     */
    public static double gain(String nonlinearity) {
        return gain(nonlinearity, DEFAULT_LEAKY_SLOPE);
    }

    /**
     * PyTorch's {@code calculate_gain(nonlinearity, param)}: the factor by which a nonlinearity scales the standard
     * deviation that keeps activations stable —
     * <pre>
     *   linear, identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid   1
     *   tanh                                                            5/3
     *   relu                                                            √2
     *   leaky_relu                                                      √(2 / (1 + slope²))
     *   selu                                                            3/4
     * </pre>
     * (PyTorch's 3/4 for selu is empirical; self-normalizing networks want {@code "linear"}'s variance 1/fan instead.)
     *
     * @param nonlinearity a {@code torch.nn.functional} name from the table
     * @param slope        the negative slope of leaky_relu (ignored otherwise)
     */
    public static double gain(String nonlinearity, double slope) {
        return switch (nonlinearity) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                 "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3.0;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1.0 + slope * slope));
            case "selu" -> 3.0 / 4.0;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "' (expected linear, identity, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, "
                    + "conv_transpose3d, sigmoid, tanh, relu, leaky_relu or selu)");
        };
    }

    /** The fan-in of a weight of {@code shape}: {@code dim(1)} times the product of the dimensions after it. */
    public static int fanIn(Shape shape) {
        requireMatrix("fanIn", shape);
        return shape.dim(1) * receptiveField(shape);
    }

    /** The fan-out of a weight of {@code shape}: {@code dim(0)} times the product of the dimensions after the second. */
    public static int fanOut(Shape shape) {
        requireMatrix("fanOut", shape);
        return shape.dim(0) * receptiveField(shape);
    }

    /** {@link #fanIn(Shape)} of {@code w}'s shape. */
    public static int fanIn(Tensor w) {
        return fanIn(w.shape());
    }

    /** {@link #fanOut(Shape)} of {@code w}'s shape. */
    public static int fanOut(Tensor w) {
        return fanOut(w.shape());
    }

    private static int receptiveField(Shape shape) {
        int r = 1;
        for (int k = 2; k < shape.rank(); k++) {
            r *= shape.dim(k);
        }
        return r;
    }

    private static void requireMatrix(String op, Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException(op + ": fans need a tensor of rank ≥ 2, got shape " + shape);
        }
    }

    /** Fills {@code t} with independent draws from {@code U(lo, hi)}, row-major. */
    public static Tensor uniform(Tensor t, double lo, double hi, Rng rng) {
        return t.copyFrom(Tensor.uniform(rng, (float) lo, (float) hi, t.dims()));
    }

    /** Fills {@code t} with independent draws from {@code N(mean, std²)}, row-major. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        return t.copyFrom(Tensor.normal(rng, (float) mean, (float) std, t.dims()));
    }

    /** Fills {@code t} with {@code value} (PyTorch's {@code constant_}). */
    public static Tensor constant(Tensor t, double value) {
        return t.fill((float) value);
    }

    /** Fills {@code t} with 0 (PyTorch's {@code zeros_}). */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /** Fills {@code t} with 1 (PyTorch's {@code ones_}). */
    public static Tensor ones(Tensor t) {
        return constant(t, 1.0);
    }

    /**
     * Fills a 2-D {@code w [out, in]} with the identity: {@code W[i][j] = 1} if {@code i = j}, else 0 (PyTorch's
     * {@code eye_}); a {@link Linear} layer so initialized passes its first {@code min(in, out)} inputs through.
     *
     * @throws IllegalArgumentException if {@code w} is not 2-D
     */
    public static Tensor eye(Tensor w) {
        if (w.rank() != 2) {
            throw new IllegalArgumentException("eye: need a 2-D tensor, got shape " + w.shape());
        }
        w.fill(0f);
        for (int i = 0; i < Math.min(w.dim(0), w.dim(1)); i++) {
            w.set(1f, i, i);
        }
        return w;
    }

    /** Xavier/Glorot uniform: {@code U(−b, b)} with {@code b =} {@link #xavierUniformBound}. */
    public static Tensor xavierUniform(Tensor w, double gain, Rng rng) {
        double bound = xavierUniformBound(w.shape(), gain);
        return uniform(w, -bound, bound, rng);
    }

    /** Xavier/Glorot normal: {@code N(0, std²)} with {@code std =} {@link #xavierNormalStd}. */
    public static Tensor xavierNormal(Tensor w, double gain, Rng rng) {
        return normal(w, 0.0, xavierNormalStd(w.shape(), gain), rng);
    }

    /**
     * The bound of Xavier uniform for a weight of {@code shape}: {@code b = gain·√(6 / (fan_in + fan_out))}, i.e.
     * {@code √3·}{@link #xavierNormalStd}.
     */
    public static double xavierUniformBound(Shape shape, double gain) {
        return Math.sqrt(3.0) * xavierNormalStd(shape, gain);
    }

    /**
     * The standard deviation of Xavier normal for a weight of {@code shape}:
     * {@code std = gain·√(2 / (fan_in + fan_out))}.
     *
     * @throws IllegalArgumentException if {@code fan_in + fan_out = 0}
     */
    public static double xavierNormalStd(Shape shape, double gain) {
        int fans = fanIn(shape) + fanOut(shape);
        if (fans == 0) {
            throw new IllegalArgumentException("xavier: weight of shape " + shape + " has fan_in + fan_out = 0");
        }
        return gain * Math.sqrt(2.0 / fans);
    }

    /**
     * Kaiming/He uniform: {@code U(−b, b)} with {@code b =} {@link #kaimingUniformBound}. PyTorch's default for
     * {@code Linear} weights is {@code a = √5} with leaky_relu and fan-in, which gives {@code b = 1/√fan_in}. A
     * tensor with no elements is left as it is.
     */
    public static Tensor kaimingUniform(Tensor w, double a, FanMode mode, String nonlinearity, Rng rng) {
        if (w.size() == 0) {
            return w;
        }
        double bound = kaimingUniformBound(w.shape(), a, mode, nonlinearity);
        return uniform(w, -bound, bound, rng);
    }

    /**
     * Kaiming/He normal: {@code N(0, std²)} with {@code std =} {@link #kaimingNormalStd}. A tensor with no elements
     * is left as it is.
     */
    public static Tensor kaimingNormal(Tensor w, double a, FanMode mode, String nonlinearity, Rng rng) {
        if (w.size() == 0) {
            return w;
        }
        return normal(w, 0.0, kaimingNormalStd(w.shape(), a, mode, nonlinearity), rng);
    }

    /**
     * The bound of Kaiming uniform for a weight of {@code shape}: {@code b = gain·√(3 / fan)}, i.e.
     * {@code √3·}{@link #kaimingNormalStd}.
     */
    public static double kaimingUniformBound(Shape shape, double a, FanMode mode, String nonlinearity) {
        return Math.sqrt(3.0) * kaimingNormalStd(shape, a, mode, nonlinearity);
    }

    /**
     * The standard deviation of Kaiming normal for a weight of {@code shape}: {@code std = gain / √fan}, with
     * {@code gain = }{@link #gain(String, double) gain(nonlinearity, a)} ({@code a} is leaky_relu's negative slope)
     * and {@code fan} the fan-in or fan-out as {@code mode} says.
     *
     * @throws IllegalArgumentException if that fan is 0
     */
    public static double kaimingNormalStd(Shape shape, double a, FanMode mode, String nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(shape) : fanOut(shape);
        if (fan == 0) {
            throw new IllegalArgumentException("kaiming: weight of shape " + shape + " has a zero " + mode);
        }
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * The bound of PyTorch's default {@code Linear} bias, {@code U(−b, b)} with {@code b = 1/√fan_in} of the weight
     * (0 when the fan-in is 0).
     */
    public static double linearBiasBound(Shape weight) {
        int fanIn = fanIn(weight);
        return fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
    }

    /**
     * Fills {@code t} with independent draws from the normal {@code N(mean, std²)} truncated to {@code [a, b]}
     * (PyTorch's {@code trunc_normal_}; note that {@code a} and {@code b} are values, not multiples of {@code std}).
     * Its density is {@code φ((x − mean)/std) / (std·(Φ(β) − Φ(α)))} on {@code [a, b]}, with
     * {@code α = (a − mean)/std}, {@code β = (b − mean)/std}.
     *
     * <p>Drawn exactly, by rejection: normal draws outside {@code [a, b]} are redrawn. That costs
     * {@code 1/(Φ(β) − Φ(α))} draws per element — 1.05 for PyTorch's default interval of ±2 standard deviations
     * around the mean.
     *
     * @throws IllegalArgumentException if {@code std ≤ 0}, {@code a ≥ b}, a value is not finite, or the interval holds
     *                                  so little of the normal's mass that a million draws in a row miss it
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, Rng rng) {
        if (!(std > 0) || !(a < b) || !Double.isFinite(mean) || !Double.isFinite(std) || !Double.isFinite(a)
                || !Double.isFinite(b)) {
            throw new IllegalArgumentException("truncNormal: need finite mean, std > 0 and a < b, got mean=" + mean
                    + " std=" + std + " a=" + a + " b=" + b);
        }
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
            double x;
            int misses = 0;
            do {
                if (++misses > MAX_MISSES) {
                    throw new IllegalArgumentException("truncNormal: [" + a + ", " + b + "] holds too little of N("
                            + mean + ", " + std + "²) to sample by rejection (" + MAX_MISSES + " draws missed it)");
                }
                x = mean + std * rng.nextGaussian();
            } while (x < a || x > b);
            v[i] = (float) x;
        }
        return t.copyFrom(Tensor.of(v, t.dims()));
    }

    /**
     * Fills {@code w} (rank ≥ 2) with a random (semi-)orthogonal matrix times {@code gain}, as PyTorch's
     * {@code orthogonal_} (Saxe et al., 2014): {@code w} is seen as the matrix {@code [rows, cols]} with
     * {@code rows = dim(0)}, {@code cols = size/rows}; a matrix {@code A} of that shape is drawn from {@code N(0, 1)},
     * and {@code W = gain·Q} with {@code Q} the orthonormalization of {@code A}'s columns if {@code rows ≥ cols} (then
     * {@code WᵀW = gain²·I}) or of its rows otherwise ({@code WWᵀ = gain²·I}). {@code Q} is the QR factor of
     * {@code A} (or {@code Aᵀ}) whose {@code R} has a positive diagonal, which makes it uniformly (Haar) distributed
     * (Mezzadri, 2007). A tensor with no elements is left as it is.
     *
     * @throws IllegalArgumentException if {@code w} has rank below 2
     */
    public static Tensor orthogonal(Tensor w, double gain, Rng rng) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("orthogonal: need a tensor of rank ≥ 2, got shape " + w.shape());
        }
        if (w.size() == 0) {
            return w;
        }
        int rows = w.dim(0), cols = w.size() / rows;
        double[] gaussian = new double[w.size()];
        for (int i = 0; i < gaussian.length; i++) {
            gaussian[i] = rng.nextGaussian();
        }
        double[] q = Orthonormal.semiOrthogonal(gaussian, rows, cols);
        float[] v = new float[q.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (gain * q[i]);
        }
        return w.copyFrom(Tensor.of(v, w.dims()));
    }
}
