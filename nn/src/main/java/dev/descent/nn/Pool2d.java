package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * What {@link MaxPool2d} and {@link AvgPool2d} share: the window, the checks PyTorch makes of it, the output shape,
 * unbatched inputs, and the walk over planes. Each {@code (n, c)} plane of {@code x: [N, C, H, W]} is pooled on its
 * own — on {@link Parallel}'s threads, each plane's outputs and gradients written by one task, so the bits do not
 * depend on the thread count.
 */
abstract class Pool2d extends Module {
    /** Output elements × window taps a piece of planes should hold to be worth a thread. */
    private static final int PIECE_WORK = 1 << 14;

    final Window2d window;

    Pool2d(Window2d window) {
        this.window = window;
        if (window.ph() > window.kh() / 2 || window.pw() > window.kw() / 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + window.describe("kernel", true)
                    + "): padding should be at most half the kernel size, got "
                    + "padding=" + Window2d.pair(window.ph(), window.pw()) + " for kernel "
                    + Window2d.pair(window.kh(), window.kw()));
        }
    }

    /** The window: kernel size, stride (by default the kernel size), padding and dilation. */
    public Window2d window() {
        return window;
    }

    /** The sizes of one pooling: {@code [n, c, h, w]} in, {@code [n, c, oh, ow]} out. */
    record Sizes(int n, int c, int h, int w, int oh, int ow) {
        /** A zero output, {@code [n, c, oh, ow]}. */
        Tensor output() {
            return Tensor.zeros(n, c, oh, ow);
        }
    }

    /** Pools {@code x: [N, C, H, W]}, whose shape {@link #outputShape} has accepted. */
    abstract Variable pool(Variable x, Sizes sizes);

    @Override
    public final Variable forward(Variable input) {
        Shape out = outputShape(input.shape());
        Shape in = input.shape();
        if (in.rank() == 3) {
            return forward(input.reshape(1, in.dim(0), in.dim(1), in.dim(2))).reshape(out.dims());
        }
        return pool(input, new Sizes(in.dim(0), in.dim(1), in.dim(2), in.dim(3), out.dim(2), out.dim(3)));
    }

    @Override
    public final Shape outputShape(Shape input) {
        if (input.rank() != 3 && input.rank() != 4) {
            throw new IllegalArgumentException(describe() + ": input " + input + " should be [N, C, H, W] or "
                    + "[C, H, W]");
        }
        int h = input.dim(-2), w = input.dim(-1);
        window.requireFits(describe(), h, w);
        return input.withDim(input.rank() - 2, window.outHeight(h)).withDim(input.rank() - 1, window.outWidth(w));
    }

    /** A body run for the planes {@code [p0, p1)}. */
    interface Planes {
        void run(int p0, int p1);
    }

    /** Runs {@code body} over the {@code planes} planes of an input of shape {@code in}, in parallel pieces. */
    final void forPlanes(Shape in, Planes body) {
        int planes = in.dim(0) * in.dim(1);
        long perPlane = (long) window.outHeight(in.dim(2)) * window.outWidth(in.dim(3)) * window.kh() * window.kw();
        int grain = (int) Math.max(1, PIECE_WORK / Math.max(1, perPlane));
        Parallel.forRange(planes, grain, body::run);
    }

    /** {@code MaxPool2d(kernel=2)}, with the options that differ from their defaults. */
    final String describe() {
        return getClass().getSimpleName() + "(" + extraRepr() + ")";
    }

    @Override
    protected String extraRepr() {
        return window.describe("kernel", true);
    }
}
