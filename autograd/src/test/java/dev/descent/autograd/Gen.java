package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random shapes (jqwik arbitraries, so failures shrink) and random inputs (seeded, kept away from kinks). */
final class Gen {
    private Gen() {
    }

    /** Shapes of rank 0 to 3 with dimensions 1 to 4 — scalars and size-1 axes included. */
    static Arbitrary<int[]> dims() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(3);
    }

    /** Shapes of rank 1 to 3 (for operations along an axis). */
    static Arbitrary<int[]> dimsWithAxis() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    /**
     * Two shapes that broadcast together: a base shape and a copy with some axes set to 1 and some leading axes
     * dropped, in either order — so both "a is broadcast" and "b is broadcast" (and equal shapes) occur.
     */
    static Arbitrary<int[][]> broadcastPair() {
        return Combinators.combine(dims(), Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, true)).as((base, ones, drop, swap) -> {
                    int keep = Math.max(0, base.length - Math.min(drop, base.length));
                    int[] other = new int[keep];
                    for (int k = 0; k < keep; k++) {
                        int from = base.length - keep + k;
                        other[k] = (ones >> (from % 3) & 1) == 1 ? 1 : base[from];
                    }
                    return swap ? new int[][] {other, base} : new int[][] {base, other};
                });
    }

    /** An axis of a shape of rank r ≥ 1, from the seed: any of −r..r−1. */
    static int axis(int[] dims, long seed) {
        return new Rng(seed ^ 0xa11).nextInt(2 * dims.length) - dims.length;
    }

    /** Uniform values in [lo, hi). */
    static Tensor uniform(Rng rng, int[] dims, float lo, float hi) {
        return Tensor.uniform(rng, lo, hi, dims);
    }

    /** Values with |x| in [min, max) and a random sign: away from a kink at 0. */
    static Tensor awayFromZero(Rng rng, int[] dims, float min, float max) {
        Tensor t = Tensor.uniform(rng, min, max, dims);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, rng.nextInt(2) == 0 ? t.getFlat(i) : -t.getFlat(i));
        }
        return t;
    }

    /**
     * Values on the grid {@code offset + 0.3·k}, k = −6..6, each used at most once while there are enough: distinct
     * values at least 0.3 apart (far from ties for max), and two tensors with offsets differing by 0.15 never tie.
     */
    static Tensor grid(Rng rng, int[] dims, float offset) {
        Tensor t = Tensor.zeros(dims);
        int[] order = rng.permutation(13);
        for (int i = 0; i < t.size(); i++) {
            int k = i < 13 ? order[i] : rng.nextInt(13);
            t.setFlat(i, offset + 0.3f * (k - 6));
        }
        return t;
    }

    /** Values 0.3 apart that are all distinct (for maxima: no ties), for tensors of up to 64 elements. */
    static Tensor distinct(Rng rng, int[] dims) {
        Tensor t = Tensor.zeros(dims);
        int[] order = rng.permutation(t.size());
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 0.3f * order[i] - 0.15f * t.size());
        }
        return t;
    }

    static Shape shape(int... dims) {
        return Shape.of(dims);
    }

    /** GradCheck with the defaults; fails with the report's table. */
    static void assertGradients(Function<Variable[], Variable> f, Tensor... inputs) {
        assertPassed(GradCheck.check(f, inputs));
    }

    /** GradCheck with the defaults over inputs some of which may be constants. */
    static void assertGradients(Function<Variable[], Variable> f, Variable... inputs) {
        assertPassed(GradCheck.check(GradCheck.Options.defaults(), f, inputs));
    }

    private static void assertPassed(GradCheck.Report report) {
        assertTrue(report.passed(), () -> "analytic and numeric gradients differ:\n" + report);
    }
}
