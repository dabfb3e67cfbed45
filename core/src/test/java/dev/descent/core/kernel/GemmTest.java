package dev.descent.core.kernel;

import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gemm on sizes that hit every tail and block edge, and the error message of each bad call. */
@Tag("kernels")
class GemmTest {
    private static final Kernels KERNELS = VectorizationProvider.kernels();
    private static final Kernels SCALAR = new ScalarKernels();

    /**
     * Around every multiple of the tile (4 × 2L with L up to 16 lanes), odd depths (padded to even), and past one KC
     * block of depth, one MC block of rows and one NC block of columns (by width, and by depth: a whole-depth packed B
     * block is capped in size).
     */
    @Test
    void everyTailAndBlockEdge() {
        int[] small = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33};
        Rng rng = new Rng(7);
        int cases = 0;
        for (int m : small) {
            for (int n : small) {
                int k = small[rng.nextInt(small.length)];
                check(rng, m, n, k, cases++);
            }
        }
        int[][] edges = {
                {Gemm.MC + 1, 5, 3}, {Gemm.MC - 1, 17, 2}, {2 * Gemm.MC + 3, 33, 7},
                {3, 5, Gemm.KC + 1}, {5, 7, 2 * Gemm.KC - 1}, {4, 16, 3 * Gemm.KC + 2},
                {3, Gemm.NC + 17, 5}, {6, 2 * Gemm.NC + 1, 3},
                {1, 1, 1025}, {1025, 1, 1}, {1, 1025, 1}, {65, 129, 257},
                {2, 900, 5000}, // so deep that the packed B block is cut narrower than NC

        };
        for (int[] e : edges) {
            check(rng, e[0], e[1], e[2], cases++);
        }
    }

    private static void check(Rng rng, int m, int n, int k, int caseNumber) {
        boolean transA = (caseNumber & 1) != 0, transB = (caseNumber & 2) != 0;
        float beta = caseNumber % 3 == 0 ? 0f : 0.5f;
        GemmPropertiesTest.Problem p = GemmPropertiesTest.Problem.random(rng, m, n, k, transA, transB, 1.25f, beta);
        float[] out = p.run(KERNELS);
        p.assertCloseToReference(out);
        assertArrayEquals(out, p.run(SCALAR), "scalar and SIMD differ for " + p);
    }

    /**
     * Products large enough to be cut into several units, chunks of packed B and KC blocks — by rows of shrinking
     * size, and by columns when the rows are few — give the same bits on 1 to 4 threads.
     */
    @Test
    void sameBitsOnAnyThreadCountAcrossUnitsChunksAndDepthBlocks() {
        Rng rng = new Rng(13);
        int[][] shapes = {{203, 700, 530}, {10, 700, 530}, {37, 300, 260}};
        int before = Parallel.threads();
        try {
            for (int s = 0; s < shapes.length; s++) {
                int[] mnk = shapes[s];
                GemmPropertiesTest.Problem p = GemmPropertiesTest.Problem.random(rng, mnk[0], mnk[1], mnk[2],
                        (s & 1) != 0, s == 1, 1f, 0.5f);
                Parallel.setThreads(1);
                float[] one = p.run(KERNELS);
                p.assertCloseToReference(one);
                for (int threads = 2; threads <= 4; threads++) {
                    Parallel.setThreads(threads);
                    assertArrayEquals(one, p.run(KERNELS), threads + " threads, " + p);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * An untransposed A with α = 1 is read in place (full panels of even depth blocks) unless its rows are
     * {@link Gemm#ALIASING_ROW_STRIDE} apart, when it is packed like any other: both paths, and the odd depths that
     * are always packed, give the same bits as the scalar kernels and as each other.
     */
    @Test
    void aReadInPlaceGivesTheBitsOfAPackedA() {
        Rng rng = new Rng(29);
        // Depths up to the row stride: one block, two odd blocks (packed), two even ones (in place), a shallow one.
        int[][] shapes = {{9, 37, 64}, {130, 50, 300}, {7, 17, Gemm.KC + 3}, {5, 33, 1000}, {64, 200, 6}};
        for (int[] mnk : shapes) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            float[] a = new float[m * Gemm.ALIASING_ROW_STRIDE], b = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextFloat() * 2f - 1f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rng.nextFloat() * 2f - 1f;
            }
            float[] dense = new float[m * k];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a, i * Gemm.ALIASING_ROW_STRIDE, dense, i * k, k);
            }
            float[] packed = new float[m * n], inPlace = new float[m * n], scalar = new float[m * n];
            Gemm.gemm(KERNELS, false, false, m, n, k, 1f, a, 0, Gemm.ALIASING_ROW_STRIDE, b, 0, n, 0f, packed, 0, n);
            Gemm.gemm(KERNELS, false, false, m, n, k, 1f, dense, 0, k, b, 0, n, 0f, inPlace, 0, n);
            Gemm.gemm(SCALAR, false, false, m, n, k, 1f, dense, 0, k, b, 0, n, 0f, scalar, 0, n);
            String shape = m + " x " + k + " x " + n;
            assertArrayEquals(packed, inPlace, "A in place vs packed, " + shape);
            assertArrayEquals(scalar, inPlace, "scalar vs " + KERNELS.name() + ", " + shape);
        }
    }

    @Test
    void degenerateShapesOnlyScaleC() {
        float[] c = {1, 2, 3, 4};
        Gemm.gemm(KERNELS, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {3, 6, 9, 12}, c);
        float[] a = {Float.NaN, Float.NaN}, b = {Float.NaN, Float.NaN};
        Gemm.gemm(KERNELS, false, false, 2, 2, 1, 0f, a, 0, 1, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c, "α = 0 and β = 0 give zeros without reading A, B or C");
    }

    @Test
    void matmulOfTensorsHonoursTheTransposeFlags() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 6, 5);
        Tensor w = Tensor.uniform(rng, -1f, 1f, 3, 5);
        Tensor viaFlag = Tensor.matmul(x, false, w, true);
        Tensor viaCopy = x.matmul(w.transpose());
        assertTrue(viaFlag.allClose(viaCopy, 1e-6f, 1e-6f), viaFlag + " vs " + viaCopy);
        Tensor dy = Tensor.uniform(rng, -1f, 1f, 6, 3);
        assertTrue(Tensor.matmul(dy, true, x, false).allClose(dy.transpose().matmul(x), 1e-6f, 1e-6f));
        Tensor c = Tensor.ones(3, 5);
        Tensor.gemm(2f, dy, true, x, false, -1f, c);
        Tensor expected = dy.transpose().matmul(x).mul(2f).sub(Tensor.ones(3, 5));
        assertTrue(c.allClose(expected, 1e-6f, 1e-6f), c + " vs " + expected);
    }

    @Test
    void innerDimensionsMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)));
        assertEquals("matmul: [3, 4] x [5, 2]: inner dimensions 4 and 5 differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.matmul(Tensor.zeros(3, 4), true, Tensor.zeros(5, 2), false));
        assertEquals("matmul: [3, 4]ᵀ x [5, 2]: inner dimensions 3 and 5 differ", e.getMessage());
    }

    @Test
    void operandsMustBeTwoDimensional() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 4, 2).matmul(Tensor.zeros(4, 2)));
        assertEquals("matmul: [3, 4, 2] x [4, 2]: both operands must be 2-D", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.gemm(1f, Tensor.zeros(4), false, Tensor.zeros(4, 2), false, 0f, Tensor.zeros(1, 2)));
        assertEquals("gemm: [4] x [4, 2]: both operands must be 2-D", e.getMessage());
    }

    @Test
    void gemmOutputMustHaveTheProductShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.gemm(1f, Tensor.zeros(3, 4), false, Tensor.zeros(2, 4), true, 0f, Tensor.zeros(3, 4)));
        assertEquals("gemm: output shape [3, 4] should be [3, 2] for [3, 4] x [2, 4]ᵀ", e.getMessage());
    }

    @Test
    void gemmOutputMustNotOverlapAnOperand() {
        Tensor a = Tensor.ones(3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.gemm(1f, a, false, Tensor.ones(3, 3), false, 1f, a));
        assertEquals("gemm: the output shares storage with operand A ([3, 3]); C must be a separate tensor",
                e.getMessage());
    }

    @Test
    void rawGemmChecksItsArguments() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(KERNELS, false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertEquals("gemm: negative dimension in m=-1, n=2, k=2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(KERNELS, true, false, 2, 2, 3, 1f, x, 0, 1, x, 0, 2, 0f, x, 0, 2));
        assertEquals("gemm: A is stored 3 x 2 but its row stride is 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(KERNELS, false, true, 2, 4, 3, 1f, x, 0, 3, x, 1, 3, 0f, new float[8], 0, 4));
        assertEquals("gemm: B is stored 4 x 3 (offset 1, row stride 3) but its array holds 12 floats",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(KERNELS, false, false, 3, 4, 2, 1f, x, 0, 2, x, 0, 4, 0f, new float[11], 0, 4));
        assertEquals("gemm: C is stored 3 x 4 (offset 0, row stride 4) but its array holds 11 floats",
                e.getMessage());
    }
}
