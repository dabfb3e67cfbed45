package dev.descent.core.kernel.simd;

import dev.descent.core.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The Vector API register tile of {@link dev.descent.core.kernel.Gemm}: 4 rows × 2 vectors of C (4 × 16 floats with
 * AVX2) loaded into eight accumulator registers (from a row of zeros, when C is only to be written), held there for
 * the whole {@code kc} loop, and stored back.
 *
 * <p>Each step {@code p} loads two vectors of the packed B row, broadcasts each of the four A values and issues eight
 * fused multiply-adds: {@code C[r][·] = fma(A[r][p], B[p][·], C[r][·])}. With 16 vector registers that leaves room
 * for the two B vectors and the broadcasts of two steps, so the loop is unrolled by two (the packed panels have an
 * even {@code kc}), which halves its index arithmetic. Larger tiles were measured and rejected: on JDK 17 a 6 × 16
 * or 4 × 24 tile (12 accumulators) made C2 spill accumulators and even box one of them on every iteration, at a
 * third of the speed; unrolling by four was slower too.
 *
 * <p>Each lane accumulates its own column with one {@code fma} per {@code p}, in order, so the result has exactly the
 * bits of {@link dev.descent.core.kernel.ScalarKernels#gemmMicroKernel}.
 */
final class SimdGemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    static final int TILE_ROWS = 4;
    static final int TILE_COLS = 2 * L;
    /** The starting values of a tile that starts from zero, one row read for all four. */
    private static final float[] ZERO_ROW = new float[TILE_COLS];

    private SimdGemm() {
    }

    /**
     * See {@link dev.descent.core.kernel.Kernels#gemmMicroKernel}: A rows at {@code aOff + r·lda}, B rows of 2L; the
     * starting values are C's tile, or zero when {@code fromZero}.
     */
    static void microKernel(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc,
                            boolean fromZero) {
        // Starting from zero reads one row of zeros four times (stride 0). The choice is made here, outside the
        // kernel, so that the kernel has no branch for C2 to compile after a profile: a branch between two sets of
        // starting vectors cost 3–5 % at n = 1024 on JDK 25, and a select inside the kernel, compiled while only
        // one side had run (products of one depth block), cost 5–9 % once the other side came.
        if (fromZero) {
            tile(kc, a, aOff, lda, b, bOff, ZERO_ROW, 0, 0, c, cOff, ldc);
        } else {
            tile(kc, a, aOff, lda, b, bOff, c, cOff, ldc, c, cOff, ldc);
        }
    }

    /** The register tile: {@code C = FROM + A·B}, FROM's rows at {@code fromOff + r·fromLd}. */
    private static void tile(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] from, int fromOff,
                             int fromLd, float[] c, int cOff, int ldc) {
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda;
        int r0 = cOff, r1 = cOff + ldc, r2 = cOff + 2 * ldc, r3 = cOff + 3 * ldc;
        int f0 = fromOff, f1 = fromOff + fromLd, f2 = fromOff + 2 * fromLd, f3 = fromOff + 3 * fromLd;
        FloatVector c00 = FloatVector.fromArray(F, from, f0), c01 = FloatVector.fromArray(F, from, f0 + L);
        FloatVector c10 = FloatVector.fromArray(F, from, f1), c11 = FloatVector.fromArray(F, from, f1 + L);
        FloatVector c20 = FloatVector.fromArray(F, from, f2), c21 = FloatVector.fromArray(F, from, f2 + L);
        FloatVector c30 = FloatVector.fromArray(F, from, f3), c31 = FloatVector.fromArray(F, from, f3 + L);
        for (int p = 0; p < kc; p += 2) {
            int bp = bOff + p * TILE_COLS;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(F, b, bp + TILE_COLS);
            b1 = FloatVector.fromArray(F, b, bp + TILE_COLS + L);
            x = FloatVector.broadcast(F, a[a0 + p + 1]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p + 1]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p + 1]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        // Plain stores, written out rather than in a helper: C2 does not inline a helper this size at a call site run
        // once per tile, and vectors passed to a call are boxed. Never a branch between vectors here: with a store on
        // one branch and an add on the other, C2 sometimes compiled the accumulators boxed, which made whole training
        // runs 1.8 times slower in the JVMs where it happened.
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /**
     * See {@link dev.descent.core.kernel.Kernels#gemmPackB}. Untransposed, the full panels are filled a vector at a
     * time, row by row of B: each row is read in order, which the prefetcher follows (a panel at a time would read
     * 64 bytes from each row, rows a page apart, and miss on every one), and no arraycopy call per 16 floats. The
     * partial last panel and transposed panels (whose columns are rows of B, read in order) use the scalar definition.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int kc, int cols, int depth, float[] packed,
                      int pOff) {
        int full = transB ? 0 : cols / TILE_COLS;
        int panel = TILE_COLS * depth;
        for (int p = 0; p < kc; p++) {
            int src = bOff + p * ldb;
            int dst = pOff + p * TILE_COLS;
            for (int q = 0; q < full; q++) {
                FloatVector.fromArray(F, b, src + q * TILE_COLS).intoArray(packed, dst + q * panel);
                FloatVector.fromArray(F, b, src + q * TILE_COLS + L).intoArray(packed, dst + q * panel + L);
            }
        }
        for (int q = 0; q < full; q++) {
            Arrays.fill(packed, pOff + q * panel + kc * TILE_COLS, pOff + (q + 1) * panel, 0f);
        }
        for (int c0 = full * TILE_COLS; c0 < cols; c0 += TILE_COLS) {
            int from = transB ? bOff + c0 * ldb : bOff + c0;
            ScalarKernels.packPanel(transB, b, from, ldb, kc, Math.min(TILE_COLS, cols - c0), depth, TILE_COLS,
                    packed, pOff + c0 * depth);
        }
    }
}
