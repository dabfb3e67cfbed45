package dev.descent.nn;

import dev.descent.core.Rng;
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
 * <p>As in PyTorch, Kaiming initialization of a tensor with no elements does nothing (its fan may be zero, and there
 * is nothing to draw), while Xavier's needs {@code fan_in + fan_out > 0}.
 */
public final class Init {
    /** Which fan Kaiming initialization divides by. */
    public enum FanMode {
        FAN_IN,
        FAN_OUT
    }

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

    /** The fan-in of a weight: {@code dim(1)} times the product of the dimensions after it. */
    public static int fanIn(Tensor w) {
        requireMatrix("fanIn", w);
        return w.dim(1) * receptiveField(w);
    }

    /** The fan-out of a weight: {@code dim(0)} times the product of the dimensions after the second. */
    public static int fanOut(Tensor w) {
        requireMatrix("fanOut", w);
        return w.dim(0) * receptiveField(w);
    }

    private static int receptiveField(Tensor w) {
        int r = 1;
        for (int k = 2; k < w.rank(); k++) {
            r *= w.dim(k);
        }
        return r;
    }

    private static void requireMatrix(String op, Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException(op + ": fans need a tensor of rank ≥ 2, got shape " + w.shape());
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

    /** Xavier/Glorot uniform: {@code U(−b, b)}, {@code b = gain·√(6 / (fan_in + fan_out))}. */
    public static Tensor xavierUniform(Tensor w, double gain, Rng rng) {
        double bound = Math.sqrt(3.0) * xavierStd(w, gain);
        return uniform(w, -bound, bound, rng);
    }

    /** Xavier/Glorot normal: {@code N(0, gain²·2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal(Tensor w, double gain, Rng rng) {
        return normal(w, 0.0, xavierStd(w, gain), rng);
    }

    private static double xavierStd(Tensor w, double gain) {
        return gain * Math.sqrt(2.0 / (fanIn(w) + fanOut(w)));
    }

    /**
     * Kaiming/He uniform: {@code U(−b, b)}, {@code b = √3·gain/√fan}, with the gain of {@code nonlinearity} (slope
     * {@code a} for leaky_relu). PyTorch's default for {@code Linear} weights is {@code a = √5} with leaky_relu and
     * fan-in, which gives {@code b = 1/√fan_in}.
     */
    public static Tensor kaimingUniform(Tensor w, double a, FanMode mode, String nonlinearity, Rng rng) {
        if (w.size() == 0) {
            return w;
        }
        double bound = Math.sqrt(3.0) * kaimingStd(w, a, mode, nonlinearity);
        return uniform(w, -bound, bound, rng);
    }

    /** Kaiming/He normal: {@code N(0, gain²/fan)}. */
    public static Tensor kaimingNormal(Tensor w, double a, FanMode mode, String nonlinearity, Rng rng) {
        if (w.size() == 0) {
            return w;
        }
        return normal(w, 0.0, kaimingStd(w, a, mode, nonlinearity), rng);
    }

    private static double kaimingStd(Tensor w, double a, FanMode mode, String nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(w) : fanOut(w);
        if (fan == 0) {
            throw new IllegalArgumentException("kaiming: weight of shape " + w.shape() + " has a zero fan");
        }
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }
}
