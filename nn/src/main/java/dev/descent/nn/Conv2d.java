package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * A 2-D convolution layer, as PyTorch's {@code nn.Conv2d} (Keras: {@code Conv2D}, channels first). Like PyTorch's,
 * and every deep-learning library's, it is a cross-correlation — the kernel is not flipped: with the
 * {@link Window2d window}'s stride {@code s}, padding {@code p} and dilation {@code d},
 *
 * <pre>
 *   y[n, o, a, b] = bias[o] + Σ_{c, i, j} W[o, c, i, j] · x[n, g·C/G + c, a·sh − ph + i·dh, b·sw − pw + j·dw]
 *
 *   x: [N, C, H, W]   W: [O, C/G, kh, kw]   bias: [O]   y: [N, O, OH, OW]
 *   OH = ⌊(H + 2·ph − dh·(kh − 1) − 1)/sh⌋ + 1,   OW likewise
 * </pre>
 *
 * where x is 0 outside the image (zero padding), {@code c} runs over the {@code C/G} input channels of output channel
 * {@code o}'s group {@code g = ⌊o/(O/G)⌋}, and {@code G} is the number of groups (1: every output sees every input
 * channel; {@code G = C}: a depthwise convolution). An unbatched input {@code [C, H, W]} gives {@code [O, OH, OW]}.
 *
 * <p>Forward and backward are each one fused operation over im2col and matrix products (see {@link Convolution}):
 *
 * <pre>
 *   Y[n] = W · cols(x[n]) + b            [O, C·kh·kw]·[C·kh·kw, OH·OW], per group
 *   ∂L/∂W = Σₙ G[n] · cols(x[n])ᵀ          ∂L/∂b = Σ_{n, a, b} G[n, :, a, b]
 *   ∂L/∂x[n] = col2im(Wᵀ · G[n])          the adjoint of im2col adds each column entry back onto its pixel
 * </pre>
 *
 * with {@code G = ∂L/∂y}; each gradient is computed only when something needs it (never ∂L/∂x for a data batch).
 * Results are the same bits on any number of threads.
 *
 * <p>Parameters: {@code weight} and, unless disabled, {@code bias}. Initialization: PyTorch's by default
 * ({@code reset_parameters}: Kaiming uniform with {@code a = √5}, i.e. {@code U(−1/√fan_in, 1/√fan_in)} with
 * {@code fan_in = (C/G)·kh·kw}, and the bias from the same range), or any {@link WeightInit}.
 *
 * <pre>{@code
 * new Conv2d(1, 8, 3)                                           // 3×3, stride 1, no padding
 * new Conv2d(8, 16, 3, 1, 1)                                    // 3×3, "same" padding
 * new Conv2d(16, 16, Window2d.square(3).stride(2).padding(1), 16, false)   // depthwise, stride 2, no bias
 * }</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final Window2d window;
    private final int groups;
    private final Variable weight;
    private final Variable bias;

    /** A {@code k × k} convolution, stride 1, no padding, with a bias and PyTorch's initialization. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, Window2d.square(kernel));
    }

    /** A {@code k × k} convolution with the given stride and padding, with a bias and PyTorch's initialization. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, Window2d.square(kernel).stride(stride).padding(padding));
    }

    /** A convolution over {@code window}, one group, with a bias and PyTorch's initialization. */
    public Conv2d(int inChannels, int outChannels, Window2d window) {
        this(inChannels, outChannels, window, 1, true);
    }

    /** A convolution over {@code window} in {@code groups} groups, with PyTorch's initialization. */
    public Conv2d(int inChannels, int outChannels, Window2d window, int groups, boolean bias) {
        this(inChannels, outChannels, window, groups, bias, WeightInit.PYTORCH_DEFAULT, DefaultGenerator.split());
    }

    /**
     * A convolution initialized by {@code init} from {@code rng}.
     *
     * @throws IllegalArgumentException if a channel count is not positive or not divisible by {@code groups}
     */
    public Conv2d(int inChannels, int outChannels, Window2d window, int groups, boolean bias, WeightInit init,
                  Rng rng) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.window = window;
        this.groups = groups;
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0
                || outChannels % groups != 0) {
            throw new IllegalArgumentException(describe() + ": need positive channel counts divisible by groups, got "
                    + "in_channels=" + inChannels + " out_channels=" + outChannels + " groups=" + groups);
        }
        Tensor w = Tensor.zeros(outChannels, inChannels / groups, window.kh(), window.kw());
        Tensor b = bias ? Tensor.zeros(outChannels) : null;
        init.apply(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = bias ? registerParameter("bias", b) : null;
    }

    /** The weight {@code W}, shape {@code [out, in/groups, kh, kw]}. */
    public Variable weight() {
        return weight;
    }

    /** The bias, shape {@code [out]}, or null if the layer has none. */
    public Variable bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public Window2d window() {
        return window;
    }

    public int groups() {
        return groups;
    }

    @Override
    public Variable forward(Variable input) {
        outputShape(input.shape());
        return apply(input, weight, bias, window, groups);
    }

    /**
     * The fused convolution on its own, as PyTorch's {@code F.conv2d}: {@code x: [N, C, H, W]} or {@code [C, H, W]},
     * {@code weight: [O, C/groups, kh, kw]} (its kernel size is the window's), {@code bias: [O]} or null.
     *
     * @throws IllegalArgumentException if the shapes do not fit the window and groups, naming them
     */
    public static Variable apply(Variable input, Variable weight, Variable bias, Window2d window, int groups) {
        Shape xs = input.shape(), ws = weight.shape();
        boolean fits = (xs.rank() == 3 || xs.rank() == 4) && ws.rank() == 4 && groups > 0
                && ws.dim(0) % groups == 0 && xs.dim(-3) == ws.dim(1) * groups
                && ws.dim(2) == window.kh() && ws.dim(3) == window.kw()
                && (bias == null || bias.shape().equals(Shape.of(ws.dim(0))));
        if (!fits) {
            throw new IllegalArgumentException("conv2d: input " + xs + ", weight " + ws + ", bias "
                    + (bias != null ? bias.shape() : "none") + ", " + window.describe("kernel", false) + ", groups="
                    + groups + ": need input [N, C, H, W] or [C, H, W], weight [O, C/groups, kh, kw] with O "
                    + "divisible by groups, bias [O]");
        }
        if (xs.rank() == 3) {
            Variable y = apply(input.reshape(1, xs.dim(0), xs.dim(1), xs.dim(2)), weight, bias, window, groups);
            return y.reshape(y.shape().dim(1), y.shape().dim(2), y.shape().dim(3));
        }
        window.requireFits("conv2d", xs.dim(2), xs.dim(3));
        Convolution conv = new Convolution(input.value(), weight.value(), window, groups);
        Tensor y = conv.forward(bias != null ? bias.value() : null);
        return bias != null
                ? Variable.fromOp("conv2d", y, (g, grads) -> conv.backward(g, grads, 2), input, weight, bias)
                : Variable.fromOp("conv2d", y, (g, grads) -> conv.backward(g, grads, -1), input, weight);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 && input.rank() != 4) {
            throw new IllegalArgumentException(describe() + ": input " + input + " should be [N, C, H, W] or "
                    + "[C, H, W]");
        }
        if (input.dim(-3) != inChannels) {
            throw new IllegalArgumentException(describe() + ": input " + input + " has " + input.dim(-3)
                    + " channels, expected " + inChannels);
        }
        int h = input.dim(-2), w = input.dim(-1);
        window.requireFits(describe(), h, w);
        return input.withDim(input.rank() - 3, outChannels).withDim(input.rank() - 2, window.outHeight(h))
                .withDim(input.rank() - 1, window.outWidth(w));
    }

    /** {@code Conv2d(1, 8, kernel=3)}, with the options that differ from their defaults. */
    private String describe() {
        return "Conv2d(" + extraRepr() + ")";
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", " + window.describe("kernel", false)
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null && weight != null ? ", bias=False" : "");
    }
}
