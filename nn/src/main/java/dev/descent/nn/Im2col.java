package dev.descent.nn;

import java.util.Arrays;

/**
 * The rearrangement that turns a convolution into a matrix product (Chellapilla et al., 2006): {@code im2col} lays
 * every patch the kernel sees out as a column,
 *
 * <pre>
 *   cols[(c·kh + i)·kw + j][oh·OW + ow] = x[c][oh·sh − ph + i·dh][ow·sw − pw + j·dw]    (0 outside the input)
 * </pre>
 *
 * a {@code [C·kh·kw, OH·OW]} matrix, so that {@code W[O, C·kh·kw] · cols} is the convolution of one image; and
 * {@code col2im} is its adjoint, which adds each entry of such a matrix back onto the pixel it came from (the
 * gradient of the input from the gradient of the columns). Both walk one row of {@code cols} at a time: per output
 * row, the columns whose taps land inside the input are a contiguous range, found once, so the inner loops carry no
 * bounds test (and at stride 1 are plain array copies).
 */
final class Im2col {
    private Im2col() {
    }

    /**
     * Writes the columns of the image {@code x[xo ..]} ({@code [c, h, w]}) into {@code cols[0 ..]}
     * ({@code [c·kh·kw, oh·ow]}), zeros where a tap falls in the padding — unless {@code paddingIsZero} says they are
     * there already: which entries are padding depends only on the sizes, so a buffer that only ever holds columns
     * of this geometry, zero when allocated, needs them written once (they were a fifth of a 3 × 3 forward's time).
     */
    static void im2col(float[] x, int xo, int c, int h, int w, Window2d win, int oh, int ow, float[] cols,
                       boolean paddingIsZero) {
        walk(x, xo, c, h, w, win, oh, ow, cols, false, paddingIsZero);
    }

    /** Adds the columns {@code cols[0 ..]} onto the pixels of {@code dx[dxo ..]} ({@code [c, h, w]}) they came from. */
    static void col2im(float[] cols, int c, int h, int w, Window2d win, int oh, int ow, float[] dx, int dxo) {
        walk(dx, dxo, c, h, w, win, oh, ow, cols, true, true);
    }

    /**
     * One walk for both directions: {@code cols ← image} (the padding's zeros written unless {@code skipZeros}) or,
     * with {@code add}, {@code image += cols}.
     */
    private static void walk(float[] img, int io, int c, int h, int w, Window2d win, int oh, int ow, float[] cols,
                             boolean add, boolean skipZeros) {
        boolean zeros = !add && !skipZeros;
        int l = oh * ow;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < win.kh(); i++) {
                int rowOffset = i * win.dh() - win.ph();
                for (int j = 0; j < win.kw(); j++) {
                    int colOffset = j * win.dw() - win.pw();
                    // output columns ow' whose input column ow'·sw + colOffset lies in [0, w)
                    int lo = Math.min(ow, Math.max(0, ceilDiv(-colOffset, win.sw())));
                    int hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - colOffset, win.sw()) + 1));
                    int row = ((ch * win.kh() + i) * win.kw() + j) * l;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * win.sh() + rowOffset;
                        int at = row + y * ow;
                        if (iy < 0 || iy >= h) {
                            if (zeros) {
                                Arrays.fill(cols, at, at + ow, 0f);
                            }
                            continue;
                        }
                        int src = io + (ch * h + iy) * w + colOffset;
                        if (add) {
                            for (int x = lo; x < hi; x++) {
                                img[src + x * win.sw()] += cols[at + x];
                            }
                        } else {
                            if (zeros) {
                                Arrays.fill(cols, at, at + lo, 0f);
                                Arrays.fill(cols, at + hi, at + ow, 0f);
                            }
                            if (win.sw() == 1 && hi > lo) { // (an empty range may start before the array)
                                System.arraycopy(img, src + lo, cols, at + lo, hi - lo);
                            } else {
                                for (int x = lo; x < hi; x++) {
                                    cols[at + x] = img[src + x * win.sw()];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
