package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Freezing a leaf ({@link Variable#requiresGrad(boolean)}), as PyTorch's {@code requires_grad_}. */
class FreezeTest {

    @Test
    void aLeafFreezesAndUnfreezes() {
        Variable w = Variable.parameter(Tensor.vector(1f, 2f));
        assertSame(w, w.requiresGrad(false));
        assertFalse(w.requiresGrad());
        assertTrue(w.isLeaf());
        assertSame(w, w.requiresGrad(true));
        assertTrue(w.requiresGrad());
        Variable c = Variable.constant(Tensor.vector(1f)).requiresGrad(true); // a constant may be made trainable
        c.mul(c).sum().backward();
        assertArrayEquals(new float[] {2f}, c.grad().toArray());
    }

    @Test
    void aVariableMadeByAnOperationRefusesEitherWayNamingTheOperation() {
        Variable x = Variable.parameter(Tensor.vector(1f, 2f));
        Variable y = x.tanh();
        for (boolean flag : new boolean[] {false, true}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(flag));
            assertTrue(e.getMessage().contains("'tanh'") && e.getMessage().contains("[2]")
                    && e.getMessage().contains("leaf") && e.getMessage().contains("detach()"), e.getMessage());
        }
        assertTrue(y.requiresGrad());
        Variable named = x.exp().named("hidden");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> named.requiresGrad(false));
        assertTrue(e.getMessage().contains("'hidden'") && e.getMessage().contains("'exp'"), e.getMessage());
        // a result computed from constants only is a leaf (as in PyTorch), so it can be made trainable
        Variable fromConstants = Variable.constant(Tensor.vector(3f)).exp();
        assertTrue(fromConstants.isLeaf());
        fromConstants.requiresGrad(true);
        assertTrue(fromConstants.requiresGrad());
    }

    @Test
    void operationsOnFrozenLeavesRecordNothing() {
        Variable w = Variable.parameter(Tensor.vector(1f, 2f)).requiresGrad(false);
        Variable y = w.mul(Variable.constant(Tensor.vector(3f, 4f))).exp().sum();
        assertTrue(y.isLeaf());
        assertNull(y.op());
        assertFalse(y.requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("frozen"), e.getMessage());
    }

    @Test
    void freezingKeepsTheGradientAlreadyThere() {
        Variable w = Variable.parameter(Tensor.vector(2f));
        w.mul(w).sum().backward();
        Tensor before = w.grad();
        w.requiresGrad(false);
        assertSame(before, w.grad());
        assertArrayEquals(new float[] {4f}, w.grad().toArray());
        // and nothing more arrives while frozen
        w.mul(Variable.parameter(Tensor.vector(1f))).sum().backward();
        assertArrayEquals(new float[] {4f}, w.grad().toArray());
    }

    @Test
    void frozenAfterTheForwardPassGetsNothingAndFusedBackwardsAreToldSo() {
        // PyTorch 1.13: y = (w*x).sum(); w.requires_grad_(False); y.backward() leaves w.grad None
        Variable w = Variable.parameter(Tensor.vector(1f, 2f)), x = Variable.parameter(Tensor.vector(3f, 4f));
        List<String> asked = new ArrayList<>();
        Variable y = Variable.fromOp("fused", w.value().mul(x.value()), (g, grads) -> {
            for (int i = 0; i < 2; i++) {
                asked.add(i + ":" + grads.needs(i));
                if (grads.needs(i)) {
                    grads.add(i, g.mul(grads.input(1 - i)));
                }
            }
        }, w, x);
        w.requiresGrad(false);
        y.sum().backward();
        assertEquals(List.of("0:false", "1:true"), asked);
        assertNull(w.grad());
        assertArrayEquals(new float[] {1f, 2f}, x.grad().toArray());
    }

    @Test
    void unfrozenAfterTheForwardPassGetsItsGradientFromRecordedOperations() {
        // Documented difference from PyTorch (which gives None here): the flag in force at backward decides.
        Variable w = Variable.parameter(Tensor.vector(1f, 2f)).requiresGrad(false);
        Variable x = Variable.parameter(Tensor.vector(3f, 4f));
        Variable y = w.mul(x).sum(); // recorded, because x requires a gradient
        Variable alone = w.exp().sum(); // recorded nothing: its only input was frozen
        w.requiresGrad(true);
        y.backward();
        assertArrayEquals(new float[] {3f, 4f}, w.grad().toArray());
        assertFalse(alone.requiresGrad());
    }

    @Test
    void aFrozenLeafStillPassesGradientToWhatIsUpstreamOfIt() {
        // A frozen parameter is a constant to the graph; a trainable leaf used through another path is unaffected.
        Variable w = Variable.parameter(Tensor.vector(0.5f, -1f)).requiresGrad(false);
        Variable x = Variable.parameter(Tensor.vector(2f, 3f));
        x.mul(w).tanh().add(x.square()).sum().backward();
        assertNull(w.grad());
        float[] expected = new float[2];
        for (int i = 0; i < 2; i++) {
            float wi = w.value().getFlat(i), xi = x.value().getFlat(i);
            float t = (float) Math.tanh(xi * wi);
            expected[i] = (1 - t * t) * wi + 2 * xi;
        }
        assertArrayEquals(expected, x.grad().toArray(), 1e-6f);
    }

    /**
     * Freezing any subset of the leaves of a composite expression (matmul, broadcasting multiply, tanh, square, sums)
     * changes neither the value nor, by one bit, the gradient of the leaves left trainable; the frozen ones get none.
     * No value here sums more than two contributions ({@code a} reaches the loss through the matmul and its square,
     * {@code c} through the product and its square), so the order of the sums cannot matter.
     */
    @Property(tries = 40)
    void freezingASubsetLeavesTheOthersGradientsBitIdentical(@ForAll @IntRange(min = 0, max = 7) int frozenMask,
                                                              @ForAll long seed) {
        Variable[][] runs = frozenAndUnfrozen(frozenMask, seed, v -> v.square());
        if (runs == null) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            if ((frozenMask >> i & 1) == 1) {
                assertNull(runs[1][i].grad(), "leaf " + i + " is frozen");
            } else {
                assertArrayEquals(runs[0][i].grad().toArray(), runs[1][i].grad().toArray(), "leaf " + i);
            }
        }
    }

    /**
     * With {@code c} used three times ({@code c·c} sends it two contributions), its three-term sum may be added in
     * another order once freezing {@code a} and {@code b} drops their operations from the graph (see
     * {@link Variable#requiresGrad(boolean)}): the gradient is then the same up to float rounding, not always the
     * same bits.
     */
    @Property(tries = 40)
    void aValueUsedThreeTimesGetsTheSameGradientUpToRounding(@ForAll @IntRange(min = 0, max = 7) int frozenMask,
                                                            @ForAll long seed) {
        Variable[][] runs = frozenAndUnfrozen(frozenMask, seed, v -> v.mul(v));
        if (runs == null) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            if ((frozenMask >> i & 1) == 0) {
                assertArrayEquals(runs[0][i].grad().toArray(), runs[1][i].grad().toArray(), 1e-5f, "leaf " + i);
            }
        }
    }

    /**
     * Runs {@code tanh((a·b) ⊙ c)}'s sum + Σa² + Σsquare(c) forward and backward with a [3, 4], b [4, 5], c [5] drawn
     * from {@code seed}: all trainable, then with the leaves in {@code frozenMask} frozen; returns both runs' leaves,
     * or null (after checking that nothing was recorded) when all three are frozen.
     */
    private static Variable[][] frozenAndUnfrozen(int frozenMask, long seed, UnaryOperator<Variable> square) {
        Rng rng = new Rng(seed);
        Tensor[] values = {Tensor.uniform(rng, -1, 1, 3, 4), Tensor.uniform(rng, -1, 1, 4, 5),
            Tensor.uniform(rng, -1, 1, 5)};
        Variable[][] runs = new Variable[2][];
        Variable[] outputs = new Variable[2];
        for (int r = 0; r < 2; r++) {
            Variable[] v = new Variable[values.length];
            for (int i = 0; i < values.length; i++) {
                v[i] = Variable.parameter(values[i]).requiresGrad(r == 0 || (frozenMask >> i & 1) == 0);
            }
            Variable h = v[0].matmul(v[1]).mul(v[2]).tanh();
            outputs[r] = h.sum().add(v[0].square().sum()).add(square.apply(v[2]).sum());
            runs[r] = v;
        }
        assertEquals(outputs[0].item(), outputs[1].item());
        assertEquals(frozenMask != 7, outputs[1].requiresGrad());
        if (frozenMask == 7) {
            return null;
        }
        outputs[0].backward();
        outputs[1].backward();
        return runs;
    }
}
