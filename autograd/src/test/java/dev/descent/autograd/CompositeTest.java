package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;

import static dev.descent.autograd.Gen.assertGradients;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole graphs: a network's loss, reuse, broadcasting chains, depth, no-grad scopes, memory. */
class CompositeTest {

    /** Cross-entropy of a two-layer tanh MLP, {@code −mean(Σ onehot ⊙ logSoftmax(tanh(X·W₁ + b₁)·W₂ + b₂))}. */
    private static Variable mlpLoss(Variable x, Variable w1, Variable b1, Variable w2, Variable b2, Tensor onehot) {
        Variable logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
        return logits.logSoftmax(1).maskMul(onehot).sum(1, false).mean().neg();
    }

    @Test
    void twoLayerMlpLoss() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.normal(rng, 0, 1, 4, 3);
        Tensor onehot = Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, 4, 3);
        Tensor w1 = Tensor.normal(rng, 0, 0.5f, 3, 5), b1 = Tensor.normal(rng, 0, 0.1f, 5);
        Tensor w2 = Tensor.normal(rng, 0, 0.5f, 5, 3), b2 = Tensor.normal(rng, 0, 0.1f, 3);
        // parameters only (data fixed), then the input as well
        assertGradients(v -> mlpLoss(v[0], v[1], v[2], v[3], v[4], onehot), Variable.constant(x),
                Variable.parameter(w1), Variable.parameter(b1), Variable.parameter(w2), Variable.parameter(b2));
        assertGradients(v -> mlpLoss(v[0], v[1], v[2], v[3], v[4], onehot), x, w1, b1, w2, b2);
    }

    @Test
    void aValueUsedTwiceGetsBothContributions() {
        Variable x = Variable.parameter(Tensor.vector(3f, -0.5f));
        Variable y = x.mul(x).add(x); // dy/dx = 2x + 1
        y.backward(Tensor.ones(2));
        assertArrayEquals(new float[] {7f, 0f}, x.grad().toArray());
        assertGradients(v -> v[0].mul(v[0]).add(v[0]), Tensor.vector(3f, -0.5f));
    }

    @Test
    void aDiamondWithBranchesOfDifferentDepth() {
        // a feeds a 12-operation branch and the final sum directly: its gradient must wait for both
        assertGradients(v -> {
            Variable a = v[0].exp();
            Variable deep = a;
            for (int i = 0; i < 12; i++) {
                deep = i % 2 == 0 ? deep.mul(0.9f).tanh() : deep.add(v[1]);
            }
            return deep.add(a).mul(a).sum();
        }, Tensor.vector(0.2f, -0.4f, 0.7f), Tensor.vector(0.1f, 0.3f, -0.2f));
    }

    @Test
    void aBroadcastingChain() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.normal(rng, 0, 1, 3, 1), w = Tensor.normal(rng, 0, 1, 1, 4), b = Tensor.normal(rng, 0, 1, 4);
        Tensor s = Tensor.normal(rng, 0, 1); // a rank-0 scale
        assertGradients(v -> v[0].mul(v[1]).add(v[2]).sigmoid().mul(v[3]).sub(v[2]).div(v[1].exp()).sum(0, true),
                x, w, b, s);
    }

    @Test
    void aChainOfOneMillionNodes() {
        Variable x = Variable.parameter(Tensor.scalar(0.25f));
        Variable one = Variable.constant(Tensor.scalar(1f));
        Variable y = x;
        for (int i = 0; i < 500_000; i++) {
            y = y.mul(one).add(1f); // 2 nodes per step; every value and gradient exact in float
        }
        assertEquals(500_000.25f, y.item());
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    @SuppressWarnings("try")
    void nothingIsRecordedUnderNoGrad() {
        Variable x = Variable.parameter(Tensor.vector(1f, 2f));
        Variable y;
        try (var outer = NoGrad.enter()) {
            try (var inner = NoGrad.enter()) {
                assertFalse(NoGrad.isGradEnabled());
            }
            assertFalse(NoGrad.isGradEnabled(), "closing an inner scope must not re-enable recording");
            y = x.mul(x).tanh().sum();
        }
        assertTrue(NoGrad.isGradEnabled());
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
        assertNull(y.op());
        assertEquals((float) (Math.tanh(1) + Math.tanh(4)), y.item(), 1e-6f);
        assertThrows(IllegalStateException.class, y::backward);
        assertNull(x.grad());
    }

    @Test
    void detachCutsTheGraph() {
        Variable x = Variable.parameter(Tensor.vector(2f));
        Variable y = x.mul(x).detach().mul(x); // only the last factor carries gradient: d/dx = x² = 4
        y.backward(Tensor.ones(1));
        assertArrayEquals(new float[] {4f}, x.grad().toArray());
    }

    /** A small graph whose only strong reference to its intermediate {@code hidden} is the graph itself. */
    private record Watched(Variable x, WeakReference<Variable> hidden, Variable loss) {
        static Watched build() {
            Variable x = Variable.parameter(Tensor.vector(1f, 2f, 3f));
            Variable hidden = x.tanh().mul(x);
            return new Watched(x, new WeakReference<>(hidden), hidden.exp().sum());
        }
    }

    @Test
    void intermediatesBecomeCollectableAfterBackward() {
        Watched g = Watched.build();
        g.loss().backward();
        assertTrue(collected(g.hidden()), "the intermediate is still reachable after backward");
        assertNotNull(g.x().grad());
        Reference.reachabilityFence(g.loss());
    }

    @Test
    void aRetainedGraphKeepsItsIntermediatesAndRunsTwice() {
        Watched g = Watched.build();
        g.loss().backward(Tensor.scalar(1f), true);
        Tensor first = g.x().grad().copy();
        assertFalse(collected(g.hidden()), "a retained graph lost its intermediate");
        g.loss().backward(Tensor.scalar(1f), true);
        assertTrue(g.x().grad().allClose(first.mul(2f), 1e-6f, 0f), "the second pass must add the same gradient again");
        Reference.reachabilityFence(g.loss());
    }

    @Test
    void gradientsAreTheSameBitsOnEveryRun() {
        Tensor[] first = mlpGradients(), second = mlpGradients();
        for (int i = 0; i < first.length; i++) {
            assertTrue(first[i].sameBits(second[i]), "gradient " + i + " differs between runs");
        }
    }

    private static Tensor[] mlpGradients() {
        Rng rng = new Rng(99);
        Variable x = Variable.constant(Tensor.normal(rng, 0, 1, 16, 8));
        Variable w1 = Variable.parameter(Tensor.normal(rng, 0, 0.3f, 8, 32));
        Variable b1 = Variable.parameter(Tensor.zeros(32));
        Variable w2 = Variable.parameter(Tensor.normal(rng, 0, 0.3f, 32, 4));
        Variable b2 = Variable.parameter(Tensor.zeros(4));
        Tensor onehot = Tensor.eye(4).gatherRows(0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 1, 1, 2, 2, 3, 3);
        mlpLoss(x, w1, b1, w2, b2, onehot).backward();
        return new Tensor[] {w1.grad(), b1.grad(), w2.grad(), b2.grad()};
    }

    /** Whether {@code ref} is cleared within a few collections. */
    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ref.get() == null;
    }
}
