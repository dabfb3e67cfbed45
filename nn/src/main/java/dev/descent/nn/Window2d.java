package dev.descent.nn;

/**
 * The sliding window of a 2-D convolution or pooling layer: its kernel size, stride, zero padding and dilation, each
 * as (height, width) — PyTorch's {@code kernel_size}, {@code stride}, {@code padding} and {@code dilation}.
 *
 * <p>Output position {@code (oh, ow)} reads the input at rows {@code oh·sh − ph + i·dh} ({@code 0 ≤ i < kh}) and
 * columns {@code ow·sw − pw + j·dw} ({@code 0 ≤ j < kw}), so along each axis
 *
 * <pre>  out = ⌊(in + 2·p − d·(k − 1) − 1) / s⌋ + 1</pre>
 *
 * — the positions at which the dilated kernel, {@code d·(k − 1) + 1} wide, fits inside the padded input.
 *
 * <pre>{@code
 * Window2d.square(3)                          // 3×3, stride 1, no padding
 * Window2d.square(3).stride(2).padding(1)     // 3×3, stride 2, one ring of padding
 * Window2d.of(3, 5).padding(1, 2)             // non-square
 * }</pre>
 *
 * @param kh kernel height, ≥ 1
 * @param kw kernel width, ≥ 1
 * @param sh stride along the height, ≥ 1
 * @param sw stride along the width, ≥ 1
 * @param ph zero padding added above and below, ≥ 0
 * @param pw zero padding added left and right, ≥ 0
 * @param dh dilation along the height (spacing of the kernel's taps), ≥ 1
 * @param dw dilation along the width, ≥ 1
 */
public record Window2d(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {

    /** @throws IllegalArgumentException if a size is out of range, naming it */
    public Window2d {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || dh < 1 || dw < 1) {
            throw new IllegalArgumentException("window: need kernel, stride and dilation ≥ 1 and padding ≥ 0, got "
                    + "kernel=" + pair(kh, kw) + " stride=" + pair(sh, sw) + " padding=" + pair(ph, pw)
                    + " dilation=" + pair(dh, dw));
        }
    }

    /** A {@code k × k} kernel, stride 1, no padding, no dilation. */
    public static Window2d square(int k) {
        return of(k, k);
    }

    /** A {@code kh × kw} kernel, stride 1, no padding, no dilation. */
    public static Window2d of(int kh, int kw) {
        return new Window2d(kh, kw, 1, 1, 0, 0, 1, 1);
    }

    /** This window with stride {@code s} along both axes. */
    public Window2d stride(int s) {
        return stride(s, s);
    }

    /** This window with strides {@code (sh, sw)}. */
    public Window2d stride(int sh, int sw) {
        return new Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /** This window with padding {@code p} on every side. */
    public Window2d padding(int p) {
        return padding(p, p);
    }

    /** This window with padding {@code ph} above and below, {@code pw} left and right. */
    public Window2d padding(int ph, int pw) {
        return new Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /** This window with dilation {@code d} along both axes. */
    public Window2d dilation(int d) {
        return dilation(d, d);
    }

    /** This window with dilations {@code (dh, dw)}. */
    public Window2d dilation(int dh, int dw) {
        return new Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /** The output height for an input {@code h} rows high (≤ 0 when the kernel does not fit). */
    public int outHeight(int h) {
        return outSize(h, kh, sh, ph, dh);
    }

    /** The output width for an input {@code w} columns wide (≤ 0 when the kernel does not fit). */
    public int outWidth(int w) {
        return outSize(w, kw, sw, pw, dw);
    }

    private static int outSize(int in, int k, int s, int p, int d) {
        long span = in + 2L * p - (long) d * (k - 1) - 1;
        return span < 0 ? 0 : (int) (span / s + 1);
    }

    /** Whether every tap is its own pixel, next to the last, with no padding: the input is its own im2col matrix. */
    boolean isPointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    /**
     * Checks that the dilated kernel fits in an {@code h × w} input after padding.
     *
     * @param layer the layer's description, which starts the message
     * @throws IllegalArgumentException naming the input size, the kernel and the padding
     */
    void requireFits(String layer, int h, int w) {
        if (outHeight(h) < 1 || outWidth(w) < 1) {
            boolean dilated = dh > 1 || dw > 1;
            throw new IllegalArgumentException(layer + ": input " + h + "×" + w + " is smaller than the "
                    + (dilated ? "dilated " : "") + "kernel " + (dh * (kh - 1) + 1) + "×" + (dw * (kw - 1) + 1)
                    + (ph > 0 || pw > 0 ? " after padding " + pair(ph, pw) + " (" + (h + 2 * ph) + "×" + (w + 2 * pw)
                    + ")" : ""));
        }
    }

    /**
     * PyTorch's keyword arguments for this window, leaving out those at their defaults ({@code defaultStride} for
     * the stride: 1 for a convolution, the kernel for pooling): {@code kernel_size=3, stride=2, padding=1}.
     */
    String describe(String kernelName, boolean defaultStrideIsKernel) {
        StringBuilder sb = new StringBuilder(kernelName).append('=').append(pair(kh, kw));
        boolean defaultStride = defaultStrideIsKernel ? sh == kh && sw == kw : sh == 1 && sw == 1;
        if (!defaultStride) {
            sb.append(", stride=").append(pair(sh, sw));
        }
        if (ph != 0 || pw != 0) {
            sb.append(", padding=").append(pair(ph, pw));
        }
        if (dh != 1 || dw != 1) {
            sb.append(", dilation=").append(pair(dh, dw));
        }
        return sb.toString();
    }

    /** {@code 3} when both are equal, else {@code (3, 5)}, as PyTorch prints them. */
    static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }
}
