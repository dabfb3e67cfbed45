package dev.descent.nn;

import dev.descent.autograd.Grads;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.Gemm;

import java.util.Arrays;

/**
 * The loops of one 2-D convolution over a batch {@code x: [N, C, H, W]} with weight {@code [O, C/G, kh, kw]} in
 * {@code G} groups: each image through {@link Im2col} and one matrix product per group ({@link Gemm}, which reads
 * the transposed operands in place). With {@code K = (C/G)·kh·kw} and {@code L = OH·OW}, for image n and group g:
 *
 * <pre>
 *   forward   Y[n]_g  = W_g · cols(x[n])_g + b_g           [O/G, K]·[K, L]
 *   backward  dW_g   += dY[n]_g · cols(x[n])_gᵀ            [O/G, L]·[L, K]
 *             dcols_g = W_gᵀ · dY[n]_g,  dx[n] = col2im(dcols)   [K, O/G]·[O/G, L]
 *             db     += Σ_L dY[n]
 * </pre>
 *
 * <p>The batch is cut into blocks of {@link #BLOCK} images that run on {@link Parallel}'s threads. Outputs and
 * input gradients belong to one image each; the weight and bias gradients, sums over the batch, are summed per block
 * (in image order) and the blocks' sums added in block order — the blocks do not depend on the thread count, so
 * neither do the bits. The columns are not kept from the forward pass but rebuilt in the backward one (a pass over
 * memory, against the {@code O/G} multiply-adds per entry of the products), as PyTorch's CPU convolution does.
 */
final class Convolution {
    /** Images per block: the unit of parallel work, and of the partial sums of the parameter gradients. */
    static final int BLOCK = 8;

    private final Tensor x;
    private final Tensor w;
    private final Window2d win;
    private final int groups;
    private final int n;
    private final int c;
    private final int h;
    private final int wd;
    private final int o;
    private final int oh;
    private final int ow;
    private final int k;
    private final int l;

    Convolution(Tensor x, Tensor w, Window2d win, int groups) {
        this.x = x;
        this.w = w;
        this.win = win;
        this.groups = groups;
        this.n = x.dim(0);
        this.c = x.dim(1);
        this.h = x.dim(2);
        this.wd = x.dim(3);
        this.o = w.dim(0);
        this.oh = win.outHeight(h);
        this.ow = win.outWidth(wd);
        this.k = (c / groups) * win.kh() * win.kw();
        this.l = oh * ow;
    }

    private int blocks() {
        return (n + BLOCK - 1) / BLOCK;
    }

    /** The columns of image {@code i}: the image itself for a pointwise window, else {@code scratch} filled. */
    private float[] cols(int i, float[] scratch) {
        if (win.isPointwise()) {
            return x.array();
        }
        Im2col.im2col(x.array(), x.offset() + i * c * h * wd, c, h, wd, win, oh, ow, scratch, true);
        return scratch;
    }

    /** Where image {@code i}'s columns start in the array {@link #cols} returned. */
    private int colsOffset(int i) {
        return win.isPointwise() ? x.offset() + i * c * h * wd : 0;
    }

    /** Room for one image's columns, zero: only {@link #cols} writes it, and never in the padding's places. */
    private float[] scratch() {
        return win.isPointwise() ? null : new float[groups * k * l];
    }

