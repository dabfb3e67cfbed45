package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.io.SafeTensors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Freezing parameters ({@link Module#requiresGrad(boolean)}): gradients, counts, the summary, weight files. */
class FreezeTest {
    @TempDir
    Path dir;

    /**
     * A stack with every fused layer that has parameters — Linear, BatchNorm1d, LayerNorm — with all parameters
     * drawn from {@code seed} (γ away from 1, β away from 0, so that every gradient path carries weight).
     */
    private static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        Sequential m = new Sequential(new Linear(5, 4, true, WeightInit.PYTORCH_DEFAULT, rng), new BatchNorm1d(4),
                new ReLU(), new Linear(4, 6, true, WeightInit.PYTORCH_DEFAULT, rng), new LayerNorm(6),
                new Linear(6, 3, false, WeightInit.PYTORCH_DEFAULT, rng));
        for (Variable p : m.parameters()) {
            p.value().copyFrom(Tensor.uniform(rng, -1, 1, p.shape().dims()).add(p.name().equals("1.weight")
                    || p.name().equals("4.weight") ? 1f : 0f));
        }
        return m;
    }

    /** One forward and backward of {@code m} on a batch that requires a gradient; returns the batch. */
    private static Variable run(Module m, long seed) {
        return run(m, seed, true);
    }

    /** One forward and backward of {@code m} on a batch (data, or requiring a gradient); returns the batch. */
    private static Variable run(Module m, long seed, boolean inputRequiresGrad) {
        Rng rng = new Rng(seed ^ 0x5EED);
        Variable x = Variable.leaf(Tensor.normal(rng, 0, 1, 8, 5), inputRequiresGrad);
        Variable y = m.forward(x);
        if (y.requiresGrad()) {
            y.backward(Tensor.normal(rng, 0, 1, 8, 3));
        }
        return x;
    }

    @Test
    void requiresGradReachesEveryParameterOfEveryDescendant() {
        Sequential m = model(1);
        assertSame(m, m.requiresGrad(false));
        m.parameters().forEach(p -> assertFalse(p.requiresGrad(), p.name()));
        assertEquals(0, m.trainableParameterCount());
        assertEquals(24 + 8 + 30 + 12 + 18, m.parameterCount(), "frozen parameters are still parameters");
        m.get(3).requiresGrad(true);
        assertEquals(30, m.trainableParameterCount());
        assertEquals(List.of("3.weight", "3.bias"), m.parameters().stream().filter(Variable::requiresGrad)
                .map(Variable::name).toList());
    }

    @Test
    void aSharedParameterIsFrozenWhereverItIsUsed() {
        Linear shared = new Linear(3, 3);
        Sequential m = new Sequential(shared, new ReLU(), shared);
        new Sequential(shared).requiresGrad(false);
        assertEquals(0, m.trainableParameterCount());
        assertEquals(12, m.parameterCount());
    }

    @Test
    void aFrozenLinearWeightGetsNoGradientWhileItsInputAndBiasGetTheSameBitsAsUnfrozen() {
        Linear reference = (Linear) model(7).get(0);
        Variable xr = Variable.parameter(Tensor.normal(new Rng(3), 0, 1, 8, 5));
        reference.forward(xr).sum().backward();
        Linear frozen = (Linear) model(7).get(0);
        frozen.weight().requiresGrad(false);
        Variable x = Variable.parameter(Tensor.normal(new Rng(3), 0, 1, 8, 5));
        Variable y = frozen.forward(x);
        assertEquals("linear", y.op(), "the input and bias still require a gradient");
        y.sum().backward();
        assertNull(frozen.weight().grad());
        assertArrayEquals(reference.bias().grad().toArray(), frozen.bias().grad().toArray());
        assertArrayEquals(xr.grad().toArray(), x.grad().toArray());
    }

    @Test
    void aFullyFrozenLayerOnDataRecordsNoGraph() {
        Sequential m = model(2);
        m.requiresGrad(false);
        Variable y = m.forward(Tensor.normal(new Rng(4), 0, 1, 8, 5));
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
    }

    /**
     * Any subset of the parameters frozen — each fused layer asked to skip some of its gradients — leaves the running
     * statistics and every other gradient (the input's too, when it requires one) bit-identical to the unfrozen
     * run's, and the frozen parameters without a gradient. On a data batch, frozen leading layers record nothing.
     */
    @Property(tries = 30)
    void freezingAnySubsetChangesNoOtherGradientByABit(@ForAll @IntRange(min = 0, max = 511) int frozenMask,
                                                       @ForAll boolean inputRequiresGrad, @ForAll long seed) {
        Sequential reference = model(seed);
        Variable xr = run(reference, seed, inputRequiresGrad);
        Sequential m = model(seed);
        List<Variable> params = m.parameters();
        assertEquals(9, params.size());
        for (int i = 0; i < params.size(); i++) {
            params.get(i).requiresGrad((frozenMask >> i & 1) == 0);
        }
        Variable x = run(m, seed, inputRequiresGrad);
        if (inputRequiresGrad) {
            assertArrayEquals(xr.grad().toArray(), x.grad().toArray(), "gradient of the input");
        }
        List<Variable> expected = reference.parameters();
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (p.requiresGrad()) {
                assertArrayEquals(expected.get(i).grad().toArray(), p.grad().toArray(), p.name());
            } else {
                assertNull(p.grad(), p.name());
            }
        }
        reference.namedBuffers().forEach((name, b) ->
                assertArrayEquals(b.toArray(), m.namedBuffers().get(name).toArray(), name));
    }

    @Test
    void theSummaryCountsFrozenParametersAsNonTrainableAndSaysWhichLayersTrain() {
        Sequential m = ModuleTest.mlp();
        String unfrozen = m.summary(128, 784);
        assertFalse(unfrozen.contains("Trainable   ") || unfrozen.lines().findFirst().orElseThrow()
                .contains("Trainable"), "no Trainable column while nothing is frozen:\n" + unfrozen);
        m.get(0).requiresGrad(false);
        ((Linear) m.get(4)).weight().requiresGrad(false);
        String s = m.summary(128, 784);
        String[] lines = s.split("\\R");
        assertEquals(List.of("Layer (type)", "Output Shape", "Param #", "Trainable"), cells(lines[0]));
        assertEquals(List.of("0 (Linear)", "[128, 256]", "200,960", "N"), cells(lines[2]));
        assertEquals(List.of("1 (BatchNorm1d)", "[128, 256]", "1,024", "Y"), cells(lines[3]));
        assertEquals(List.of("2 (ReLU)", "[128, 256]", "0", "-"), cells(lines[4]));
        assertEquals(List.of("4 (Linear)", "[128, 128]", "32,896", "partly"), cells(lines[6]));
        assertEquals(List.of("6 (Linear)", "[128, 10]", "1,290", "Y"), cells(lines[8]));
        long trainable = 235_658 - 200_960 - 256 * 128;
        assertEquals(trainable, m.trainableParameterCount());
        assertTrue(s.contains("Total params: 236,170"), s);
        assertTrue(s.contains(String.format("Trainable params: %,d", trainable)), s);
        assertTrue(s.contains(String.format("Non-trainable params: %,d", 236_170 - trainable)), s);
        for (String line : lines) {
            assertEquals(line.stripTrailing(), line, "no trailing blanks");
        }
        m.requiresGrad(true);
        assertEquals(unfrozen, m.summary(128, 784), "unfreezing restores the table");
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split("\\s{3,}"));
    }

    @Test
    void frozenParametersSaveAndLoadExactlyAsBefore() throws IOException {
        Sequential trained = model(5);
        run(trained, 5); // moves BatchNorm's running statistics
        trained.get(0).requiresGrad(false);
        Path file = dir.resolve("frozen.safetensors");
        SafeTensors.save(trained, Map.of(), file);
        Sequential unfrozenCopy = model(6);
        Sequential frozenCopy = model(6);
        frozenCopy.requiresGrad(false);
        SafeTensors.load(unfrozenCopy, file);
        SafeTensors.load(frozenCopy, file);
        frozenCopy.loadStateDict(trained.stateDict());
        for (Sequential copy : List.of(unfrozenCopy, frozenCopy)) {
            assertEquals(trained.stateDict().keySet(), copy.stateDict().keySet());
            trained.stateDict().forEach((name, t) ->
                    assertArrayEquals(t.toArray(), copy.stateDict().get(name).toArray(), name));
        }
        // loading moves values, never flags
        assertEquals(unfrozenCopy.parameterCount(), unfrozenCopy.trainableParameterCount());
        assertEquals(0, frozenCopy.trainableParameterCount());
        List<String> names = new ArrayList<>(trained.namedParameters().keySet());
        assertEquals(List.of("0.weight", "0.bias"), names.stream()
                .filter(n -> !trained.namedParameters().get(n).requiresGrad()).toList());
    }
}
