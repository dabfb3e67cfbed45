package dev.descent.core.kernel;

import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Tag;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gemm against a naive triple loop in double precision, in all four transpose combinations, on random shapes, strides
 * and offsets; the scalar and SIMD kernels agree bit for bit; and the thread count never changes a bit.
 */
@Tag("kernels")
class GemmPropertiesTest {
    private static final Kernels KERNELS = VectorizationProvider.kernels();
    private static final Kernels SCALAR = new ScalarKernels();

    @Property(tries = 40)
    void matchesNaiveDoubleLoopInEveryTransposeCombination(@ForAll @IntRange(min = 1, max = 300) int m,
                                                           @ForAll @IntRange(min = 1, max = 300) int n,
                                                           @ForAll @IntRange(min = 1, max = 300) int k,
                                                           @ForAll boolean transA, @ForAll boolean transB,
                                                           @ForAll @IntRange(min = 0, max = 3) int scalars,
                                                           @ForAll long seed) {
        // Keep the suite fast: shrink the largest products (the naive loop is the slow part).
        while ((long) m * n * k > 4_000_000L) {
            m = Math.max(1, m / 2);
            k = Math.max(1, k * 3 / 4);
        }
        float alpha = scalars % 2 == 0 ? 1f : -0.75f;
        float beta = scalars < 2 ? 0f : 1.5f;
        Problem p = Problem.random(new Rng(seed), m, n, k, transA, transB, alpha, beta);
        float[] simd = p.run(KERNELS);
        p.assertCloseToReference(simd);
        assertArrayEquals(simd, p.run(SCALAR), "scalar and " + KERNELS.name() + " kernels differ");
    }

    @Property(tries = 12)
    void sameBitsOnOneAndTwoThreads(@ForAll @IntRange(min = 1, max = 300) int m,
                                    @ForAll @IntRange(min = 1, max = 300) int n,
                                    @ForAll @IntRange(min = 8, max = 300) int k,
                                    @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        // Large enough to be split: below the threshold both runs are trivially on one thread.
        k = (int) Math.max(k, Math.min(300, Gemm.PARALLEL_THRESHOLD / ((long) m * n) + 1));
        Problem p = Problem.random(new Rng(seed), m, n, k, transA, transB, 1f, 0.5f);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = p.run(KERNELS);
            Parallel.setThreads(2);
            float[] two = p.run(KERNELS);
            Parallel.setThreads(3);
            float[] three = p.run(KERNELS);
            assertArrayEquals(one, two, "1 vs 2 threads, " + p);
            assertArrayEquals(one, three, "1 vs 3 threads, " + p);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Property(tries = 15)
    void betaZeroNeverReadsC(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 70) int n,
                             @ForAll @IntRange(min = 0, max = 70) int k, @ForAll boolean transA,
                             @ForAll boolean transB, @ForAll boolean unitAlpha, @ForAll long seed) {
        // α = 1 with an untransposed A reads A in place; both paths start the first depth block from zero.
        Problem p = Problem.random(new Rng(seed), m, n, k, transA, transB, unitAlpha ? 1f : 2f, 0f);
        Arrays.fill(p.c(), Float.NaN);
        float[] out = p.run(KERNELS);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertTrue(Float.isFinite(out[p.cOff() + i * p.ldc() + j]),
                        "NaN from C survived β = 0 at " + i + "," + j);
            }
        }
        p.assertCloseToReference(out);
    }

    /**
     * Blocking never shows in the result: each element of C is one chain of fused multiply-adds over the whole depth,
     * in order, from {@code β·C} — the same bits as the plain triple loop, however many KC blocks, units and threads
     * the product was cut into.
     */
    @Property(tries = 15)
    void everyElementIsOneFmaChainOverTheWholeDepth(@ForAll @IntRange(min = 1, max = 80) int m,
                                                    @ForAll @IntRange(min = 1, max = 80) int n,
                                                    @ForAll @IntRange(min = 1, max = 3 * Gemm.KC) int k,
                                                    @ForAll boolean transA, @ForAll boolean transB,
                                                    @ForAll @IntRange(min = 0, max = 2) int betaChoice,
                                                    @ForAll boolean unitAlpha, @ForAll long seed) {
        float beta = new float[] {0f, 0.5f, 1f}[betaChoice];
        Problem p = Problem.random(new Rng(seed), m, n, k, transA, transB, unitAlpha ? 1f : 1.25f, beta);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            float[] out = p.run(KERNELS);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = beta == 0f ? 0f : beta * p.c()[p.cOff() + i * p.ldc() + j];
                    for (int q = 0; q < k; q++) {
                        acc = Math.fma(p.alpha() * p.opA(i, q), p.opB(q, j), acc);
                    }
                    assertEquals(acc, out[p.cOff() + i * p.ldc() + j], "C[" + i + "][" + j + "] of " + p);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** One random product, stored with padded row strides and offsets so indexing mistakes show. */
    record Problem(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, float[] a, int aOff,
                   int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {

        static Problem random(Rng rng, int m, int n, int k, boolean transA, boolean transB, float alpha,
                              float beta) {
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            int lda = Math.max(1, aCols) + rng.nextInt(3), ldb = Math.max(1, bCols) + rng.nextInt(3);
            int ldc = n + rng.nextInt(3);
            int aOff = rng.nextInt(5), bOff = rng.nextInt(5), cOff = rng.nextInt(5);
            float[] a = random(rng, aOff + aRows * lda);
            float[] b = random(rng, bOff + bRows * ldb);
            float[] c = random(rng, cOff + m * ldc);
            return new Problem(m, n, k, transA, transB, alpha, beta, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        private static float[] random(Rng rng, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = rng.nextFloat() * 2f - 1f;
            }
            return x;
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        /** Runs gemm on a copy of C and returns the copy. */
        float[] run(Kernels kernels) {
            float[] out = c.clone();
            Gemm.gemm(kernels, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        /**
         * Each element within the forward error bound of a length-k dot product, {@code (k + 2)·u·(|α|·Σ|a·b| +
         * |β·c|)} with u the float unit roundoff (doubled for slack), of the double-precision result; padding between
         * rows untouched.
         */
        void assertCloseToReference(float[] out) {
            double u = 0x1.0p-24;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0, magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) opA(i, p) * opB(p, j);
                        sum += t;
                        magnitude += Math.abs(t);
                    }
                    double c0 = beta == 0f ? 0 : c[cOff + i * ldc + j];
                    double expected = alpha * sum + beta * c0;
                    double bound = 2 * (k + 2) * u * (Math.abs(alpha) * magnitude + Math.abs(beta * c0)) + 1e-30;
                    float actual = out[cOff + i * ldc + j];
                    if (!(Math.abs(actual - expected) <= bound)) {
                        throw new AssertionError("C[" + i + "][" + j + "] = " + actual + ", expected " + expected
                                + " ± " + bound + " in " + this);
                    }
                }
                for (int j = n; j < ldc && i < m - 1; j++) {
                    assertEquals(c[cOff + i * ldc + j], out[cOff + i * ldc + j], "padding written at row " + i);
                }
            }
        }

        @Override
        public String toString() {
            return "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " alpha="
                    + alpha + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }
}
