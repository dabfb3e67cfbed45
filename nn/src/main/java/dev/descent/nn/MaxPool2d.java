package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * 2-D max pooling, as PyTorch's {@code nn.MaxPool2d} (Keras: {@code MaxPooling2D}): each output is the largest
 * input in its window,
 *
 * <pre>
 *   y[n, c, a, b] = max_{i, j} x[n, c, a·sh − ph + i·dh, b·sw − pw + j·dw]        (−∞ in the padding)
 *   x: [N, C, H, W] or [C, H, W],   OH = ⌊(H + 2·ph − dh·(kh − 1) − 1)/sh⌋ + 1,  OW likewise
 * </pre>
 *
 * with the stride equal to the kernel size unless given. The gradient goes to the one input that was chosen:
 * {@code ∂L/∂x[argmax] += ∂L/∂y} (inputs in overlapping windows collect from each).
 *
 * <p>Which input is chosen follows PyTorch's CPU kernel exactly: the window is scanned row by row, left to right,
 * and an input replaces the current maximum when it is strictly greater or NaN. So among equal maxima the first in
 * that order wins, and a window holding a NaN outputs NaN, with the <em>last</em> NaN chosen; a window of −∞ only
 * outputs −∞ and chooses its first tap inside the input. As in PyTorch, the padding must be at most half the kernel
 * (so every window holds at least one input). Not built: {@code ceil_mode} and {@code return_indices}.
 */
public final class MaxPool2d extends Pool2d {

    /** A {@code k × k} window with stride {@code k} (non-overlapping), no padding. */
    public MaxPool2d(int kernel) {
        this(Window2d.square(kernel).stride(kernel));
    }

    /** A {@code k × k} window with the given stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(Window2d.square(kernel).stride(stride).padding(padding));
    }

    /**
     * Pooling over {@code window} (kernel, stride, padding, dilation as given there).
     *
     * @throws IllegalArgumentException if the padding is more than half the kernel
     */
    public MaxPool2d(Window2d window) {
        super(window);
    }

    @Override
    Variable pool(Variable input, Sizes s) {
        Tensor x = input.value(), y = s.output();
        Shape in = x.shape();
        int h = s.h(), w = s.w(), oh = s.oh(), ow = s.ow();
        int[] argmax = new int[y.size()];
        float[] xs = x.array(), ys = y.array();
        int xo = x.offset();
        forPlanes(in, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                planeForward(xs, xo + p * h * w, h, w, ys, argmax, p * oh * ow, oh, ow);
            }
        });
        return Variable.fromOp("max_pool2d", y, (g, grads) -> {
            Tensor dx = Tensor.zeros(in);
            float[] ga = g.array(), dxa = dx.array();
            int go = g.offset();
            forPlanes(in, (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    int plane = p * h * w;
                    for (int q = p * oh * ow, end = q + oh * ow; q < end; q++) {
                        dxa[plane + argmax[q]] += ga[go + q];
                    }
                }
            });
            grads.addFresh(0, dx);
        }, input);
    }

    /** One plane: each output's maximum and where in the plane it was ({@code row·w + column}). */
    private void planeForward(float[] xs, int xo, int h, int w, float[] ys, int[] argmax, int yo, int oh, int ow) {
        Window2d win = window;
        if (win.kh() == 2 && win.kw() == 2 && win.ph() == 0 && win.pw() == 0 && win.dh() == 1 && win.dw() == 1) {
            planeForward2x2(xs, xo, w, win.sh(), win.sw(), ys, argmax, yo, oh, ow);
        } else {
            planeForwardAnyWindow(win, xs, xo, h, w, ys, argmax, yo, oh, ow);
        }
    }

    /** {@link #planeForward} for any window: the reference the 2 × 2 path is tested against. */
    static void planeForwardAnyWindow(Window2d win, float[] xs, int xo, int h, int w, float[] ys, int[] argmax, int yo,
                                      int oh, int ow) {
        for (int a = 0; a < oh; a++) {
            int ih0 = a * win.sh() - win.ph();
            int ih1 = Math.min(ih0 + win.dh() * (win.kh() - 1) + 1, h);
            while (ih0 < 0) {
                ih0 += win.dh();
            }
            for (int b = 0; b < ow; b++) {
                int iw0 = b * win.sw() - win.pw();
                int iw1 = Math.min(iw0 + win.dw() * (win.kw() - 1) + 1, w);
                while (iw0 < 0) {
                    iw0 += win.dw();
                }
                int best = ih0 * w + iw0;
                float max = Float.NEGATIVE_INFINITY;
                for (int ih = ih0; ih < ih1; ih += win.dh()) {
                    for (int iw = iw0; iw < iw1; iw += win.dw()) {
                        float v = xs[xo + ih * w + iw];
                        if (v > max || Float.isNaN(v)) {
                            max = v;
                            best = ih * w + iw;
                        }
                    }
                }
                ys[yo + a * ow + b] = max;
                argmax[yo + a * ow + b] = best;
            }
        }
    }

    /**
     * {@link #planeForward} for the common 2 × 2 window without padding or dilation: the four taps read in the same
     * order (top left, top right, bottom left, bottom right), with the same rule, so the same choice.
     */
    static void planeForward2x2(float[] xs, int xo, int w, int sh, int sw, float[] ys, int[] argmax, int yo, int oh,
                                int ow) {
        for (int a = 0; a < oh; a++) {
            int top = a * sh * w;
            for (int b = 0; b < ow; b++) {
                int at = top + b * sw;
                float v0 = xs[xo + at], v1 = xs[xo + at + 1], v2 = xs[xo + at + w], v3 = xs[xo + at + w + 1];
                // Selects, not branches (which tap wins is a coin toss on real data): the index by integer selects,
                // the running maximum by Math.max — which differs from the rule only between −0 and +0, where no
                // later comparison can tell them apart; the output is the chosen tap itself.
                int best = at;
                float max = v0;
                best = v1 > max | v1 != v1 ? at + 1 : best;
                max = Math.max(max, v1);
                best = v2 > max | v2 != v2 ? at + w : best;
                max = Math.max(max, v2);
                best = v3 > max | v3 != v3 ? at + w + 1 : best;
                max = xs[xo + best];
                ys[yo + a * ow + b] = max;
                argmax[yo + a * ow + b] = best;
            }
        }
    }
}
