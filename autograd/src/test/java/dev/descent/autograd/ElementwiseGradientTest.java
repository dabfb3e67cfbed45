package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static dev.descent.autograd.Gen.assertGradients;

/**
 * For every element-wise operation and the matrix product: on random shapes (scalars, size-1 axes, broadcast pairs)
 * and random inputs kept away from kinks, the analytic gradient equals GradCheck's central difference.
 */
class ElementwiseGradientTest extends ShapeProviders {
    private static final int TRIES = 12;

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    @Property(tries = TRIES)
    void add(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].add(v[1]), Gen.uniform(r, s[0], -2, 2), Gen.uniform(r, s[1], -2, 2));
    }

    @Property(tries = TRIES)
    void sub(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].sub(v[1]), Gen.uniform(r, s[0], -2, 2), Gen.uniform(r, s[1], -2, 2));
    }

    @Property(tries = TRIES)
    void mul(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].mul(v[1]), Gen.uniform(r, s[0], -2, 2), Gen.uniform(r, s[1], -2, 2));
    }

    @Property(tries = TRIES)
    void div(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].div(v[1]), Gen.uniform(r, s[0], -2, 2), Gen.awayFromZero(r, s[1], 0.5f, 2));
    }

    @Property(tries = TRIES)
    void powWithTensorExponent(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].pow(v[1]), Gen.uniform(r, s[0], 0.5f, 2), Gen.uniform(r, s[1], -2, 2));
    }

    @Property(tries = TRIES)
    void maximum(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].maximum(v[1]), Gen.grid(r, s[0], 0f), Gen.grid(r, s[1], 0.15f));
    }

    @Property(tries = TRIES)
    void minimum(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        assertGradients(v -> v[0].minimum(v[1]), Gen.grid(r, s[0], 0f), Gen.grid(r, s[1], 0.15f));
    }

    @Property(tries = TRIES)
    void where(@ForAll("pair") int[][] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor condition = Gen.uniform(r, s[1], 0, 1).ge(0.5f);
        assertGradients(v -> v[0].where(condition, v[1]), Gen.uniform(r, s[0], -2, 2), Gen.uniform(r, s[1], -2, 2));
    }

    @Property(tries = TRIES)
    void maskMul(@ForAll("pair") int[][] s, @ForAll long seed) {
        // the mask takes the smaller (broadcast) shape of the pair, the input the full one
        int[] big = Gen.shape(s[1]).broadcastsTo(Gen.shape(s[0])) ? s[0] : s[1];
        int[] small = big == s[0] ? s[1] : s[0];
        Rng r = new Rng(seed);
        Tensor mask = Gen.uniform(r, small, 0, 1).ge(0.5f).muli(2f); // dropout with p = ½: 0 or 1/(1 − p)
        assertGradients(v -> v[0].maskMul(mask), Gen.uniform(r, big, -2, 2));
    }

    @Property(tries = TRIES)
    void negAndScalarArithmetic(@ForAll("dims") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor x = Gen.uniform(r, s, -2, 2);
        assertGradients(v -> v[0].neg(), x);
        assertGradients(v -> v[0].add(0.75f), x);
        assertGradients(v -> v[0].sub(0.75f), x);
        assertGradients(v -> v[0].mul(-1.5f), x);
        assertGradients(v -> v[0].div(-1.5f), x);
    }

    @Property(tries = TRIES)
    void powWithScalarExponent(@ForAll("dims") int[] s, @ForAll long seed,
                               @ForAll("exponents") float p) {
        assertGradients(v -> v[0].pow(p), Gen.uniform(new Rng(seed), s, 0.5f, 2));
    }

    @Provide
    Arbitrary<Float> exponents() {
        return Arbitraries.of(-1.5f, -1f, 0f, 0.5f, 1f, 2f, 3f);
    }

    @Property(tries = TRIES)
    void square(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].square(), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    // ---------------------------------------------------------------- functions of one value

    @Property(tries = TRIES)
    void exp(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].exp(), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void log(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].log(), Gen.uniform(new Rng(seed), s, 0.5f, 3));
    }

    @Property(tries = TRIES)
    void sqrt(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].sqrt(), Gen.uniform(new Rng(seed), s, 0.5f, 3));
    }

    @Property(tries = TRIES)
    void abs(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].abs(), Gen.awayFromZero(new Rng(seed), s, 0.1f, 2));
    }

    @Property(tries = TRIES)
    void tanh(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].tanh(), Gen.uniform(new Rng(seed), s, -3, 3));
    }

    @Property(tries = TRIES)
    void sigmoid(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].sigmoid(), Gen.uniform(new Rng(seed), s, -4, 4));
    }

    @Property(tries = TRIES)
    void relu(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].relu(), Gen.awayFromZero(new Rng(seed), s, 0.1f, 2));
    }

    @Property(tries = TRIES)
    void leakyRelu(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].leakyRelu(0.1f), Gen.awayFromZero(new Rng(seed), s, 0.1f, 2));
    }

    @Property(tries = TRIES)
    void gelu(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].gelu(), Gen.uniform(new Rng(seed), s, -4, 4));
    }

    @Property(tries = TRIES)
    void softplus(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].softplus(), Gen.uniform(new Rng(seed), s, -6, 6));
    }

    @Property(tries = TRIES)
    void clamp(@ForAll("dims") int[] s, @ForAll long seed) {
        // values on the grid 0.05 + 0.3·k: none lies within 0.05 of either bound, some lie on each side
        assertGradients(v -> v[0].clamp(-0.5f, 0.8f), Gen.grid(new Rng(seed), s, 0.05f));
    }

    // ---------------------------------------------------------------- matrix product

    @Property(tries = 2 * TRIES)
    void matmul(@ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 4) int k,
                @ForAll @IntRange(min = 1, max = 4) int n, @ForAll boolean transA, @ForAll boolean transB,
                @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor a = Gen.uniform(r, transA ? new int[] {k, m} : new int[] {m, k}, -2, 2);
        Tensor b = Gen.uniform(r, transB ? new int[] {n, k} : new int[] {k, n}, -2, 2);
        assertGradients(v -> Variable.matmul(v[0], transA, v[1], transB), a, b);
        if (!transA && !transB) {
            assertGradients(v -> v[0].matmul(v[1]), a, b);
        }
    }
}
