package dev.descent.nn;

import dev.descent.autograd.GradCheck;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LayerNorm against its readable twin and numerical gradients; PyTorch's values are in NnExtraReferenceTest. */
class LayerNormTest {
    @TempDir
    Path dir;

    /** The readable twin: the formula over the last axis of {@code [rows, m]} in core tensor operations. */
    static Tensor reference(Tensor x, int m, Tensor gamma, Tensor beta, double eps) {
        Tensor rows = x.reshape(x.size() / m, m);
        Tensor mean = rows.mean(1, true);
        Tensor var = rows.variance(1, true, false);
        Tensor h = rows.sub(mean).div(var.add((float) eps).sqrt());
        return h.mul(gamma.reshape(m)).add(beta.reshape(m)).reshape(x.dims());
    }

    /**
     * Values whose every run of two or more consecutive elements has a spread of about 1 or more: LayerNorm divides
     * by each row's σ, so a row of nearly equal values would fail a float32 central difference for numerical reasons
     * (see {@link TestBatches#spread}).
     */
    static Tensor rowSpread(Rng rng, int... dims) {
        Tensor x = Tensor.normal(rng, 0, 0.3f, dims);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, x.getFlat(i) + 2f * (i % 3));
        }
        return x;
    }

    @Property(tries = 30)
    void forwardMatchesTheReference(@ForAll @IntRange(min = 1, max = 20) int rows,
                                    @ForAll @IntRange(min = 1, max = 40) int m, @ForAll long seed) {
        Rng rng = new Rng(seed);
        LayerNorm ln = new LayerNorm(m);
        ln.weight().value().copyFrom(Tensor.normal(rng, 1, 0.5f, m));
        ln.bias().value().copyFrom(Tensor.normal(rng, 0, 0.5f, m));
        Tensor x = Tensor.normal(rng, 3, 2, rows, m);
        Tensor y = ln.forward(x).value();
        Tensor expected = reference(x, m, ln.weight().value(), ln.bias().value(), 1e-5);
        assertTrue(y.allClose(expected, 1e-4f, 1e-4f), () -> y + " vs " + expected);
    }

    @Property(tries = 30)
    void fusedBackwardMatchesNumericalGradients(@ForAll @IntRange(min = 1, max = 3) int a,
                                                @ForAll @IntRange(min = 2, max = 3) int b,
                                                @ForAll @IntRange(min = 2, max = 4) int c,
                                                @ForAll boolean overTwoDims, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] shape = overTwoDims ? new int[] {b, c} : new int[] {c};
        Tensor x = rowSpread(rng, a, b, c);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, shape);
        Tensor beta = Tensor.normal(rng, 0, 0.5f, shape);
        GradCheck.Report r = GradCheck.check(v -> LayerNorm.apply(v[0], shape, v[1], v[2], 1e-5), x, gamma, beta);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void withoutAffineOnlyTheInputHasAGradientAndTheLayerHasNoParameters() {
        Tensor x = rowSpread(new Rng(1), 4, 5);
        GradCheck.Report r = GradCheck.check(v -> LayerNorm.apply(v[0], new int[] {5}, null, null, 1e-3), x);
        assertTrue(r.passed(), r::toString);
        LayerNorm ln = new LayerNorm(new int[] {5}, 1e-5, false);
        assertNull(ln.weight());
        assertEquals(0, ln.parameterCount());
        assertTrue(ln.stateDict().isEmpty());
    }

    @Test
    void eachRowIsNormalizedOnItsOwnTheSameInTrainingAndEvaluation() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 4);
        LayerNorm ln = new LayerNorm(4);
        Tensor train = ln.forward(x).value();
        // mean 2.5, biased variance 1.25 for the first row; ten times both for the second, so x̂ is the same
        double s = Math.sqrt(1.25 + 1e-5), s2 = Math.sqrt(125 + 1e-5);
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1 - 2.5) / s, train.get(0, i), 1e-6);
            assertEquals((10 * (i + 1) - 25) / s2, train.get(1, i), 1e-6);
        }
        ln.eval();
        assertTrue(ln.forward(x).value().sameBits(train));
        assertTrue(ln.namedBuffers().isEmpty());
    }

    @Test
    void parametersAreNamedAndInitialisedAsPyTorch() {
        LayerNorm ln = new LayerNorm(3, 4);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
        assertTrue(ln.weight().value().sameBits(Tensor.ones(3, 4)));
        assertTrue(ln.bias().value().sameBits(Tensor.zeros(3, 4)));
        assertEquals("LayerNorm((3, 4), eps=1.0E-5, elementwise_affine=True)", ln.toString());
        assertEquals("LayerNorm((5,), eps=0.001, elementwise_affine=False)",
                new LayerNorm(new int[] {5}, 1e-3, false).toString());
    }

    @Test
    void aWrongTrailingShapeIsRefusedNamingBothShapes() {
        LayerNorm ln = new LayerNorm(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ln.forward(Tensor.zeros(2, 4, 3)));
        assertTrue(e.getMessage().contains("[2, 4, 3]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> ln.outputShape(dev.descent.core.Shape.of(5, 4)));
        assertEquals(dev.descent.core.Shape.of(7, 3, 4), ln.outputShape(dev.descent.core.Shape.of(7, 3, 4)));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> LayerNorm.apply(
                Variable.constant(Tensor.zeros(2, 4)), new int[] {4}, Variable.constant(Tensor.ones(3)), null, 1e-5));
        assertTrue(w.getMessage().contains("[3]") && w.getMessage().contains("[4]"), w.getMessage());
    }

    @Test
    void nonPositiveDimensionsAndBadEpsAreRefused() {
        for (int[] shape : new int[][] {{0}, {3, -1}, {}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(shape));
            assertTrue(e.getMessage().contains(java.util.Arrays.toString(shape)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3}, -1e-5, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3}, Double.NaN, true));
    }

    @Test
    void stateRoundTripsThroughASafetensorsFile() throws IOException {
        Sequential a = new Sequential(new Linear(4, 6), new LayerNorm(6), new SiLU());
        a.namedParameters().get("1.weight").value().copyFrom(Tensor.normal(new Rng(2), 1, 0.5f, 6));
        a.namedParameters().get("1.bias").value().copyFrom(Tensor.normal(new Rng(3), 0, 0.5f, 6));
        Path f = dir.resolve("ln.safetensors");
        SafeTensors.save(a, Map.of("format", "pt"), f);
        Sequential b = new Sequential(new Linear(4, 6), new LayerNorm(6), new SiLU());
        SafeTensors.load(b, f);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(b.stateDict().keySet()));
        a.stateDict().forEach((name, t) -> assertTrue(t.sameBits(b.stateDict().get(name)), name));
        Tensor x = Tensor.normal(new Rng(4), 0, 1, 3, 4);
        assertTrue(a.forward(x).value().sameBits(b.forward(x).value()));
    }
}
