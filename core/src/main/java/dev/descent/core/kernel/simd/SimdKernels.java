package dev.descent.core.kernel.simd;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.FloatMath;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.ScalarKernels;
import dev.descent.core.kernel.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. Loaded by name by {@link dev.descent.core.kernel.VectorizationProvider}; the only package
 * besides its gemm twin that imports {@code jdk.incubator.vector}.
 *
 * <p>Every kernel gives the same bits as its scalar twin in {@link ScalarKernels}, in every JIT state and on every JDK
 * (see {@link Kernels} for the rules). So no lane operation here is one the Vector API leaves open: no
 * {@code lanewise(EXP/LOG/TANH)}, which run Java code before C2 compiles them and the JDK's SVML library after (the
 * two differ in the last bit for most arguments, and SVML can change between JDKs), and no float
 * {@code reduceLanes(ADD)}, whose order is unspecified (sequential when interpreted, a tree when compiled). The
 * transcendental functions are {@link FloatMath}'s polynomials written out lane-wise, operation for operation; sums
 * keep {@link ScalarKernels#STRIPES} partial sums in four 8-float vectors over the whole blocks of 32 elements, then
 * hand them to the scalar kernel's code for the rest and for the fold, in {@link Kernels#sum}'s order. NaN results of
 * sums and extrema are made {@link Float#NaN}, as in the scalar kernels.
 *
 * <p>Each element-wise loop runs whole vectors up to {@code loopBound(n)} and finishes the tail with the scalar
 * definition, so every length works. A {@link VectorOperators} constant must be a constant where {@code lanewise} or
 * {@code compare} is called. Passed in as a parameter, it is one only if C2 inlines the helper into a caller that
 * names it, which it stops doing once the helper has been compiled on its own; the operation then runs lane by lane
 * through boxed vectors, some 40 times slower (measured: 3.8 ns per element for an add instead of 0.08). So the
 * element-wise loops switch on the {@link UnaryOp} or {@link BinaryOp} <em>inside</em> the loop body, which C2 keeps
 * in registers at full speed. For the same reason no vector value crosses a call to a method of this class (the
 * Vector API's own methods are force-inlined; ours are not): a helper taking or returning a vector is inlined only
 * until it has been compiled on its own, after which every call boxes its vectors — measured at 180 ns for a sum of
 * 10 floats whose four stripe vectors went through a helper.
 */
public final class SimdKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * Integer lanes of the same width, for the bit manipulations of exp and log. Floats are reinterpreted to it
     * explicitly, {@code reinterpretShape(I, 0)}: {@code reinterpretAsInts()} finds its species at run time, which C2
     * on JDK 17 does not fold to a constant, and then runs it through boxed vectors.
     */
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    /**
     * The species of the sums' stripes: four 8-float vectors hold the 32 stripes. Null where the hardware's vectors
     * are narrower (128-bit NEON or SSE), whose sums run {@link ScalarKernels}' loops, the same bits.
     */
    private static final VectorSpecies<Float> S = F.vectorBitSize() >= 256 ? FloatVector.SPECIES_256 : null;
    private static final int SL = 8;
    /** Elements per pass of {@link #tanh}: 4 KiB of exponentials. */
    private static final int CHUNK = 1024;
    private static final int STRIPES = ScalarKernels.STRIPES;
    private static final ScalarKernels SCALAR = new ScalarKernels();

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
        switch (op) {
            case EXP -> exp(op, 0f, x, xOff, out, outOff, n);
            case SIGMOID -> exp(op, 0f, x, xOff, out, outOff, n);
            case TANH -> tanh(x, xOff, out, outOff, n);
            case LOG -> log(x, xOff, out, outOff, n);
            default -> exact(op, x, xOff, out, outOff, n);
        }
    }

    /** The unary functions that are one exact vector operation or two. */
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
                default -> throw new IllegalStateException(op + " is not exact");
            };
            r.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    /**
     * {@link FloatMath#exp} of {@code x − shift} (EXP), {@link FloatMath#sigmoid} (SIGMOID, from the exponential of
     * {@code −|x|}) or the exponential {@code e^(|x| + |x|)} inside tanh (TANH), each line the lane-wise twin of a
     * line of {@link FloatMath}. Constants are vectors made once, outside the loop: C2 inlines each Vector API call as
     * a few hundred nodes and stops inlining a method past a node budget, so the loop bodies are kept lean (the whole
     * of tanh in one loop exceeds it, and then runs on boxed vectors 20 times slower; hence {@link #tanh}'s second
     * loop).
     */
    private static void exp(UnaryOp op, float shift, float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector vShift = c(shift), one = c(1f), nan = c(Float.NaN), zero = FloatVector.zero(F);
        FloatVector min = c(FloatMath.EXP_MIN), max = c(FloatMath.EXP_MAX);
        FloatVector log2e = c(FloatMath.LOG2E), rounder = c(FloatMath.ROUNDER);
        FloatVector minusLn2Hi = c(-FloatMath.LN2_HI), minusLn2Lo = c(-FloatMath.LN2_LO);
        FloatVector e0 = c(FloatMath.E0), e1 = c(FloatMath.E1), e2 = c(FloatMath.E2), e3 = c(FloatMath.E3);
        FloatVector e4 = c(FloatMath.E4), e5 = c(FloatMath.E5);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector a = switch (op) {
                case EXP -> v.sub(vShift);
                case SIGMOID -> v.abs().neg();
                default -> v.abs().add(v.abs()); // TANH
            };
            // a clamped by compare and blend, which keep NaN as Math.min/max do and cost less than vector min/max
            FloatVector xc = a.blend(min, a.compare(VectorOperators.LT, min))
                    .blend(max, a.compare(VectorOperators.GT, max));
            FloatVector t = xc.fma(log2e, rounder);
            FloatVector nf = t.sub(rounder);
            FloatVector r = nf.fma(minusLn2Hi, xc);
            r = nf.fma(minusLn2Lo, r);
            FloatVector p = r.fma(e0, e1);
            p = p.fma(r, e2);
            p = p.fma(r, e3);
            p = p.fma(r, e4);
            p = p.fma(r, e5);
            FloatVector er = p.fma(r.mul(r), r).add(one);
            // 2^k1 and 2^(k − k1) straight from t's bits, ROUNDER_BITS + k: ROUNDER_BITS is even and its multiples
            // of 2^21 vanish in the shift by 23, so these are FloatMath's powerOfTwo(k1) and powerOfTwo(k − k1).
            IntVector tb = (IntVector) t.reinterpretShape(I, 0);
            IntVector half = tb.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = (FloatVector) half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(F, 0);
            FloatVector p2 = (FloatVector) tb.sub(half).add(127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretShape(F, 0);
            FloatVector e = er.mul(p1).mul(p2)
                    .blend(nan, a.compare(VectorOperators.NE, a));
            if (op == UnaryOp.SIGMOID) { // FloatMath.sigmoid's (x < 0 ? e : 1) / (1 + e)
                e = one.blend(e, v.compare(VectorOperators.LT, zero)).div(one.add(e));
            }
            e.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float xi = x[xOff + i];
            out[outOff + i] = switch (op) {
                case EXP -> FloatMath.exp(xi - shift);
                case SIGMOID -> FloatMath.sigmoid(xi);
                default -> FloatMath.exp(Math.abs(xi) + Math.abs(xi));
            };
        }
    }

    /** A constant in every lane. */
    private static FloatVector c(float value) {
        return FloatVector.broadcast(F, value);
    }

    /**
     * {@link FloatMath#tanh}, in chunks that stay in the L1 cache: {@link #exp} takes the chunk's exponentials
     * {@code e^2|x|} into scratch, then {@link #finishTanh} computes each lane from x and its exponential.
     */
    private static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        float[] scratch = new float[Math.min(n, CHUNK)];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            exp(UnaryOp.TANH, 0f, x, xOff + from, scratch, 0, m);
            finishTanh(x, xOff + from, scratch, out, outOff + from, m);
        }
    }

    /** The steps of {@link FloatMath#tanh} after its exponential {@code e = e^2|x|}. */
    private static void finishTanh(float[] x, int xOff, float[] exps, float[] out, int outOff, int n) {
        FloatVector one = c(1f), two = c(2f), nan = c(Float.NaN);
        FloatVector t0 = c(FloatMath.T0), t1 = c(FloatMath.T1), t2 = c(FloatMath.T2), t3 = c(FloatMath.T3);
        FloatVector t4 = c(FloatMath.T4), small = c(FloatMath.TANH_SMALL);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector e = FloatVector.fromArray(F, exps, i);
            FloatVector a = v.abs();
            FloatVector s = a.mul(a);
            FloatVector q = s.fma(t0, t1);
            q = q.fma(s, t2);
            q = q.fma(s, t3);
            q = q.fma(s, t4);
            FloatVector near0 = q.mul(s).fma(a, a);
            FloatVector far = one.sub(two.div(e.add(one)));
            FloatVector t = far.blend(near0, a.compare(VectorOperators.LT, small));
            IntVector sign = ((IntVector) v.reinterpretShape(I, 0)).and(FloatMath.SIGN_BIT);
            ((FloatVector) ((IntVector) t.reinterpretShape(I, 0)).or(sign).reinterpretShape(F, 0))
                    .blend(nan, v.compare(VectorOperators.NE, v)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = FloatMath.tanh(x[xOff + i]);
        }
    }

    /** {@link FloatMath#log}, lane by lane; constants made once, outside the loop, as in {@link #exp}. */
    private static void log(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector nan = c(Float.NaN), inf = c(Float.POSITIVE_INFINITY), minusInf = c(Float.NEGATIVE_INFINITY);
        FloatVector zero = FloatVector.zero(F), one = c(1f), minNormal = c(Float.MIN_NORMAL);
        FloatVector twoPow23 = c(FloatMath.TWO_POW_23), rounder = c(FloatMath.ROUNDER), subnormalShift = c(23f);
        FloatVector l0 = c(FloatMath.L0), l1 = c(FloatMath.L1), l2 = c(FloatMath.L2), l3 = c(FloatMath.L3);
        FloatVector l4 = c(FloatMath.L4), l5 = c(FloatMath.L5), l6 = c(FloatMath.L6), l7 = c(FloatMath.L7);
        FloatVector l8 = c(FloatMath.L8), minusHalf = c(-0.5f);
        FloatVector ln2Hi = c(FloatMath.LOG_LN2_HI), ln2Lo = c(FloatMath.LOG_LN2_LO);
        IntVector sqrtHalf = IntVector.broadcast(I, FloatMath.SQRT_HALF_BITS);
        IntVector mantissa = IntVector.broadcast(I, FloatMath.MANTISSA_MASK);
        IntVector rounderBits = IntVector.broadcast(I, FloatMath.ROUNDER_BITS);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, minNormal);
            FloatVector xs = v.blend(v.mul(twoPow23), subnormal);
            IntVector b = ((IntVector) xs.reinterpretShape(I, 0)).sub(sqrtHalf);
            IntVector exponentBits = b.lanewise(VectorOperators.ASHR, 23).add(rounderBits);
            FloatVector fe = ((FloatVector) exponentBits.reinterpretShape(F, 0)).sub(rounder);
            fe = fe.blend(fe.sub(subnormalShift), subnormal);
            FloatVector f = ((FloatVector) b.and(mantissa).add(sqrtHalf).reinterpretShape(F, 0)).sub(one);
            FloatVector z = f.mul(f);
            FloatVector p = f.fma(l0, l1);
            p = p.fma(f, l2);
            p = p.fma(f, l3);
            p = p.fma(f, l4);
            p = p.fma(f, l5);
            p = p.fma(f, l6);
            p = p.fma(f, l7);
            p = p.fma(f, l8);
            FloatVector y = p.mul(f).mul(z);
            y = fe.fma(ln2Lo, y);
            y = z.fma(minusHalf, y);
            y = fe.fma(ln2Hi, f.add(y))
                    .blend(inf, v.compare(VectorOperators.EQ, inf))
                    .blend(minusInf, v.compare(VectorOperators.EQ, zero))
                    .blend(nan, v.compare(VectorOperators.GE, zero).not());
            y.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = FloatMath.log(x[xOff + i]);
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
                case RELU_BACKWARD -> va.blend(zero, vb.compare(VectorOperators.LE, zero));
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

    /**
     * The 32 stripes are four 8-float vectors, stripe {@code 8k + j} in lane j of {@code s_k}. The whole blocks of 32
     * elements are read in place; the rest, fewer than 32, is copied into a block of zeros ({@link #lastBlock}) that
     * the same four vectors add once more — adding +0 to a partial sum changes nothing, since a sum that starts at +0
     * is never −0. Then {@link Kernels#sum}'s fold: {@code (s0 + s2) + (s1 + s3)} is its steps w = 16 and 8, and
     * {@link #foldLanes} the rest. Straight-line code after one counted loop keeps the accumulators in registers.
     */
    @Override
    public float sum(float[] x, int xOff, int n) {
        if (S == null) {
            return SCALAR.sum(x, xOff, n);
        }
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int whole = n - n % STRIPES;
        for (int i = xOff, end = xOff + whole; i < end; i += STRIPES) {
            s0 = s0.add(FloatVector.fromArray(S, x, i));
            s1 = s1.add(FloatVector.fromArray(S, x, i + SL));
            s2 = s2.add(FloatVector.fromArray(S, x, i + 2 * SL));
            s3 = s3.add(FloatVector.fromArray(S, x, i + 3 * SL));
        }
        float[] rest = lastBlock(x, xOff + whole, n - whole, 0f);
        s0 = s0.add(FloatVector.fromArray(S, rest, 0));
        s1 = s1.add(FloatVector.fromArray(S, rest, SL));
        s2 = s2.add(FloatVector.fromArray(S, rest, 2 * SL));
        s3 = s3.add(FloatVector.fromArray(S, rest, 3 * SL));
        s0.add(s2).add(s1.add(s3)).intoArray(rest, 0);
        return foldLanes(rest);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (S == null) {
            return SCALAR.dot(a, aOff, b, bOff, n);
        }
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int whole = n - n % STRIPES;
        for (int i = 0; i < whole; i += STRIPES) {
            int ai = aOff + i, bi = bOff + i;
            s0 = FloatVector.fromArray(S, a, ai).fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = FloatVector.fromArray(S, a, ai + SL).fma(FloatVector.fromArray(S, b, bi + SL), s1);
            s2 = FloatVector.fromArray(S, a, ai + 2 * SL).fma(FloatVector.fromArray(S, b, bi + 2 * SL), s2);
            s3 = FloatVector.fromArray(S, a, ai + 3 * SL).fma(FloatVector.fromArray(S, b, bi + 3 * SL), s3);
        }
        float[] ra = lastBlock(a, aOff + whole, n - whole, 0f), rb = lastBlock(b, bOff + whole, n - whole, 0f);
        s0 = FloatVector.fromArray(S, ra, 0).fma(FloatVector.fromArray(S, rb, 0), s0); // 0·0 + s = s
        s1 = FloatVector.fromArray(S, ra, SL).fma(FloatVector.fromArray(S, rb, SL), s1);
        s2 = FloatVector.fromArray(S, ra, 2 * SL).fma(FloatVector.fromArray(S, rb, 2 * SL), s2);
        s3 = FloatVector.fromArray(S, ra, 3 * SL).fma(FloatVector.fromArray(S, rb, 3 * SL), s3);
        s0.add(s2).add(s1.add(s3)).intoArray(ra, 0);
        return foldLanes(ra);
    }

    /**
     * The last block holds the deviations {@code x[i] − μ} themselves, taken in the scalar loop, and zeros, so the
     * vector step squares them without subtracting anything.
     */
    @Override
    public float sumSquaredDeviations(float[] x, int xOff, float mean, int n) {
        if (S == null) {
            return SCALAR.sumSquaredDeviations(x, xOff, mean, n);
        }
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        FloatVector m = FloatVector.broadcast(S, mean);
        int whole = n - n % STRIPES;
        for (int i = xOff, end = xOff + whole; i < end; i += STRIPES) {
            FloatVector d0 = FloatVector.fromArray(S, x, i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, x, i + SL).sub(m);
            FloatVector d2 = FloatVector.fromArray(S, x, i + 2 * SL).sub(m);
            FloatVector d3 = FloatVector.fromArray(S, x, i + 3 * SL).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        float[] rest = lastBlock(x, xOff + whole, n - whole, mean);
        FloatVector d0 = FloatVector.fromArray(S, rest, 0), d1 = FloatVector.fromArray(S, rest, SL);
        FloatVector d2 = FloatVector.fromArray(S, rest, 2 * SL), d3 = FloatVector.fromArray(S, rest, 3 * SL);
        d0.fma(d0, s0).add(d2.fma(d2, s2)).add(d1.fma(d1, s1).add(d3.fma(d3, s3))).intoArray(rest, 0);
        return foldLanes(rest);
    }

    /** {@code x[from + j] − shift} for the {@code count < 32} elements left, then zeros: one more block of stripes. */
    private static float[] lastBlock(float[] x, int from, int count, float shift) {
        float[] block = new float[STRIPES];
        for (int j = 0; j < count; j++) {
            block[j] = x[from + j] - shift;
        }
        return block;
    }

    /**
     * The last steps of {@link Kernels#sum}'s fold on the 8 stripes {@code t} left after {@code (s0 + s2) + (s1 + s3)}:
     * {@code t[j] + t[j + 4]}, then {@code + [j + 2]}, then {@code + [j + 1]}; {@link Float#NaN} for any NaN.
     */
    private static float foldLanes(float[] t) {
        float a = t[0] + t[4], b = t[1] + t[5], c = t[2] + t[6], d = t[3] + t[7];
        return ScalarKernels.canonicalNaN((a + c) + (b + d));
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        return extremum(true, x, xOff, n);
    }

    @Override
    public float min(float[] x, int xOff, int n) {
        return extremum(false, x, xOff, n);
    }

    /**
     * The max or the min. Vector MAX and MIN treat NaN and ±0 exactly as {@link Math#max} and {@link Math#min}, and
     * the lanes are combined with those too (not {@code reduceLanes}, whose compiled form need not order ±0 so); any
     * order gives the same extremum.
     */
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
        FloatVector acc = max ? acc0.max(acc1).max(acc2.max(acc3)) : acc0.min(acc1).min(acc2.min(acc3));
        float m = acc.lane(0);
        for (int j = 1; j < L; j++) {
            m = max ? Math.max(m, acc.lane(j)) : Math.min(m, acc.lane(j));
        }
        for (; i < n; i++) {
            m = max ? Math.max(m, x[xOff + i]) : Math.min(m, x[xOff + i]);
        }
        return ScalarKernels.canonicalNaN(m);
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
        exp(UnaryOp.EXP, shift, x, xOff, out, outOff, n);
        return sum(out, outOff, n);
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
    public void gemmMicroKernel(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                                int ldc, boolean fromZero) {
        SimdGemm.microKernel(kc, a, aOff, lda, b, bOff, c, cOff, ldc, fromZero);
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
