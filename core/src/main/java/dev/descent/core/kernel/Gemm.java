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
 * for each block of NC columns of C                      (jc)
 *   for each block of MC rows of C                       (ic)
 *     for each block of KC rows of op(B)                 (pc)   pack α·op(A)[ic, pc] into panels of MR rows
 *       for each chunk of 64 columns of the B block              (stays in L2; packed into panels of NR columns,
 *                                                               64 columns at a time, when a thread first needs it)
 *         for each MR-row panel of the A block           (ir)   (stays in L1)
 *           for each NR-column panel of the chunk        (jr)
 *             C tile += A panel · B panel                the kernels' micro-kernel, MR × NR in registers
 * </pre>
 *
 * <p>The innermost loop walks along rows of C. Each tile of C is read and written once per KC block, and when C is
 * larger than L2 those reads would miss; walking along rows turns them into four sequential streams that the
 * hardware prefetcher fetches ahead (Java has no prefetch instruction). With the A panels innermost instead (the
 * BLIS order, B panel in L1, A block in L2) a 1024 × 1024 product ran about a quarter slower in a first (noisy)
 * measurement, and no faster in later side-by-side ones.
 *
 * <p>Packing copies each block into the order the micro-kernel reads — contiguous, zero-padded to whole tiles and to
 * an even depth — which is also where the transposes are absorbed: no operand is ever transposed in memory. A panel
 * of A is stored row by row ({@code A[r][p]} at {@code r·kc + p}); a panel of B is stored step by step
 * ({@code B[p][c]} at {@code p·NR + c}), so packing an untransposed B is a row-by-row copy. The transposed operands
 * are packed by reading their rows in order and writing with a stride that stays in L1. An untransposed A with
 * α = 1 and an even depth block is already what the micro-kernel reads — rows with a stride — so its full panels are
 * read in place, not copied (the copy took 3–5 % of a 256 × 256 product).
 *
 * <p>β is applied before the first KC block: with β = 0 the micro-kernel starts that block from zero and only writes
 * C (so a NaN in C does not survive, as in BLAS, and C costs no extra pass); otherwise each unit of work first scales
 * its own part of C by β (nothing to do for β = 1). The micro-kernel then loads a tile of C into its accumulators,
 * adds one KC block's products step by step and stores it back, so each element of C is a single chain of fused
 * multiply-adds from {@code β·C} (or from zero) over the whole depth, exactly as in the plain triple loop: the
 * blocking never shows in the bits.
 * Tiles at the M and N edges are copied into a scratch tile, computed in full and copied back, so every size works.
 * KC is balanced over the depth ({@code k = 784} runs as 2 blocks of 392, not one of 512 and one of 272). Deep
 * blocks pay because C is loaded and stored once per block: with β = 0, a product of depth up to KC never reads C
 * at all.
 *
 * <p><b>Threads.</b> For each NC block the output is cut into units ({@link GemmUnits}): on several threads, row
 * ranges of decreasing size (guided self-scheduling), or column ranges when there are too few rows (a 10-row weight
 * gradient). Each unit runs through every KC block in turn. The packed B block is shared: each part of it is packed
 * by whichever thread first needs it ({@link PartsOnDemand}), so the only synchronisation is the end of the NC block,
 * and a thread the OS puts aside holds up the others by at most the small unit it was working on — not the whole
 * packing phase. The K sum is never split, and every element of C is accumulated in the same order (KC blocks in
 * turn, one fused multiply-add per step) whatever the split and whichever kernels run: the result has the same bits
 * on any thread count, and the scalar and SIMD kernels agree bit for bit. Products under {@link #PARALLEL_THRESHOLD}
 * multiply-adds stay on the calling thread. Packing buffers are kept per thread and reused.
 */
public final class Gemm {
    /**
     * Depth of a packed block. The A panel (4 × 512 floats, 8 KiB) stays in L1 while the B panels (32 KiB each)
     * stream from L2; C is loaded and stored once per block. Since the first block starts from zero for β = 0, 512
     * measured 4–6 % faster than 256 at n = 512 and 1024 (256 had been as fast as any depth while C was zeroed in a
     * pass of its own).
     */
    static final int KC = 512;
    /** Rows of a packed A block, at most (128 × 512 floats, 256 KiB); on several threads most units are smaller. */
    static final int MC = 128;
    /** Columns of a packed B block, at most; the block holds its whole depth, 1024 × 1024 floats is 4 MiB. */
    static final int NC = 2048;
    /** Size of the packed B block, at most: 16 MiB. */
    static final int PACKED_B_FLOATS = 1 << 22;
    /** Columns of B a thread sweeps per A panel: 512 × 64 floats, 128 KiB, stay in its L2 beside the A block. */
    static final int CHUNK_COLUMNS = 64;
    /**
     * Columns of B packed at a time, by whichever thread needs them first: half a chunk, so that two threads
     * starting on the same chunk pack it together rather than one waiting for the other.
     */
    static final int PART_COLUMNS = 32;
    /** Side of the square tiles in which a transposed A is packed. */
    static final int TRANSPOSE_TILE = 16;
    /**
     * Row stride, in floats, at which the rows of A are not read in place: rows 4 KiB apart fall into the same sets
     * of a 32 KiB, 8-way L1 (and of every L1 whose way is 4 KiB), so the four rows of a panel evict each other's
     * lines while the B panels stream past. Measured at n = 1024: 1.7 % slower in place than packed.
     */
    static final int ALIASING_ROW_STRIDE = 1024;
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
        /** Which A block {@link #a} holds (product, first A panel, pc, jc), so it is not packed twice in a row. */
        long aProduct = -1;
        int aRowStart, aPc, aJc;

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
        /** B panels per chunk of {@link #CHUNK_COLUMNS}, and per part of {@link #PART_COLUMNS}. */
        final int chunkPanels, partPanels;
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
            this.partPanels = Math.max(1, PART_COLUMNS / nr);
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
         * One NC block of columns: the units of output are shared out among the threads, and each unit runs through
         * every KC block in turn. The packed B block is filled part by part (KC steps × {@link #PART_COLUMNS}
         * columns) by whichever thread first needs each part ({@link PartsOnDemand}), so the threads never wait for
         * each other to finish packing: the only synchronisation is the end of the block.
         */
        private void block(Workspace own, int rowPanels, int jc, int nc) {
            int panels = ceilDiv(nc, nr);
            GemmUnits units = GemmUnits.of(rowPanels, panels, MC / mr, threads);
            int slice = panels * nr * depthOf(kBlock);
            own.b = Workspace.atLeast(own.b, kBlocks * slice);
            float[] packedB = own.b;
            int parts = ceilDiv(panels, partPanels);
            PartsOnDemand packedParts = new PartsOnDemand(kBlocks * parts, parts, part -> {
                int kb = part / parts, q0 = part % parts * partPanels;
                packB(packedB, kb * slice, jc, nc, kb * kBlock, q0, Math.min(panels, q0 + partPanels));
            });
            each(units.count(), u -> {
                if (beta != 0f) {
                    scaleUnit(units, u, jc, nc, panels);
                }
                for (int kb = 0; kb < kBlocks; kb++) {
                    unit(units, u, jc, nc, panels, kb, packedB, slice, packedParts, parts);
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

        /**
         * {@code C = β·C} over unit {@code u}'s part of C, by the thread that is about to add into it (so the part is
         * in its cache, and split as the unit is); for β ≠ 0, as β = 0 is the micro-kernel's start from zero.
         */
        private void scaleUnit(GemmUnits units, int u, int jc, int nc, int panels) {
            int ic = units.rowStart(u) * mr;
            int mc = Math.min(units.rowEnd(u) * mr, m) - ic;
            int q0 = units.colStart(u);
            int cols = Math.min(nc, Math.min(panels, q0 + units.colChunkPanels()) * nr) - q0 * nr;
            scaleC(kernels, beta, c, cOff + ic * ldc + jc + q0 * nr, ldc, mc, cols);
        }

        /** Unit {@code u} at KC block {@code kb}: the macro-kernel. */
        private void unit(GemmUnits units, int u, int jc, int nc, int panels, int kb, float[] packedB, int slice,
                          PartsOnDemand packedParts, int parts) {
            int pc = kb * kBlock;
            int kc = Math.min(kBlock, k - pc);
            int depth = depthOf(kc);
            int rowStart = units.rowStart(u);
            int ic = rowStart * mr;
            int mc = Math.min(units.rowEnd(u) * mr, m) - ic;
            int q0 = units.colStart(u);
            int q1 = Math.min(panels, q0 + units.colChunkPanels());
            // Full panels of an untransposed A are read in place when they can be; the rest (a partial last panel, or
            // every panel of a transposed or scaled A, or of an odd depth block) is packed.
            int inPlaceRows = readsAInPlace(kc) ? mc / mr * mr : 0;
            Workspace ws = WORKSPACE.get();
            if (inPlaceRows < mc
                    && (ws.aProduct != id || ws.aRowStart != rowStart || ws.aPc != pc || ws.aJc != jc)) {
                ws.a = Workspace.atLeast(ws.a, roundUp(mc - inPlaceRows, mr) * depth);
                packA(ws.a, ic + inPlaceRows, mc - inPlaceRows, pc, kc, depth);
                ws.aProduct = id;
                ws.aRowStart = rowStart;
                ws.aPc = pc;
                ws.aJc = jc;
            }
            float[] packedA = ws.a;
            boolean fromZero = beta == 0f && kb == 0;
            ws.tile = Workspace.atLeast(ws.tile, mr * nr);
            float[] tile = ws.tile;
            // A panel outer, B panels inner: C is then walked along its rows, which the hardware prefetcher
            // follows, while the B panels of a chunk stay in L2 and the A panel in L1.
            for (int chunk = q0 / chunkPanels; chunk * chunkPanels < q1; chunk++) {
                int qc = Math.max(q0, chunk * chunkPanels);
                int qEnd = Math.min(q1, (chunk + 1) * chunkPanels);
                for (int part = qc / partPanels; part * partPanels < qEnd; part++) {
                    packedParts.ensure(kb * parts + part);
                }
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir);
                    boolean inPlace = ir < inPlaceRows;
                    float[] panelA = inPlace ? a : packedA;
                    int aPanel = inPlace ? aOff + (ic + ir) * lda + pc : (ir - inPlaceRows) * depth;
                    int aStride = inPlace ? lda : depth;
                    int cRow = cOff + (ic + ir) * ldc + jc;
                    for (int q = qc; q < qEnd; q++) {
                        int cols = Math.min(nr, nc - q * nr);
                        int bPanel = kb * slice + q * nr * depth;
                        int cAt = cRow + q * nr;
                        if (rows == mr && cols == nr) {
                            kernels.gemmMicroKernel(depth, panelA, aPanel, aStride, packedB, bPanel, c, cAt, ldc,
                                    fromZero);
                        } else {
                            edgeTile(depth, panelA, aPanel, aStride, packedB, bPanel, tile, rows, cols, cAt,
                                    fromZero);
                        }
                    }
                }
            }
        }

        /**
         * A tile cut by the M or N edge: its valid part copied into {@code tile} (unless the kernel starts from zero),
         * computed whole, copied back.
         */
        private void edgeTile(int depth, float[] panelA, int aPanel, int aStride, float[] packedB, int bPanel,
                              float[] tile, int rows, int cols, int cAt, boolean fromZero) {
            if (!fromZero) {
                Arrays.fill(tile, 0, mr * nr, 0f);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, cAt + r * ldc, tile, r * nr, cols);
                }
            }
            kernels.gemmMicroKernel(depth, panelA, aPanel, aStride, packedB, bPanel, tile, 0, nr, fromZero);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * nr, c, cAt + r * ldc, cols);
            }
        }

        /**
         * Whether the micro-kernel can read A's full panels where they are, for a depth block of {@code kc}: A is
         * untransposed (its rows are the kernel's rows), α = 1 (nothing to scale), the depth is even (the kernel's
         * steps come in pairs; a packed panel gets a zero step instead) and the rows are not
         * {@link #ALIASING_ROW_STRIDE} apart.
         */
        private boolean readsAInPlace(int kc) {
            return !transA && alpha == 1f && kc % 2 == 0 && lda % ALIASING_ROW_STRIDE != 0;
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

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
