package dev.descent.autograd;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass's bookkeeping: leaves, accumulation, aliasing, re-entry. */
class EngineTest {

    @Test
    void backwardFromALeaf() {
        Variable x = Variable.parameter(Tensor.scalar(3f));
        x.backward();
        assertEquals(1f, x.grad().item());
        Variable v = Variable.parameter(Tensor.vector(1f, 2f));
        Tensor seed = Tensor.vector(5f, 6f);
        v.backward(seed);
        seed.fill(0f);
        assertArrayEquals(new float[] {5f, 6f}, v.grad().toArray(), "the leaf must not share the seed tensor");
    }

    @Test
    void gradientsAccumulateAcrossPassesUntilZeroed() {
        Variable x = Variable.parameter(Tensor.vector(2f));
        x.mul(x).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {7f}, x.grad().toArray()); // 2x + 3
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void leavesNeverShareAGradientTensor() {
        Variable a = Variable.parameter(Tensor.vector(1f, 1f)), b = Variable.parameter(Tensor.vector(1f, 1f));
        a.add(b).sum().backward(); // add hands the same gradient tensor to both inputs
        a.grad().muli(10f); // as gradient clipping would
        assertArrayEquals(new float[] {1f, 1f}, b.grad().toArray());
    }

    @Test
    void aBackwardMayRunAnotherBackwardInsideIt() {
        Variable inner = Variable.parameter(Tensor.vector(4f));
        Variable x = Variable.parameter(Tensor.vector(1f));
        Variable y = Variable.fromOp("reentrant", x.value().copy(), (g, grads) -> {
            inner.mul(inner).sum().backward(); // a nested pass on this thread
            grads.add(0, g);
        }, x);
        y.exp().sum().backward();
        assertArrayEquals(new float[] {8f}, inner.grad().toArray());
        assertArrayEquals(new float[] {(float) Math.E}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void aWideGraphRunsEveryConsumerBeforeItsInput() {
        // 200 consumers of one value at different heights, summed pairwise: the shared value must collect all 200
        Variable x = Variable.parameter(Tensor.vector(0.5f));
        Variable total = null;
        for (int i = 0; i < 200; i++) {
            Variable term = x;
            for (int k = 0; k < i % 7; k++) {
                term = term.mul(1f);
            }
            total = total == null ? term : total.add(term);
        }
        total.sum().backward();
        assertArrayEquals(new float[] {200f}, x.grad().toArray());
    }

    @Test
    void anOperationOfThreeInputsRoutesEachItsGradient() {
        // the first two inputs are kept in fields, the rest in an array: all three must get their share
        Variable a = Variable.parameter(Tensor.vector(1f)), b = Variable.parameter(Tensor.vector(2f));
        Variable c = Variable.parameter(Tensor.vector(3f));
        Variable y = Variable.fromOp("weighted", a.value().add(b.value()).add(c.value()), (g, grads) -> {
            for (int i = 0; i < 3; i++) {
                grads.addFresh(i, g.mul(i + 1));
            }
        }, a, b, c);
        String dot = Graphs.toDot(y); // ids in post order: a, b, c, then y = v3
        for (int i = 0; i < 3; i++) {
            assertTrue(dot.contains("v" + i + " -> v3 [label=\"" + i + "\"]"), dot);
        }
        y.sum().backward();
        assertArrayEquals(new float[] {1f}, a.grad().toArray());
        assertArrayEquals(new float[] {2f}, b.grad().toArray());
        assertArrayEquals(new float[] {3f}, c.grad().toArray());
    }

    @Test
    void aBackwardThatFailsLeavesNoGradientBehind() {
        Variable x = Variable.parameter(Tensor.vector(1f));
        boolean[] failed = {false};
        Variable y = Variable.fromOp("flaky", x.value().mul(2f), (g, grads) -> {
            if (!failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("flaky");
            }
            grads.addFresh(0, g.mul(2f));
        }, x);
        Variable loss = y.sum();
        assertThrows(IllegalStateException.class,
                () -> loss.backward(Tensor.scalar(1f), true));
        loss.backward(Tensor.scalar(1f), true); // the failed pass's gradient for 'flaky' must not count again
        assertArrayEquals(new float[] {2f}, x.grad().toArray());
    }

    @Test
    void aNodeKeptAsideForTheChainStillWaitsForItsOtherConsumers() {
        // h reaches the engine twice through one node (h·h), and e then t reach it through one add: the first ready
        // input is kept aside, the second sends both to the heap, which runs the higher branch (t) first
        Variable x = Variable.parameter(Tensor.vector(0.4f));
        Variable h = x.tanh();
        Variable e = x.exp(), t = h.mul(h).neg();
        e.add(t).sum().backward();
        float hv = h.item(), expected = (float) Math.exp(0.4f) - 2 * hv * (1 - hv * hv);
        assertEquals(expected, x.grad().item(), 1e-6f);
    }
}
