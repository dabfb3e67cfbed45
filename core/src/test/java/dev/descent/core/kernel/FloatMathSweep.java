package dev.descent.core.kernel;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Measures {@link FloatMath}'s functions on every float against {@link Math}'s double-precision ones, the figures
 * FloatMath's Javadoc quotes: the largest error in ulps of the exact result, and how many finite, non-zero results
 * are not the correctly rounded float. Not a test (it takes minutes); run it after changing a coefficient:
 * <pre>
 *   java -cp core/target/classes:core/target/test-classes dev.descent.core.kernel.FloatMathSweep [exp|log|tanh|sigmoid]
 * </pre>
 */
public final class FloatMathSweep {
    private FloatMathSweep() {
    }

    /**
     * One function, its double-precision reference, and the largest error in ulps that {@link FloatMath}'s Javadoc
     * states for it (the sweep's figure, which {@link FloatMathTest} holds a sample to).
     */
    record Fn(String name, FloatUnary f, DoubleUnaryOperator reference, double documentedMaxUlps) {
        /** The error of {@code f(x)} in ulps of the exact result; 0 where both are the same non-finite value. */
        double ulps(float x) {
            float y = f.apply(x);
            double exact = reference.applyAsDouble(x);
            float rounded = (float) exact;
            if (Double.isNaN(exact) || Float.isInfinite(rounded)) {
                return Float.floatToIntBits(y) == Float.floatToIntBits(rounded) ? 0 : Double.POSITIVE_INFINITY;
            }
            return Math.abs(y - exact) / ulpOfExact(exact);
        }
    }

    @FunctionalInterface
    interface FloatUnary {
        float apply(float x);
    }

    /** What one 2²⁴-float slice of the sweep found. */
    private record Slice(double maxUlps, float worstX, long misrounded, long counted) {
        Slice merge(Slice o) {
            return new Slice(Math.max(maxUlps, o.maxUlps), o.maxUlps > maxUlps ? o.worstX : worstX,
                    misrounded + o.misrounded, counted + o.counted);
        }
    }

    static final Fn[] FUNCTIONS = {
        new Fn("exp", FloatMath::exp, Math::exp, 1.013),
        new Fn("log", FloatMath::log, Math::log, 0.827),
        new Fn("tanh", FloatMath::tanh, Math::tanh, 1.330),
        new Fn("sigmoid", FloatMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), 2.402),
    };

    public static void main(String[] args) {
        for (Fn fn : FUNCTIONS) {
            if (args.length > 0 && !java.util.Arrays.asList(args).contains(fn.name())) {
                continue;
            }
            long start = System.nanoTime();
            Slice all = IntStream.range(0, 256).parallel().mapToObj(hi -> slice(fn, hi))
                    .reduce(new Slice(0, Float.NaN, 0, 0), Slice::merge);
            System.out.printf("%-8s max %.3f ulp (at x = %s; documented %.3f), %d of %d finite non-zero results not"
                            + " correctly rounded (%.2f %%), %.0f s%n", fn.name(), all.maxUlps, all.worstX,
                    fn.documentedMaxUlps(), all.misrounded, all.counted, 100.0 * all.misrounded / all.counted,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The floats whose top 8 bits are {@code hi}. */
    private static Slice slice(Fn fn, int hi) {
        double maxUlps = 0;
        float worst = Float.NaN;
        long misrounded = 0, counted = 0;
        for (int lo = 0; lo < 1 << 24; lo++) {
            float x = Float.intBitsToFloat(hi << 24 | lo);
            if (x != x) {
                continue;
            }
            double err = fn.ulps(x);
            if (err > maxUlps) {
                maxUlps = err;
                worst = x;
            }
            float rounded = (float) fn.reference().applyAsDouble(x);
            if (rounded != 0f && !Float.isInfinite(rounded) && rounded == rounded) {
                counted++;
                if (fn.f().apply(x) != rounded) {
                    misrounded++;
                }
            }
        }
        return new Slice(maxUlps, worst, misrounded, counted);
    }

    /** The spacing of floats at the exact value: the ulp of the float binade it lies in (subnormal spacing below). */
    static double ulpOfExact(double exact) {
        double a = Math.abs(exact);
        if (a < Float.MIN_NORMAL) {
            return Float.MIN_VALUE;
        }
        return Math.ulp((float) Math.scalb(1.0, Math.getExponent(a)));
    }
}
