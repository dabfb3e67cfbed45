package dev.descent.core.kernel;

import dev.descent.core.Parallel;

/**
 * General matrix multiply, {@code C = α·op(A)·op(B) + β·C}, on row-major arrays, where {@code op(X)} is {@code X}
 * or {@code Xᵀ}. This is the blocked algorithm of BLIS and OpenBLAS (Goto and van de Geijn, 2008):
 *
 * <pre>
 * for each block of NC columns of C                      (jc)
 *   for each block of KC rows of op(B)                   (pc)   pack op(B)[pc, jc] into column panels
 *     for each block of MC rows of C, in parallel        (ic)   pack α·op(A)[ic, pc] into row panels
 *       for each register tile of the block              (jr, ir)
 *         C tile += A panel · B panel                    the kernels' micro-kernel
 * </pre>
 *
 * Packing copies each block into the order the micro-kernel reads (contiguous, zero-padded to whole tiles), which is
 * also where the transposes are absorbed: no operand is ever transposed in memory. Tiles at the M and N edges are
 * computed in full into a scratch tile and only their valid part is added to C, so every size works.
 *
 * <p>Threads split the MC blocks (rows of C), never the K sum, and every element of C is accumulated in the same
 * order whatever the split: the result has the same bits on any thread count. Products under
 * {@link #PARALLEL_THRESHOLD} multiply-adds stay on the calling thread.
 */
public final class Gemm {
    static final int KC = 256;
    static final int MC = 96;
    static final int NC = 2048;
    /** Multiply-adds (m·n·k) below which a product is not worth handing to other threads. */
    static final long PARALLEL_THRESHOLD = 1L << 17;

    private Gemm() {
    }

    /**
     * {@code C = α·op(A)·op(B) + β·C}.
     *
     * @param transA whether {@code op(A) = Aᵀ}; {@code op(A)} is m × k, so A is stored m × k (row stride {@code lda})
     *               or, transposed, k × m
     * @param transB whether {@code op(B) = Bᵀ}; {@code op(B)} is k × n
     * @param beta   0 means C is not read (so NaN in C does not survive), as in BLAS
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        gemm(VectorizationProvider.kernels(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                cOff, ldc);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}, with the given kernels. */
    public static void gemm(Kernels kernels, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        scaleC(kernels, beta, c, cOff, ldc, m, n);
        if (k == 0 || alpha == 0f) {
            return;
        }
        int mr = kernels.gemmTileRows();
        int nr = kernels.gemmTileCols();
        boolean parallel = (long) m * n * k >= PARALLEL_THRESHOLD && Parallel.threads() > 1;
        float[] packedB = new float[Math.min(KC, k) * roundUp(Math.min(NC, n), nr)];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, nc, nr, packedB);
                int blocks = (m + MC - 1) / MC;
                int jcF = jc, pcF = pc;
                if (parallel && blocks > 1) {
                    Parallel.forEach(blocks, blk -> macroKernel(kernels, transA, a, aOff, lda, alpha, m, blk * MC,
                            pcF, jcF, kc, nc, packedB, c, cOff, ldc));
                } else {
                    for (int blk = 0; blk < blocks; blk++) {
                        macroKernel(kernels, transA, a, aOff, lda, alpha, m, blk * MC, pc, jc, kc, nc, packedB, c,
                                cOff, ldc);
                    }
                }
            }
        }
    }

    private static void scaleC(Kernels kernels, float beta, float[] c, int cOff, int ldc, int m, int n) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                kernels.binaryScalar(BinaryOp.MUL, c, row, beta, c, row, n);
            }
        }
    }

    /** One MC × NC block of C: pack its rows of α·op(A), then run the micro-kernel over every register tile. */
    private static void macroKernel(Kernels kernels, boolean transA, float[] a, int aOff, int lda, float alpha,
                                    int m, int ic, int pc, int jc, int kc, int nc, float[] packedB,
                                    float[] c, int cOff, int ldc) {
        int mr = kernels.gemmTileRows();
        int nr = kernels.gemmTileCols();
        int mc = Math.min(MC, m - ic);
        float[] packedA = new float[kc * roundUp(mc, mr)];
        packA(transA, a, aOff, lda, alpha, ic, pc, mc, kc, mr, packedA);
        float[] scratch = new float[mr * nr];
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int bPanel = jr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int aPanel = ir * kc;
                int cAt = cOff + (ic + ir) * ldc + jc + jr;
                if (rows == mr && cols == nr) {
                    kernels.gemmMicroKernel(kc, packedA, aPanel, packedB, bPanel, c, cAt, ldc);
                } else {
                    java.util.Arrays.fill(scratch, 0f);
                    kernels.gemmMicroKernel(kc, packedA, aPanel, packedB, bPanel, scratch, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        for (int col = 0; col < cols; col++) {
                            c[cAt + r * ldc + col] += scratch[r * nr + col];
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs {@code α·op(A)[ic..ic+mc, pc..pc+kc]} into panels of {@code mr} rows: panel {@code p} holds, for each
     * {@code k}, the {@code mr} values of its rows at column {@code k}; rows past {@code mc} are zero.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, float alpha, int ic, int pc, int mc, int kc,
                      int mr, float[] packed) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            for (int p = 0; p < kc; p++) {
                int at = base + p * mr;
                for (int r = 0; r < rows; r++) {
                    int i = ic + ir + r;
                    int j = pc + p;
                    float v = transA ? a[aOff + j * lda + i] : a[aOff + i * lda + j];
                    packed[at + r] = alpha * v;
                }
                for (int r = rows; r < mr; r++) {
                    packed[at + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[pc..pc+kc, jc..jc+nc]} into panels of {@code nr} columns: panel {@code q} holds, for each
     * {@code k}, the {@code nr} values of its columns at row {@code k}; columns past {@code nc} are zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, int nr,
                      float[] packed) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int at = base + p * nr;
                int row = pc + p;
                if (!transB) {
                    System.arraycopy(b, bOff + row * ldb + jc + jr, packed, at, cols);
                } else {
                    for (int col = 0; col < cols; col++) {
                        packed[at + col] = b[bOff + (jc + jr + col) * ldb + row];
                    }
                }
                for (int col = cols; col < nr; col++) {
                    packed[at + col] = 0f;
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
