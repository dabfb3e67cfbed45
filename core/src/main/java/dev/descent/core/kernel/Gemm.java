package dev.descent.core.kernel;

import dev.descent.core.Parallel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * General matrix multiply, {@code C = α·op(A)·op(B) + β·C}, on row-major arrays, where {@code op(X)} is {@code X}
 * or {@code Xᵀ}. This is the blocked algorithm of BLIS and OpenBLAS (Goto and van de Geijn, 2008):
 *
 * <pre>
 * for each block of NC columns of C                      (jc)   pack op(B)[:, jc], KC rows at a time, into panels
 *                                                               of NR columns
 *   for each block of MC rows of C                       (ic)
 *     for each block of KC rows of op(B)                 (pc)   pack α·op(A)[ic, pc] into panels of MR rows
 *       for each chunk of 256 columns of the B block             (stays in L2)
 *         for each MR-row panel of the A block           (ir)   (stays in L1)
 *           for each NR-column panel of the chunk        (jr)
 *             C tile += A panel · B panel                the kernels' micro-kernel, MR × NR in registers
 * </pre>
 *
 * <p>The innermost loop walks along rows of C. Each tile of C is read and written once per KC block, and when C is
 * larger than L2 those reads would miss; walking along rows turns them into four sequential streams that the
 * hardware prefetcher fetches ahead (Java has no prefetch instruction). With the A panels innermost instead (the
 * BLIS order, B panel in L1, A block in L2) a 1024 × 1024 product ran about a quarter slower in our (noisy)
 * measurements.
 *
 * <p>Packing copies each block into the order the micro-kernel reads — contiguous, zero-padded to whole tiles and to
 * an even depth — which is also where the transposes are absorbed: no operand is ever transposed in memory. A panel
 * of A is stored row by row ({@code A[r][p]} at {@code r·kc + p}), so packing an untransposed A is a plain copy; a
 * panel of B is stored step by step ({@code B[p][c]} at {@code p·NR + c}), so packing an untransposed B is too. The
 * transposed operands are packed by reading their rows in order and writing with a stride that stays in L1.
 *
 * <p>The micro-kernel stores {@code C = A·B + β·C} for the first KC block (not reading C when β = 0) and adds for the
 * later ones, so C is never swept separately. Tiles at the M and N edges are computed in full into a scratch tile
 * and only their valid part is stored, so every size works. KC is balanced over the depth ({@code k = 784} runs as
 * 4 blocks of 196, not 3 of 256 and one of 16).
 *
 * <p><b>Threads.</b> For each NC block the threads first pack its B block together, then share out the output:
 * blocks of rows of C (tall products), or of columns (wide ones such as a 10-row weight gradient) — whichever splits
 * more evenly — and each takes its unit through every KC block. That is two synchronisations per NC block, not two
 * per KC step. The K sum is never split, and every element of C is accumulated in the same order (KC blocks in turn,
 * one fused multiply-add per step) whatever the split and whichever kernels run: the result has the same bits on any
 * thread count, and the scalar and SIMD kernels agree bit for bit. Products under {@link #PARALLEL_THRESHOLD}
 * multiply-adds stay on the calling thread. Packing buffers are kept per thread and reused.
 */
public final class Gemm {
    /** Depth of a packed block: a 16-column B panel of 256 steps is 16 KiB, half of a 32 KiB L1. */
    static final int KC = 256;
    /** Rows of a packed A block on one thread (128 × 256 floats, 128 KiB); with several, units are smaller. */
    static final int MC = 128;
    /** Columns of a packed B block, at most; the block holds its whole depth, 1024 × 1024 floats is 4 MiB. */
    static final int NC = 2048;
    /** Size of the packed B block, at most: 16 MiB. */
    static final int PACKED_B_FLOATS = 1 << 22;
    /** Columns of B a thread sweeps per A panel: 256 × 256 floats, 256 KiB, stay in its L2. */
    static final int CHUNK_COLUMNS = 256;
    /** Side of the square tiles in which a transposed A is packed. */
    static final int TRANSPOSE_TILE = 16;
    /** Multiply-adds (m·n·k) below which a product is not worth handing to other threads. */
    static final long PARALLEL_THRESHOLD = 1L << 19;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /**
     * {@code C = α·op(A)·op(B) + β·C}, with the kernels {@link VectorizationProvider#kernels()} chose.
     *
     * @param transA whether {@code op(A) = Aᵀ}; {@code op(A)} is m × k, so A is stored m × k (row stride {@code lda})
     *               or, transposed, k × m
     * @param transB whether {@code op(B) = Bᵀ}; {@code op(B)} is k × n, so B is stored k × n or n × k
     * @param beta   0 means C is not read (so NaN in C does not survive), as in BLAS
     * @throws IllegalArgumentException if a dimension is negative, a row stride is shorter than its row, or an array
     *                                  is too short for the matrix it should hold
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        gemm(VectorizationProvider.kernels(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                cOff, ldc);
    }

    /**
     * As {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[],
     * int, int)}, with the given kernels (tests pass the scalar ones to compare the two).
     */
    public static void gemm(Kernels kernels, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative dimension in m=" + m + ", n=" + n + ", k=" + k);
        }
        checkStorage("A", transA ? k : m, transA ? m : k, a, aOff, lda);
        checkStorage("B", transB ? n : k, transB ? k : n, b, bOff, ldb);
        checkStorage("C", m, n, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(kernels, beta, c, cOff, ldc, m, n);
            return;
        }
        int threads = (long) m * n * k >= PARALLEL_THRESHOLD ? Parallel.threads() : 1;
        new Product(kernels, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads)
                .run();
    }

    /** Checks that a {@code rows × cols} matrix with row stride {@code ld} from {@code off} fits in the array. */
    private static void checkStorage(String name, int rows, int cols, float[] x, int off, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: " + name + " is stored " + rows + " x " + cols
                    + " but its row stride is " + ld);
        }
        long last = rows == 0 || cols == 0 ? off - 1L : off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IllegalArgumentException("gemm: " + name + " is stored " + rows + " x " + cols + " (offset "
                    + off + ", row stride " + ld + ") but its array holds " + x.length + " floats");
        }
    }

    /** {@code C = β·C}; with {@code β = 0} C is overwritten with zeros without being read. */
    private static void scaleC(Kernels kernels, float beta, float[] c, int cOff, int ldc, int m, int n) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                kernels.binaryScalar(BinaryOp.MUL, c, row, beta, c, row, n);
            }
        }
    }

    /** A thread's packing buffers, grown on demand and kept for the next product. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];
        /** Which A block {@link #a} holds (product, row block, pc, jc), so it is packed once per thread and step. */
        long aProduct = -1;
        int aRowBlock, aPc, aJc;

        static float[] atLeast(float[] x, int size) {
            return x.length >= size ? x : new float[size];
        }
    }

    /** One call's operands, its block sizes, and how its (jc, pc) steps are shared among threads. */
    private static final class Product {
        private static final AtomicLong IDS = new AtomicLong();

        final long id = IDS.getAndIncrement();
        final Kernels kernels;
        final boolean transA, transB;
        final int m, n, k;
        final float alpha, beta;
        final float[] a, b, c;
        final int aOff, lda, bOff, ldb, cOff, ldc;
        final int threads, mr, nr;
        /** B panels per chunk of {@link #CHUNK_COLUMNS}. */
        final int chunkPanels;
        /** Depth of every KC block but the last, and how many there are. */
        final int kBlock, kBlocks;
        /** Columns of every NC block but the last, a multiple of {@link #nr}. */
        final int nBlock;

        Product(Kernels kernels, boolean transA, boolean transB, int m, int n, int k, float alpha,
                float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                int threads) {
            this.kernels = kernels;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.threads = threads;
            this.mr = kernels.gemmTileRows();
            this.nr = kernels.gemmTileCols();
            this.chunkPanels = Math.max(1, CHUNK_COLUMNS / nr);
            this.kBlock = ceilDiv(k, ceilDiv(k, KC));
            this.kBlocks = ceilDiv(k, kBlock);
            // The whole depth of an NC block is packed at once; deep products get narrower blocks so it stays small.
            int widest = Math.max(nr, Math.min(NC, PACKED_B_FLOATS / (kBlocks * depthOf(kBlock)) / nr * nr));
            this.nBlock = roundUp(ceilDiv(n, ceilDiv(n, widest)), nr);
        }

        void run() {
            Workspace own = WORKSPACE.get();
            int rowPanels = ceilDiv(m, mr);
            for (int jc = 0; jc < n; jc += nBlock) {
                block(own, rowPanels, jc, Math.min(nBlock, n - jc));
            }
        }

        /**
         * One NC block of columns, in two parallel phases — pack its B block at every depth, then run each unit of
         * output through every KC block in turn — not two per KC step: a thread the OS has put aside then holds up
         * the others twice per block, not twice per 256 of depth.
         */
        private void block(Workspace own, int rowPanels, int jc, int nc) {
            int panels = ceilDiv(nc, nr);
            Split split = Split.of(rowPanels, panels, MC / mr, threads);
            int slice = panels * nr * depthOf(kBlock);
            own.b = Workspace.atLeast(own.b, kBlocks * slice);
            float[] packedB = own.b;
            int packers = Math.min(threads, panels);
            each(kBlocks * packers, t -> {
                int kb = t / packers, part = t % packers;
                packB(packedB, kb * slice, jc, nc, kb * kBlock, part * panels / packers,
                        (part + 1) * panels / packers);
            });
            each(split.rowBlocks * split.colChunks, u -> {
                for (int kb = 0; kb < kBlocks; kb++) {
                    unit(split, u / split.colChunks, u % split.colChunks, jc, nc, panels, kb * kBlock, packedB,
                            kb * slice);
                }
            });
        }

        private void each(int tasks, IntConsumer body) {
            if (threads == 1) {
                for (int t = 0; t < tasks; t++) {
                    body.accept(t);
                }
            } else {
                Parallel.forEach(tasks, body);
            }
        }

        /** Rows {@code rowBlock} and column panels {@code colChunk} of the step: the macro-kernel. */
        private void unit(Split split, int rowBlock, int colChunk, int jc, int nc, int panels, int pc,
                          float[] packedB, int sliceOff) {
            int kc = Math.min(kBlock, k - pc);
            int depth = depthOf(kc);
            int ic = rowBlock * split.rowBlockPanels * mr;
            int mc = Math.min(split.rowBlockPanels * mr, m - ic);
            int q0 = colChunk * split.colChunkPanels;
            int q1 = Math.min(panels, q0 + split.colChunkPanels);
            if (mc <= 0 || q0 >= q1) {
                return;
            }
            Workspace ws = WORKSPACE.get();
            if (ws.aProduct != id || ws.aRowBlock != rowBlock || ws.aPc != pc || ws.aJc != jc) {
                ws.a = Workspace.atLeast(ws.a, roundUp(mc, mr) * depth);
                packA(ws.a, ic, mc, pc, kc, depth);
                ws.aProduct = id;
                ws.aRowBlock = rowBlock;
                ws.aPc = pc;
                ws.aJc = jc;
            }
            float[] packedA = ws.a;
            // The first KC block applies the caller's β; later ones add to what it left.
            float stepBeta = pc == 0 ? beta : 1f;
            ws.tile = Workspace.atLeast(ws.tile, mr * nr);
            float[] tile = ws.tile;
            // A panel outer, B panels inner: C is then walked along its rows, which the hardware prefetcher
            // follows, while the B panels of a chunk stay in L2 and the A panel in L1.
            for (int qc = q0; qc < q1; qc += chunkPanels) {
                int qEnd = Math.min(q1, qc + chunkPanels);
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir);
                    int aPanel = ir * depth;
                    int cRow = cOff + (ic + ir) * ldc + jc;
                    for (int q = qc; q < qEnd; q++) {
                        int cols = Math.min(nr, nc - q * nr);
                        int bPanel = sliceOff + q * nr * depth;
                        int cAt = cRow + q * nr;
                        if (rows == mr && cols == nr) {
                            kernels.gemmMicroKernel(depth, packedA, aPanel, packedB, bPanel, stepBeta, c, cAt, ldc);
                        } else {
                            edgeTile(depth, packedA, aPanel, packedB, bPanel, stepBeta, tile, rows, cols, cAt);
                        }
                    }
                }
            }
        }

        /** A tile cut by the M or N edge: computed whole into {@code tile}, its valid part stored like the kernel's. */
        private void edgeTile(int depth, float[] packedA, int aPanel, float[] packedB, int bPanel, float stepBeta,
                              float[] tile, int rows, int cols, int cAt) {
            kernels.gemmMicroKernel(depth, packedA, aPanel, packedB, bPanel, 0f, tile, 0, nr);
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    int at = cAt + r * ldc + col;
                    float acc = tile[r * nr + col];
                    c[at] = stepBeta == 0f ? acc : acc + stepBeta * c[at];
                }
            }
        }

        /**
         * Packs {@code α·op(A)[ic..ic+mc, pc..pc+kc]} row by row: row {@code i} at {@code i·depth}, padded with
         * zeros to {@code depth} steps and to a whole number of {@code mr}-row panels.
         */
        private void packA(float[] packed, int ic, int mc, int pc, int kc, int depth) {
            if (!transA) {
                for (int i = 0; i < mc; i++) {
                    int src = aOff + (ic + i) * lda + pc;
                    int dst = i * depth;
                    if (alpha == 1f) {
                        System.arraycopy(a, src, packed, dst, kc);
                    } else {
                        for (int p = 0; p < kc; p++) {
                            packed[dst + p] = alpha * a[src + p];
                        }
                    }
                }
            } else {
                // op(A)[i][p] = A[p][i], transposed in 16 × 16 tiles: the 16 stored rows read and the 16 packed
                // rows written are each 16 cache lines, which stay in L1 even when the rows are 1 KiB apart and
                // share a handful of L1 sets (a whole row or column at a time would miss on every access).
                for (int i0 = 0; i0 < mc; i0 += TRANSPOSE_TILE) {
                    int i1 = Math.min(mc, i0 + TRANSPOSE_TILE);
                    for (int p0 = 0; p0 < kc; p0 += TRANSPOSE_TILE) {
                        int p1 = Math.min(kc, p0 + TRANSPOSE_TILE);
                        for (int p = p0; p < p1; p++) {
                            int src = aOff + (pc + p) * lda + ic;
                            for (int i = i0; i < i1; i++) {
                                packed[i * depth + p] = alpha * a[src + i];
                            }
                        }
                    }
                }
            }
            if (depth != kc) {
                for (int i = 0; i < mc; i++) {
                    packed[i * depth + kc] = 0f;
                }
            }
            Arrays.fill(packed, mc * depth, roundUp(mc, mr) * depth, 0f);
        }

        /**
         * Packs panels {@code q0..q1-1} of {@code op(B)[pc..pc+kc, jc..jc+nc]}: panel {@code q} at
         * {@code q·nr·depth} holds, step by step, the {@code nr} values of its columns; columns past {@code nc} and
         * the padding step are zero.
         */
        private void packB(float[] packed, int sliceOff, int jc, int nc, int pc, int q0, int q1) {
            int kc = Math.min(kBlock, k - pc);
            int j0 = jc + q0 * nr;
            int from = transB ? bOff + j0 * ldb + pc : bOff + pc * ldb + j0;
            int cols = Math.min(q1 * nr, nc) - q0 * nr;
            int depth = depthOf(kc);
            kernels.gemmPackB(transB, b, from, ldb, kc, cols, depth, packed, sliceOff + q0 * nr * depth);
        }

        private static int depthOf(int kc) {
            return kc + (kc & 1);
        }
    }

    /**
     * How a step's output is cut into units for the threads: {@code rowBlocks} blocks of {@code rowBlockPanels}
     * A panels times {@code colChunks} chunks of {@code colChunkPanels} B panels.
     */
    record Split(int rowBlocks, int rowBlockPanels, int colChunks, int colChunkPanels) {
        static final int UNITS_PER_THREAD = 4;
        static final int MIN_UNIT_PANELS = 4;

        /**
         * Cuts rows when that keeps every thread busy, else columns: of the two, the one whose busiest thread has the
         * least work (with units handed out in turn), rows on a tie since they share the packed B. Rows are cut into
         * about {@link #UNITS_PER_THREAD} units per thread (of at least {@link #MIN_UNIT_PANELS} panels), so that a
         * thread the OS puts aside for a while delays the step by one small unit, not by a half of it.
         */
        static Split of(int rowPanels, int colPanels, int maxBlockPanels, int threads) {
            int natural = ceilDiv(rowPanels, maxBlockPanels);
            if (threads == 1) {
                return new Split(natural, maxBlockPanels, 1, colPanels);
            }
            int target = roundUp(Math.max(natural, UNITS_PER_THREAD * threads), threads);
            int wanted = Math.max(1, Math.min(target, rowPanels / MIN_UNIT_PANELS));
            int rowBlockPanels = ceilDiv(rowPanels, wanted);
            Split byRows = new Split(ceilDiv(rowPanels, rowBlockPanels), rowBlockPanels, 1, colPanels);
            int chunkPanels = ceilDiv(colPanels, threads);
            int blockPanels = Math.min(rowPanels, maxBlockPanels);
            Split byCols = new Split(natural, blockPanels, ceilDiv(colPanels, chunkPanels), chunkPanels);
            return byCols.makespan(threads) < byRows.makespan(threads) ? byCols : byRows;
        }

        /** Panel pairs done by the busiest thread: rounds of units times the size of a unit. */
        long makespan(int threads) {
            return (long) ceilDiv(rowBlocks * colChunks, threads) * rowBlockPanels * colChunkPanels;
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