    /** {@code y: [N, O, OH, OW]}, each output plane starting from its bias (or zero). */
    Tensor forward(Tensor bias) {
        Tensor y = Tensor.zeros(n, o, oh, ow);
        float[] ya = y.array();
        int og = o / groups;
        Parallel.forEach(blocks(), b -> {
            float[] scratch = scratch();
            for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
                float[] cols = cols(i, scratch);
                int co = colsOffset(i), yo = i * o * l;
                if (bias != null) {
                    for (int ch = 0; ch < o; ch++) {
                        Arrays.fill(ya, yo + ch * l, yo + (ch + 1) * l, bias.getFlat(ch));
                    }
                }
                for (int g = 0; g < groups; g++) {
                    Gemm.gemm(false, false, og, l, k, 1f, w.array(), w.offset() + g * og * k, k,
                            cols, co + g * k * l, l, bias != null ? 1f : 0f, ya, yo + g * og * l, l);
                }
            }
        });
        return y;
    }

    /**
     * Sends the gradients of x (index 0), the weight (1) and the bias ({@code biasIndex}, or −1 without one) to
     * those that need them.
     */
    void backward(Tensor gradOut, Grads grads, int biasIndex) {
        boolean needX = grads.needs(0), needW = grads.needs(1), needB = biasIndex >= 0 && grads.needs(biasIndex);
        int blocks = blocks(), og = o / groups;
        float[] g = gradOut.array();
        int go = gradOut.offset();
        Tensor dx = needX ? Tensor.zeros(x.shape()) : null;
        float[][] dW = new float[needW ? blocks : 0][];
        float[][] db = new float[needB ? blocks : 0][];
        // dW_g = dY_g·colsᵀ or, its transpose, dW_gᵀ = cols·dY_gᵀ: gemm packs the transposed operand, so let that
        // be the smaller one. Each entry is the same chain of fused multiply-adds over L either way (a·b = b·a), so
        // the bits do not depend on the choice.
        boolean transposedWeightGradient = k > og;
        // Wᵀ once for the whole batch, which gemm then reads in place, rather than packed from W for every image.
        float[] wt = needX ? transposeGroups(w.array(), w.offset(), og, k) : null;
        Parallel.forEach(blocks, b -> {
            float[] scratch = needW ? scratch() : null;
            float[] dcols = needX && !win.isPointwise() ? new float[groups * k * l] : null;
            float[] dWb = needW ? new float[o * k] : null;
            float[] dbb = needB ? new float[o] : null;
            for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
                int gi = go + i * o * l;
                if (needW) {
                    float[] cols = cols(i, scratch);
                    int co = colsOffset(i);
                    float beta = i == b * BLOCK ? 0f : 1f;
                    for (int gr = 0; gr < groups; gr++) {
                        if (transposedWeightGradient) {
                            Gemm.gemm(false, true, k, og, l, 1f, cols, co + gr * k * l, l, g, gi + gr * og * l, l,
                                    beta, dWb, gr * og * k, og);
                        } else {
                            Gemm.gemm(false, true, og, k, l, 1f, g, gi + gr * og * l, l, cols, co + gr * k * l, l,
                                    beta, dWb, gr * og * k, k);
                        }
                    }
                }
                if (needB) {
                    for (int ch = 0; ch < o; ch++) {
                        float s = 0f;
                        for (int p = gi + ch * l, end = p + l; p < end; p++) {
                            s += g[p];
                        }
                        dbb[ch] += s;
                    }
                }
                if (needX) {
                    inputGradient(wt, g, gi, dcols, dx.array(), i * c * h * wd, og);
                }
            }
            if (needW) {
                dW[b] = transposedWeightGradient ? transposeGroups(dWb, 0, k, og) : dWb;
            }
            if (needB) {
                db[b] = dbb;
            }
        });
        if (needX) {
            grads.addFresh(0, dx);
        }
        if (needW) {
            grads.addFresh(1, Tensor.wrap(sumInOrder(dW, o * k), 0, w.shape()));
        }
        if (needB) {
            grads.addFresh(biasIndex, Tensor.wrap(sumInOrder(db, o), 0, Shape.of(o)));
        }
    }

    /** {@code dx[i] = col2im(Wᵀ·dY[i])}, group by group; for a pointwise window the product is dx[i] itself. */
    private void inputGradient(float[] wt, float[] g, int gi, float[] dcols, float[] dx, int dxo, int og) {
        boolean pointwise = dcols == null;
        for (int gr = 0; gr < groups; gr++) {
            Gemm.gemm(false, false, k, l, og, 1f, wt, gr * k * og, og, g, gi + gr * og * l, l,
                    0f, pointwise ? dx : dcols, pointwise ? dxo + gr * k * l : gr * k * l, l);
        }
        if (!pointwise) {
            Im2col.col2im(dcols, c, h, wd, win, oh, ow, dx, dxo);
        }
    }

    /**
     * The transpose of each group's {@code [rows, cols]} matrix in {@code src[off ..]} (the groups one after the
     * other), into a new array: {@code W_g → W_gᵀ} with {@code (O/G, K)}, {@code dW_gᵀ → dW_g} with {@code (K, O/G)}.
     */
    private float[] transposeGroups(float[] src, int off, int rows, int cols) {
        return Tensor.wrap(src, off, Shape.of(groups, rows, cols)).permute(0, 2, 1).array();
    }

    /** The element-wise sum of the blocks' partial sums (of {@code length} each), in block order. */
    private static float[] sumInOrder(float[][] parts, int length) {
        if (parts.length == 0) { // an empty batch
            return new float[length];
        }
        float[] total = parts[0];
        for (int b = 1; b < parts.length; b++) {
            for (int j = 0; j < total.length; j++) {
                total[j] += parts[b][j];
            }
        }
        return total;
    }
}
