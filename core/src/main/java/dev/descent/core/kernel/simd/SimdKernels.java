package dev.descent.core.kernel.simd;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.ScalarKernels;
import dev.descent.core.kernel.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. Each loop runs whole vectors up to {@code loopBound(n)} and finishes the tail with the
 * scalar definition, so every length works. Loaded by name by
 * {@link dev.descent.core.kernel.VectorizationProvider}; the only package that imports {@code jdk.incubator.vector}.
 */
public final class SimdKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ScalarKernels SCALAR = new ScalarKernels();

    /** Fails when the preferred vectors hold fewer than 4 floats, where the scalar loops are as fast. */
    public SimdKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("preferred float vectors hold only " + L + " lanes");
        }
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        switch (op) {
            case NEG -> lanewise(VectorOperators.NEG, x, xOff, out, outOff, n, op);
            case EXP -> lanewise(VectorOperators.EXP, x, xOff, out, outOff, n, op);
            case LOG -> lanewise(VectorOperators.LOG, x, xOff, out, outOff, n, op);
            case SQRT -> lanewise(VectorOperators.SQRT, x, xOff, out, outOff, n, op);
            case ABS -> lanewise(VectorOperators.ABS, x, xOff, out, outOff, n, op);
            case TANH -> lanewise(VectorOperators.TANH, x, xOff, out, outOff, n, op);
            case RELU -> relu(x, xOff, out, outOff, n);
            case SIGMOID -> sigmoid(x, xOff, out, outOff, n);
            case SQUARE -> square(x, xOff, out, outOff, n);
            case RECIPROCAL -> scalarBinary(BinaryOp.DIV, 1f, x, xOff, out, outOff, n);
            case SIGN -> SCALAR.unary(op, x, xOff, out, outOff, n);
        }
    }

    private static void lanewise(VectorOperators.Unary vop, float[] x, int xOff, float[] out, int outOff, int n,
                                 UnaryOp op) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).lanewise(vop).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    private static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(zero, v.compare(VectorOperators.GT, 0f).not()).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = UnaryOp.RELU.apply(x[xOff + i]);
        }
    }

    /** σ(x) = 1 / (1 + e⁻ˣ); e⁻ˣ overflows to +∞ for very negative x and the quotient is then 0, as it should be. */
    private static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(F, x, xOff + i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = UnaryOp.SIGMOID.apply(x[xOff + i]);
        }
    }

    private static void square(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.mul(v).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * x[xOff + i];
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        switch (op) {
            case ADD -> binary(VectorOperators.ADD, a, aOff, b, bOff, out, outOff, n, op);
            case SUB -> binary(VectorOperators.SUB, a, aOff, b, bOff, out, outOff, n, op);
            case MUL -> binary(VectorOperators.MUL, a, aOff, b, bOff, out, outOff, n, op);
            case DIV -> binary(VectorOperators.DIV, a, aOff, b, bOff, out, outOff, n, op);
            case MAX -> binary(VectorOperators.MAX, a, aOff, b, bOff, out, outOff, n, op);
            case MIN -> binary(VectorOperators.MIN, a, aOff, b, bOff, out, outOff, n, op);
            case GT -> compare(VectorOperators.GT, a, aOff, b, bOff, out, outOff, n, op);
            case GE -> compare(VectorOperators.GE, a, aOff, b, bOff, out, outOff, n, op);
            case LT -> compare(VectorOperators.LT, a, aOff, b, bOff, out, outOff, n, op);
            case LE -> compare(VectorOperators.LE, a, aOff, b, bOff, out, outOff, n, op);
            case EQ -> compare(VectorOperators.EQ, a, aOff, b, bOff, out, outOff, n, op);
            case NE -> compare(VectorOperators.NE, a, aOff, b, bOff, out, outOff, n, op);
            case POW -> SCALAR.binary(op, a, aOff, b, bOff, out, outOff, n);
        }
    }

    private static void binary(VectorOperators.Binary vop, float[] a, int aOff, float[] b, int bOff, float[] out,
                               int outOff, int n, BinaryOp op) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).lanewise(vop, FloatVector.fromArray(F, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], b[bOff + i]);
        }
    }

    private static void compare(VectorOperators.Comparison cmp, float[] a, int aOff, float[] b, int bOff,
                                float[] out, int outOff, int n, BinaryOp op) {
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            VectorMask<Float> m = FloatVector.fromArray(F, a, aOff + i).compare(cmp, FloatVector.fromArray(F, b, bOff + i));
            zero.blend(one, m).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], b[bOff + i]);
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        switch (op) {
            case ADD -> binaryScalar(VectorOperators.ADD, a, aOff, s, out, outOff, n, op);
            case SUB -> binaryScalar(VectorOperators.SUB, a, aOff, s, out, outOff, n, op);
            case MUL -> binaryScalar(VectorOperators.MUL, a, aOff, s, out, outOff, n, op);
            case DIV -> binaryScalar(VectorOperators.DIV, a, aOff, s, out, outOff, n, op);
            case MAX -> binaryScalar(VectorOperators.MAX, a, aOff, s, out, outOff, n, op);
            case MIN -> binaryScalar(VectorOperators.MIN, a, aOff, s, out, outOff, n, op);
            default -> SCALAR.binaryScalar(op, a, aOff, s, out, outOff, n);
        }
    }

    private static void binaryScalar(VectorOperators.Binary vop, float[] a, int aOff, float s, float[] out,
                                     int outOff, int n, BinaryOp op) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(F, s);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).lanewise(vop, vs).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], s);
        }
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        switch (op) {
            case ADD, MUL, MAX, MIN -> binaryScalar(op, b, bOff, s, out, outOff, n); // commutative
            case SUB -> scalarBinary(VectorOperators.SUB, s, b, bOff, out, outOff, n, op);
            case DIV -> scalarBinary(VectorOperators.DIV, s, b, bOff, out, outOff, n, op);
            default -> SCALAR.scalarBinary(op, s, b, bOff, out, outOff, n);
        }
    }

    private static void scalarBinary(VectorOperators.Binary vop, float s, float[] b, int bOff, float[] out,
                                     int outOff, int n, BinaryOp op) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(F, s);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            vs.lanewise(vop, FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(s, b[bOff + i]);
        }
    }

    @Override
    public void clamp(float[] x, int xOff, float lo, float hi, float[] out, int outOff, int n) {
        int i = 0;
        FloatVector vlo = FloatVector.broadcast(F, lo);
        FloatVector vhi = FloatVector.broadcast(F, hi);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).max(vlo).min(vhi).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector vy = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, x, xOff + i).fma(va, vy).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        FloatVector vb = FloatVector.broadcast(F, beta);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector vy = FloatVector.fromArray(F, y, yOff + i).mul(vb);
            FloatVector.fromArray(F, x, xOff + i).fma(va, vy).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], beta * y[yOff + i]);
        }
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, xOff + i));
            acc1 = acc1.add(FloatVector.fromArray(F, x, xOff + i + L));
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, xOff + i));
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc = acc.max(FloatVector.fromArray(F, x, xOff + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public float min(float[] x, int xOff, int n) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc = acc.min(FloatVector.fromArray(F, x, xOff + i));
        }
        float m = acc.reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            m = Math.min(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public float expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(F, shift);
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(F, x, xOff + i).sub(vs).lanewise(VectorOperators.EXP);
            e.intoArray(out, outOff + i);
            acc = acc.add(e);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - shift);
            out[outOff + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public int gemmTileRows() {
        return SimdGemm.TILE_ROWS;
    }

    @Override
    public int gemmTileCols() {
        return SimdGemm.TILE_COLS;
    }

    @Override
    public void gemmMicroKernel(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff,
                                int ldc) {
        SimdGemm.microKernel(kc, a, aOff, b, bOff, beta, c, cOff, ldc);
    }

    @Override
    public void gemmPackB(boolean transB, float[] b, int bOff, int ldb, int kc, int cols, int depth, float[] packed,
                          int pOff) {
        SimdGemm.packB(transB, b, bOff, ldb, kc, cols, depth, packed, pOff);
    }

    @Override
    public String name() {
        return "simd-" + F.vectorBitSize();
    }
}
