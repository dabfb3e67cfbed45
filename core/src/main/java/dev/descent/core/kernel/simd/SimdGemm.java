package dev.descent.core.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API register tile of {@link dev.descent.core.kernel.Gemm}. */
final class SimdGemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    static final int TILE_ROWS = 4;
    static final int TILE_COLS = 2 * L;

    private SimdGemm() {
    }

    /** A 4 × 2L register tile: eight accumulators, two loads of B and one broadcast of A per k. */
    static void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        int cols = TILE_COLS;
        for (int k = 0; k < kc; k++) {
            int bk = bOff + k * cols;
            int ak = aOff + k * TILE_ROWS;
            FloatVector b0 = FloatVector.fromArray(F, b, bk);
            FloatVector b1 = FloatVector.fromArray(F, b, bk + L);
            FloatVector a0 = FloatVector.broadcast(F, a[ak]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, a[ak + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, a[ak + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, a[ak + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        addInto(c00, c01, c, cOff, 0, ldc);
        addInto(c10, c11, c, cOff, 1, ldc);
        addInto(c20, c21, c, cOff, 2, ldc);
        addInto(c30, c31, c, cOff, 3, ldc);
    }

    private static void addInto(FloatVector v0, FloatVector v1, float[] c, int cOff, int row, int ldc) {
        int at = cOff + row * ldc;
        FloatVector.fromArray(F, c, at).add(v0).intoArray(c, at);
        FloatVector.fromArray(F, c, at + L).add(v1).intoArray(c, at + L);
    }

}
