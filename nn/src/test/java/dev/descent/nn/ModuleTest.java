package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {

    /** The reference model of the train issue: 784-256 (BatchNorm, ReLU, Dropout) - 128 (ReLU) - 10. */
    static Sequential mlp() {
        Rng rng = new Rng(1);
        return new Sequential(
                new Linear(784, 256, true, WeightInit.PYTORCH_DEFAULT, rng), new BatchNorm1d(256), new ReLU(),
                new Dropout(0.2, rng.split()),
                new Linear(256, 128, true, WeightInit.PYTORCH_DEFAULT, rng), new ReLU(),
                new Linear(128, 10, true, WeightInit.PYTORCH_DEFAULT, rng));
    }

    @Test
    void stateDictNamesAndOrderArePyTorchs() {
        Sequential m = mlp();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                        "1.num_batches_tracked", "4.weight", "4.bias", "6.weight", "6.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias", "6.weight", "6.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(m.namedBuffers().keySet()));
        // Parameters carry their state-dict names, for messages and graphs.
        m.namedParameters().forEach((name, p) -> assertEquals(name, p.name()));
        assertEquals(StateEntry.Kind.INTEGER_BUFFER, m.stateEntries().get("1.num_batches_tracked").kind());
    }

    @Test
    void nestedModulesGetDottedNames() {
        Sequential inner = new Sequential(new Linear(3, 3), new BatchNorm1d(3));
        Sequential outer = new Sequential(new Linear(2, 3), inner);
        assertEquals(List.of("0.weight", "0.bias", "1.0.weight", "1.0.bias", "1.1.weight", "1.1.bias",
                "1.1.running_mean", "1.1.running_var", "1.1.num_batches_tracked"),
                List.copyOf(outer.stateDict().keySet()));
        assertEquals("1.0.weight", outer.namedParameters().get("1.0.weight").name());
        assertEquals(List.of("", "0", "1", "1.0", "1.1"), List.copyOf(outer.namedModules().keySet()));
    }

    @Test
    void parametersAreOrderedAndSharedOnesCountOnce() {
        Linear shared = new Linear(4, 4);
        Sequential m = new Sequential(shared, new ReLU(), shared);
        assertEquals(2, m.parameters().size());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(20, m.parameterCount());
    }

    @Test
    void parameterAndBufferCounts() {
        Sequential m = mlp();
        long expected = 784 * 256 + 256 + 2 * 256 + 256 * 128 + 128 + 128 * 10 + 10;
        assertEquals(expected, m.parameterCount());
        assertEquals(2 * 256, m.bufferCount());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential m = mlp();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
        m.eval();
        assertTrue(m.namedModules().values().stream().noneMatch(Module::isTraining));
        m.train();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Sequential m = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        m.forward(Tensor.normal(new Rng(1), 0, 1, 4, 3)).square().sum().backward();
        m.parameters().forEach(p -> assertNotNull(p.grad(), p.name()));
        m.zeroGrad();
        m.parameters().forEach(p -> assertNull(p.grad(), p.name()));
    }

    @Test
    void summaryListsLayersShapesAndTotals() {
        String s = mlp().summary(128, 784);
        String[] lines = s.split("\\R");
        assertTrue(lines[0].startsWith("Layer (type)") && lines[0].contains("Output Shape")
                && lines[0].contains("Param #"), s);
        assertRow(lines[2], "0 (Linear)", "[128, 256]", "200,960");
        assertRow(lines[3], "1 (BatchNorm1d)", "[128, 256]", "1,024");
        assertRow(lines[4], "2 (ReLU)", "[128, 256]", "0");
        assertRow(lines[5], "3 (Dropout)", "[128, 256]", "0");
        assertRow(lines[6], "4 (Linear)", "[128, 128]", "32,896");
        assertRow(lines[8], "6 (Linear)", "[128, 10]", "1,290");
        assertTrue(s.contains("Total params: 236,170"), s);
        assertTrue(s.contains("Trainable params: 235,658"), s);
        assertTrue(s.contains("Non-trainable params: 512"), s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp().summary(128, 785));
        assertTrue(e.getMessage().contains("0 (Linear)") && e.getMessage().contains("[128, 785]"), e.getMessage());
    }

    private static void assertRow(String line, String layer, String shape, String params) {
        String[] cells = line.trim().split("\\s{3,}");
        assertEquals(List.of(layer, shape, params), List.of(cells), line);
    }

    @Test
    void reprLooksLikePyTorchs() {
        Sequential m = new Sequential(new Linear(4, 3, false), new LeakyReLU(0.2), new Dropout(0.5, 1));
        assertEquals("Sequential(\n"
                + "  (0): Linear(in_features=4, out_features=3, bias=False)\n"
                + "  (1): LeakyReLU(negative_slope=0.2)\n"
                + "  (2): Dropout(p=0.5)\n"
                + ")", m.toString());
    }

    @Test
    void loadStateDictValidatesEverythingFirstAndReportsAllProblems() {
        Sequential a = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        Map<String, Tensor> before = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> before.put(k, v.copy()));
        Map<String, Tensor> bad = new LinkedHashMap<>();
        new Sequential(new Linear(3, 2), new BatchNorm1d(2)).stateDict().forEach((k, v) -> bad.put(k, v.add(1f)));
        bad.put("0.weight", Tensor.zeros(2, 4));
        bad.remove("1.running_var");
        bad.put("2.weight", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(bad));
        for (String fragment : new String[] {"3 problems", "shape of 0.weight is [2, 4] but the module's is [2, 3]",
            "missing 1.running_var", "unexpected 2.weight"}) {
            assertTrue(e.getMessage().contains(fragment), () -> fragment + " not in " + e.getMessage());
        }
        a.stateDict().forEach((k, v) -> assertTrue(before.get(k).sameBits(v), k + " changed"));

        // Non-strict: names may be missing or extra, shapes must still fit.
        bad.put("0.weight", Tensor.full(7f, 2, 3));
        List<String> missing = a.loadStateDict(bad, false);
        assertEquals(List.of("1.running_var"), missing);
        assertEquals(7f, a.stateDict().get("0.weight").max());
        assertTrue(a.stateDict().get("1.running_var").sameBits(before.get("1.running_var")));
    }

    @Test
    void loadStateDictRefusesValuesThatWouldTurnOutputsNaN() {
        Sequential a = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        Map<String, Tensor> before = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> before.put(k, v.copy()));
        Map<String, Tensor> bad = new LinkedHashMap<>(before);
        Tensor w = Tensor.zeros(2, 3);
        w.setFlat(4, Float.NaN);
        bad.put("0.weight", w);
        bad.put("0.bias", Tensor.of(new float[] {0, Float.NEGATIVE_INFINITY}, 2));
        bad.put("1.running_var", Tensor.of(new float[] {1, -0.5f}, 2));
        bad.put("1.num_batches_tracked", Tensor.scalar(2.5f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(bad));
        assertEquals("state does not fit Sequential: 4 problems"
                + "\n  - value of 0.weight is NaN at flat index 4"
                + "\n  - value of 0.bias is -Infinity at flat index 1"
                + "\n  - value of 1.running_var is -0.5 at flat index 1; a variance cannot be negative"
                + "\n  - value of 1.num_batches_tracked is 2.5 at flat index 0; a batch count is a whole number ≥ 0",
                e.getMessage());
        a.stateDict().forEach((k, v) -> assertTrue(before.get(k).sameBits(v), k + " changed"));
    }

    @Test
    void registrationRejectsBadOrDuplicateNames() {
        Module m = new Module() {
            {
                registerParameter("w", Tensor.zeros(1));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("w", Tensor.zeros(1)));
                assertThrows(IllegalArgumentException.class, () -> registerBuffer("w", Tensor.zeros(1)));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("a.b", Tensor.zeros(1)));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("", Tensor.zeros(1)));
            }

            @Override
            public Variable forward(Variable input) {
                return input;
            }
        };
        assertEquals(Shape.of(2, 3), m.outputShape(Shape.of(2, 3)));
        assertFalse(m.namedParameters().isEmpty());
    }
}
