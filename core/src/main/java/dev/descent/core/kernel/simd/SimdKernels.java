package dev.descent.core.kernel.simd;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. Loaded by name by {@link dev.descent.core.kernel.VectorizationProvider}; the only package
 * besides its gemm twin that imports {@code jdk.incubator.vector}.
 *
 * <p>Each loop runs whole vectors up to {@code loopBound(n)} and finishes the tail with the scalar definition, so
 * every length works and lengths under one vector cost nothing extra. Two rules keep the loops compiled to vector
 * instructions on JDK 17 and later:
 * <ul>
 *   <li>A {@link VectorOperators} constant must be a constant where {@code lanewise} is called. Passed in as a
 *       parameter, it is one only if C2 inlines the helper into a caller that names it, which it stops doing once
 *       the helper has been compiled on its own; the operation then runs lane by lane through boxed vectors, some
 *       40 times slower (measured: 3.8 ns per element for an add instead of 0.08). So the element-wise loops switch
 *       on the {@link UnaryOp} or {@link BinaryOp} <em>inside</em> the loop body, which C2 keeps in registers at
 *       full speed, and no vector value crosses a method call.</li>
 *   <li>{@code EXP}, {@code LOG} and {@code TANH} are then compiled to the JDK's SVML routines (libjsvml), about
 *       0.6, 0.7 and 1.9 ns per element on AVX2 on both JDK 17 and JDK 25, 20–30 times faster than the scalar
 *       {@link Math} calls. Measured against the scalar definitions ({@link UnaryOp#apply}) on 8 million points
 *       spread over each function's range, on both JDKs: EXP, LOG and TANH within 1 ulp, SIGMOID within 2 ulps
 *       (the documented bound is {@link UnaryOp#TRANSCENDENTAL_ULPS}). Where the JDK has no vector math library
 *       (JDK 17–23 on AArch64) they fall back to lane-by-lane calls and the results stay correct.</li>
 * </ul>
 * Reductions keep four accumulators, so that the adds of consecutive vectors do not wait on each other.
 */
public final class SimdKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Operand forms of {@link #zip}: both arrays, or the scalar {@code s} in place of {@code b} or of {@code a}. */
    private static final int ARRAYS = 0, SCALAR_RIGHT = 1, SCALAR_LEFT = 2;

    /** Fails when the preferred vectors hold fewer than 4 floats, where the scalar loops are as fast. */
    public SimdKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("preferred float vectors hold only " + L + " lanes");
        }
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        if (op.transcendental()) {
            transcendental(op, x, xOff, out, outOff, n);
        } else {
            exact(op, x, xOff, out, outOff, n);
        }
    }

    /**
     * The unary functions that are exact in float. Kept apart from the transcendental ones, whose calls into the
     * vector math library would make C2 spill this loop's registers around them (measured: NEG 4 to 7 times slower
     * when both share one loop).
     */
    private static void exact(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector minusOne = FloatVector.broadcast(F, -1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case SQRT -> v.sqrt();
                case ABS -> v.abs();
                // ±0 and NaN keep their value, as Math.signum does.
                case SIGN -> v.blend(one, v.compare(VectorOperators.GT, zero))
                        .blend(minusOne, v.compare(VectorOperators.LT, zero));
                case RELU -> v.max(zero); // max, not a compare: NaN stays NaN
                case SQUARE -> v.mul(v);
                case RECIPROCAL -> one.div(v);
                default -> throw new IllegalStateException(op + " is transcendental");
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    /** EXP, LOG, TANH and SIGMOID, through the vector math library. */
    private static void transcendental(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector r = switch (op) {
                case EXP -> v.lanewise(VectorOperators.EXP);
                case LOG -> v.lanewise(VectorOperators.LOG);
                case TANH -> v.lanewise(VectorOperators.TANH);
                case SIGMOID -> { // two independent divisions: faster here than e·(1/(1+e)), and one rounding less
                    FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP); // in (0, 1]: never overflows
                    FloatVector d = one.add(e);
                    yield one.div(d).blend(e.div(d), v.compare(VectorOperators.LT, zero));
                }
                default -> throw new IllegalStateException(op + " is exact");
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        zip(op, ARRAYS, a, aOff, b, bOff, 0f, out, outOff, n);
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        if (op == BinaryOp.POW && s == 2f) { // the common x², exactly Math.pow(x, 2) rounded to float
            unary(UnaryOp.SQUARE, a, aOff, out, outOff, n);
            return;
        }
        zip(op, SCALAR_RIGHT, a, aOff, a, aOff, s, out, outOff, n);
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        zip(op, SCALAR_LEFT, b, bOff, b, bOff, s, out, outOff, n);
    }

    /**
     * {@code out[i] = op(a[i], b[i])}, with {@code s} in place of {@code a[i]} or {@code b[i]} as {@code form} says.
     * POW has no exact vector form and runs whole in the scalar tail.
     */
    private static void zip(BinaryOp op, int form, float[] a, int aOff, float[] b, int bOff, float s, float[] out,
                            int outOff, int n) {
        FloatVector vs = FloatVector.broadcast(F, s);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = op == BinaryOp.POW ? 0 : F.loopBound(n); i < bound; i += L) {
            FloatVector va = form == SCALAR_LEFT ? vs : FloatVector.fromArray(F, a, aOff + i);
            FloatVector vb = form == SCALAR_RIGHT ? vs : FloatVector.fromArray(F, b, bOff + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAX -> va.max(vb);
                case MIN -> va.min(vb);
                case GT -> zero.blend(one, va.compare(VectorOperators.GT, vb));
                case GE -> zero.blend(one, va.compare(VectorOperators.GE, vb));
                case LT -> zero.blend(one, va.compare(VectorOperators.LT, vb));
                case LE -> zero.blend(one, va.compare(VectorOperators.LE, vb));
                case EQ -> zero.blend(one, va.compare(VectorOperators.EQ, vb));
                case NE -> zero.blend(one, va.compare(VectorOperators.NE, vb));
                case POW -> throw new IllegalStateException("pow runs in the scalar loop");
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float av = form == SCALAR_LEFT ? s : a[aOff + i];
            float bv = form == SCALAR_RIGHT ? s : b[bOff + i];
            out[outOff + i] = op.apply(av, bv);
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

    /** Multiply, then add, as the scalar twin does: no fused multiply-add, so both give the same bits. */
    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector vy = FloatVector.fromArray(F, y, yOff + i);
            vy.add(FloatVector.fromArray(F, x, xOff + i).mul(va)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        FloatVector vb = FloatVector.broadcast(F, beta);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector vy = FloatVector.fromArray(F, y, yOff + i).mul(vb);
            FloatVector.fromArray(F, x, xOff + i).mul(va).add(vy).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = alpha * x[xOff + i] + beta * y[yOff + i];
        }
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, xOff + i));
            acc1 = acc1.add(FloatVector.fromArray(F, x, xOff + i + L));
            acc2 = acc2.add(FloatVector.fromArray(F, x, xOff + i + 2 * L));
            acc3 = acc3.add(FloatVector.fromArray(F, x, xOff + i + 3 * L));
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, xOff + i));
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
            acc2 = FloatVector.fromArray(F, a, aOff + i + 2 * L)
                    .fma(FloatVector.fromArray(F, b, bOff + i + 2 * L), acc2);
            acc3 = FloatVector.fromArray(F, a, aOff + i + 3 * L)
                    .fma(FloatVector.fromArray(F, b, bOff + i + 3 * L), acc3);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        return extremum(true, x, xOff, n);
    }

    @Override
    public float min(float[] x, int xOff, int n) {
        return extremum(false, x, xOff, n);
    }

    /** The max or the min; vector MAX and MIN treat NaN and ±0 exactly as {@link Math#max} and {@link Math#min}. */
    private static float extremum(boolean max, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.broadcast(F, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            FloatVector v0 = FloatVector.fromArray(F, x, xOff + i);
            FloatVector v1 = FloatVector.fromArray(F, x, xOff + i + L);
            FloatVector v2 = FloatVector.fromArray(F, x, xOff + i + 2 * L);
            FloatVector v3 = FloatVector.fromArray(F, x, xOff + i + 3 * L);
            acc0 = max ? acc0.max(v0) : acc0.min(v0);
            acc1 = max ? acc1.max(v1) : acc1.min(v1);
            acc2 = max ? acc2.max(v2) : acc2.min(v2);
            acc3 = max ? acc3.max(v3) : acc3.min(v3);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            acc0 = max ? acc0.max(v) : acc0.min(v);
        }
        float m = max
                ? acc0.max(acc1).max(acc2.max(acc3)).reduceLanes(VectorOperators.MAX)
                : acc0.min(acc1).min(acc2.min(acc3)).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            m = max ? Math.max(m, x[xOff + i]) : Math.min(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int xOff, float mean, int n) {
        FloatVector vm = FloatVector.broadcast(F, mean);
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(F, x, xOff + i).sub(vm);
            FloatVector d1 = FloatVector.fromArray(F, x, xOff + i + L).sub(vm);
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, xOff + i).sub(vm);
            acc0 = d.fma(d, acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = x[xOff + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public void addSquaredDeviations(float[] x, int xOff, float[] mean, int meanOff, float[] acc, int accOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, xOff + i).sub(FloatVector.fromArray(F, mean, meanOff + i));
            FloatVector.fromArray(F, acc, accOff + i).add(d.mul(d)).intoArray(acc, accOff + i);
        }
        for (; i < n; i++) {
            float d = x[xOff + i] - mean[meanOff + i];
            acc[accOff + i] += d * d;
        }
    }

    @Override
    public float expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
        FloatVector vs = FloatVector.broadcast(F, shift);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
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
