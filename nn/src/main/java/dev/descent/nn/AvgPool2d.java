package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * 2-D average pooling, as PyTorch's {@code nn.AvgPool2d} (Keras: {@code AveragePooling2D}): each output is the mean
 * of its window,
 *
 * <pre>
 *   y[n, c, a, b] = (1/D) · Σ_{i, j} x[n, c, a·sh − ph + i, b·sw − pw + j]       (0 in the padding)
 *   x: [N, C, H, W] or [C, H, W],   OH = ⌊(H + 2·ph − kh)/sh⌋ + 1,  OW likewise
 * </pre>
 *
 * where the divisor {@code D} counts the window's taps in the image and, with {@code count_include_pad} (PyTorch's
 * default), in the padding too — but never those past the padding. The stride equals the kernel size unless given.
 * Backward spreads each output's gradient evenly: {@code ∂L/∂x[tap] += ∂L/∂y / D} for every tap inside the image.
 *
 * <p>As in PyTorch, the padding must be at most half the kernel. Not built: {@code ceil_mode},
 * {@code divisor_override}; there is no dilation (PyTorch's AvgPool2d has none either).
 */
public final class AvgPool2d extends Pool2d {
    private final boolean countIncludePad;

    /** A {@code k × k} window with stride {@code k} (non-overlapping), no padding. */
    public AvgPool2d(int kernel) {
        this(Window2d.square(kernel).stride(kernel), true);
    }

    /** A {@code k × k} window with the given stride and padding, counting the padding in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(Window2d.square(kernel).stride(stride).padding(padding), true);
    }

    /**
     * Pooling over {@code window}.
     *
     * @param countIncludePad whether the padding's zeros count in the divisor (PyTorch's {@code count_include_pad})
     * @throws IllegalArgumentException if the window is dilated or its padding is more than half the kernel
     */
    public AvgPool2d(Window2d window, boolean countIncludePad) {
        super(window);
        if (window.dh() != 1 || window.dw() != 1) {
            throw new IllegalArgumentException("AvgPool2d(" + window.describe("kernel", true) + "): average pooling "
                    + "has no dilation");
        }
        this.countIncludePad = countIncludePad;
    }

    /** Whether the padding counts in the divisor. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    Variable pool(Variable input, Sizes s) {
        Tensor x = input.value(), y = s.output();
        Shape in = x.shape();
        int h = s.h(), w = s.w(), oh = s.oh(), ow = s.ow();
        float[] xs = x.array(), ys = y.array();
        int xo = x.offset();
        forPlanes(in, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                walkPlane(xs, xo + p * h * w, h, w, ys, p * oh * ow, oh, ow, false);
            }
        });
        return Variable.fromOp("avg_pool2d", y, (g, grads) -> {
            Tensor dx = Tensor.zeros(in);
            float[] ga = g.array(), dxa = dx.array();
            int go = g.offset();
            forPlanes(in, (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    walkPlane(dxa, p * h * w, h, w, ga, go + p * oh * ow, oh, ow, true);
                }
            });
            grads.addFresh(0, dx);
        }, input);
    }

    /**
     * One plane, both ways: {@code out[a, b] = Σ window / D} or, {@code backward}, {@code img[window] += out[a, b] / D}
     * (then {@code out} is the output's gradient and {@code img} the input's).
     */
    private void walkPlane(float[] img, int io, int h, int w, float[] out, int oo, int oh, int ow, boolean backward) {
        Window2d win = window;
        for (int a = 0; a < oh; a++) {
            int ih0 = a * win.sh() - win.ph();
            int ih1 = Math.min(ih0 + win.kh(), h + win.ph());
            int rows = ih1 - ih0;
            ih0 = Math.max(ih0, 0);
            ih1 = Math.min(ih1, h);
            for (int b = 0; b < ow; b++) {
                int iw0 = b * win.sw() - win.pw();
                int iw1 = Math.min(iw0 + win.kw(), w + win.pw());
                int cols = iw1 - iw0;
                iw0 = Math.max(iw0, 0);
                iw1 = Math.min(iw1, w);
                int divisor = countIncludePad ? rows * cols : (ih1 - ih0) * (iw1 - iw0);
                if (backward) {
                    float share = out[oo + a * ow + b] / divisor;
                    for (int ih = ih0; ih < ih1; ih++) {
                        for (int iw = iw0; iw < iw1; iw++) {
                            img[io + ih * w + iw] += share;
                        }
                    }
                } else {
                    float sum = 0f;
                    for (int ih = ih0; ih < ih1; ih++) {
                        for (int iw = iw0; iw < iw1; iw++) {
                            sum += img[io + ih * w + iw];
                        }
                    }
                    out[oo + a * ow + b] = sum / divisor;
                }
            }
        }
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (countIncludePad ? "" : ", count_include_pad=False");
    }
}
