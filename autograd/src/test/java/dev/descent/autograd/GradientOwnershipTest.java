package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The backward pass writes into, or hands on, a gradient tensor it owns ({@link Grads#ownsGradOut}) instead of
 * allocating one per node: that must give the same bits as allocating, and must never touch a tensor anyone else
 * holds. The engine tells no backward that it owns a gradient in anomaly mode (which compares each gradient with
 * {@code gradOut}), so anomaly mode is the allocating reference for the engine's bookkeeping; the hand-written chain
 * rules check that each backward honours what the engine says.
 */
class GradientOwnershipTest {

    @Provide
    Arbitrary<int[][]> shapes() {
        return Gen.broadcastPair();
    }

    @Provide
    Arbitrary<int[]> programs() {
        return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofMinSize(1).ofMaxSize(14);
    }

    /**
     * Random graphs — element-wise operations on a pool of values, so values are shared by several consumers,
     * broadcast against each other and reach the loss along several paths — give the same gradient bits with the
     * owned buffers as without, and leave the seed as it was.
     */
    @Property(tries = 150)
    void handingGradientsOnGivesTheSameBitsAsAllocating(@ForAll("shapes") int[][] dims,
                                                        @ForAll("programs") int[] program, @ForAll long seed) {
        Tensor[] owned = gradients(dims, program, seed, false);
        Tensor[] allocated = gradients(dims, program, seed, true);
        for (int i = 0; i < owned.length; i++) {
            boolean same = owned[i] == null ? allocated[i] == null : owned[i].sameBits(allocated[i]); // null: unused
            assertTrue(same, "leaf " + i + ": " + owned[i] + " vs " + allocated[i]);
        }
    }

    /** The leaves' gradients of a graph that {@code program} builds, with anomaly mode as asked. */
    private static Tensor[] gradients(int[][] dims, int[] program, long seed, boolean anomaly) {
        Rng rng = new Rng(seed);
        Variable a = Variable.parameter(Gen.uniform(rng, dims[0], -1, 1));
        Variable b = Variable.parameter(Gen.uniform(rng, dims[1], -1, 1));
        List<Variable> pool = new ArrayList<>(List.of(a, b));
        for (int step : program) { // every value stays in [−1, 1], so anomaly mode never fires
            Variable x = pool.get(step % pool.size()), y = pool.get((step >> 4) % pool.size());
            pool.add(switch ((step >> 8) % 9) {
                case 0 -> x.add(y).mul(0.5f);
                case 1 -> x.sub(y).mul(0.5f);
                case 2 -> x.mul(y);
                case 3 -> x.tanh();
                case 4 -> x.sigmoid();
                case 5 -> x.neg();
                case 6 -> x.add(0.25f).mul(0.8f);
                case 7 -> x.sub(0.25f).tanh();
                default -> x.maximum(y);
            });
        }
        Variable loss = pool.get(pool.size() - 1).mul(pool.get(pool.size() / 2)).sum();
        for (int i = 0; i < pool.size(); i += 3) { // some values reach the loss once more, from above
            loss = loss.add(pool.get(i).sum().mul(0.5f));
        }
        Tensor seedGradient = Tensor.scalar(0.75f);
        Anomaly.setEnabled(anomaly);
        try {
            loss.backward(seedGradient, false);
        } finally {
            Anomaly.setEnabled(false);
        }
        assertEquals(0.75f, seedGradient.item(), "backward wrote into the caller's seed");
        return new Tensor[] {a.grad(), b.grad()};
    }

    /**
     * {@code tanh x + σ(x)}: add sends one gradient tensor to both branches, so neither may write into it — the
     * second branch to run must still read the gradient the sum gave. Checked against the chain rule by hand.
     */
    @Test
    void aGradientSentToTwoConsumersIsReadOnlyForBoth() {
        Tensor xs = Tensor.vector(0.3f, -0.7f, 1.1f);
        Variable x = Variable.parameter(xs);
        Variable t = x.tanh(), s = x.sigmoid();
        t.add(s).mul(2f).sum().backward();
        for (int i = 0; i < xs.size(); i++) {
            float ti = t.value().getFlat(i), si = s.value().getFlat(i), g = 2f;
            float expected = g * (1 - ti * ti) + g * si * (1 - si);
            assertEquals(expected, x.grad().getFlat(i), "element " + i);
        }
    }

    /**
     * The benchmark's graph, {@code y = tanh(y·w + c)} repeated: the gradient the engine finds, handing one tensor down
     * the whole chain, is bit for bit the chain rule written out by hand with the same float formulas.
     */
    @Test
    void aScalarChainGivesTheChainRuleBitForBit() {
        float w = 0.9f, c = 0.1f;
        int steps = 500;
        Variable x = Variable.parameter(Tensor.scalar(0.5f));
        Variable wv = Variable.constant(Tensor.scalar(w)), cv = Variable.constant(Tensor.scalar(c));
        float[] ys = new float[steps];
        Variable y = x;
        for (int i = 0; i < steps; i++) {
            y = y.mul(wv).add(cv).tanh();
            ys[i] = y.item();
        }
        y.backward();
        float g = 1f;
        for (int i = steps - 1; i >= 0; i--) {
            g = g * (1 - ys[i] * ys[i]); // tanh
            g = g * w;                   // add passes g on; mul by the constant w
        }
        assertEquals(Float.floatToRawIntBits(g), Float.floatToRawIntBits(x.grad().item()),
                () -> "engine " + x.grad().item() + ", by hand");
    }

    /** With ownership handed down the chain, a backward through scalars allocates no tensor per node. */
    @Test
    void aScalarChainsBackwardAllocatesNothingPerNode() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int steps = 10_000;
        Variable x = Variable.parameter(Tensor.scalar(0.5f));
        Variable w = Variable.constant(Tensor.scalar(0.9f)), c = Variable.constant(Tensor.scalar(0.1f));
        Variable y = x;
        for (int i = 0; i < steps; i++) {
            y = y.mul(w).add(c).tanh();
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        y.backward();
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        // a tensor per node would be about 48 bytes for each of the 3·steps nodes; the engine's own heap and the seed
        // are a few hundred bytes in all
        assertTrue(bytes < 3L * steps, "backward allocated " + bytes + " bytes for " + 3 * steps + " nodes");
        assertArrayEquals(new float[] {x.grad().item()}, x.grad().toArray());
    }
}
