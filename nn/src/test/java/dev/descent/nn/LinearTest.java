package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearTest {

    /** The readable twin of the fused forward pass: y[i][o] = Σₖ x[i][k]·W[o][k] + b[o], in double. */
    static Tensor reference(Tensor x, Tensor w, Tensor b) {
        int n = x.dim(0), in = w.dim(1), out = w.dim(0);
        Tensor y = Tensor.zeros(n, out);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = b != null ? b.get(o) : 0;
                for (int k = 0; k < in; k++) {
                    s += (double) x.get(i, k) * w.get(o, k);
                }
                y.set((float) s, i, o);
            }
        }
        return y;
    }

    @Property(tries = 40)
    void forwardMatchesTheReference(@ForAll @IntRange(min = 1, max = 9) int n,
                                    @ForAll @IntRange(min = 1, max = 40) int in,
                                    @ForAll @IntRange(min = 1, max = 40) int out,
                                    @ForAll boolean bias, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Linear layer = new Linear(in, out, bias, WeightInit.PYTORCH_DEFAULT, rng);
        Tensor x = Tensor.normal(rng, 0, 1, n, in);
        Tensor y = layer.forward(x).value();
        Tensor expected = reference(x, layer.weight().value(), bias ? layer.bias().value() : null);
        assertTrue(y.allClose(expected, 1e-5f, 1e-5f), () -> y + " vs " + expected);
    }

    @Property(tries = 25)
    void fusedBackwardMatchesNumericalGradients(@ForAll @IntRange(min = 1, max = 5) int n,
                                                @ForAll @IntRange(min = 1, max = 5) int in,
                                                @ForAll @IntRange(min = 1, max = 5) int out,
                                                @ForAll boolean bias, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, n, in);
        Tensor w = Tensor.normal(rng, 0, 1, out, in);
        Tensor b = Tensor.normal(rng, 0, 1, out);
        GradCheck.Report r = bias
                ? GradCheck.check(v -> Linear.apply(v[0], v[1], v[2]), x, w, b)
                : GradCheck.check(v -> Linear.apply(v[0], v[1], null), x, w);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void higherRankInputsMapTheLastDimension() {
        Rng rng = new Rng(4);
        Linear layer = new Linear(3, 2, true, WeightInit.PYTORCH_DEFAULT, rng);
        Tensor x = Tensor.normal(rng, 0, 1, 2, 4, 3);
        Variable y = layer.forward(x);
        assertEquals(Shape.of(2, 4, 2), y.shape());
        Tensor flat = reference(x.reshape(8, 3), layer.weight().value(), layer.bias().value());
        assertTrue(y.value().reshape(8, 2).allClose(flat, 1e-5f, 1e-6f));
        GradCheck.Report r = GradCheck.check(v -> Linear.apply(v[0], v[1], v[2]), x, layer.weight().value(),
                layer.bias().value());
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void aConstantInputGetsNoGradientButTheParametersDo() {
        Linear layer = new Linear(3, 2, true, WeightInit.PYTORCH_DEFAULT, new Rng(1));
        Variable x = Variable.constant(Tensor.normal(new Rng(2), 0, 1, 4, 3));
        layer.forward(x).backward(Tensor.full(1f / 8, 4, 2)); // the gradient of mean(y)
        assertNull(x.grad());
        assertNotNull(layer.weight().grad());
        assertNotNull(layer.bias().grad());
        // ∂mean(y)/∂b = 1/out for each output, summed over the N rows then divided by N·out.
        assertTrue(layer.bias().grad().allClose(Tensor.full(0.5f, 2), 1e-6f, 1e-7f));
    }

    @Test
    void selectableSchemesDrawFromTheirDistributions() {
        int in = 300, out = 200;
        SampleMoments.assertUniform(weight(WeightInit.XAVIER_UNIFORM, in, out), Math.sqrt(6.0 / (in + out)),
                "xavier uniform");
        SampleMoments.assertNormal(weight(WeightInit.XAVIER_NORMAL, in, out), Math.sqrt(2.0 / (in + out)),
                "xavier normal");
        SampleMoments.assertUniform(weight(WeightInit.HE_UNIFORM, in, out), Math.sqrt(6.0 / in), "he uniform");
        SampleMoments.assertNormal(weight(WeightInit.HE_NORMAL, in, out), Math.sqrt(2.0 / in), "he normal");
    }

    /** The weight of a fresh layer initialized by {@code init}, after checking that its bias is 0. */
    private static Tensor weight(WeightInit init, int in, int out) {
        Linear layer = new Linear(in, out, true, init, new Rng(5));
        assertEquals(0f, layer.bias().value().abs().max(), init.name());
        return layer.weight().value();
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = new Linear(5, 4, true, WeightInit.HE_NORMAL, new Rng(11)).weight().value();
        Tensor b = new Linear(5, 4, true, WeightInit.HE_NORMAL, new Rng(11)).weight().value();
        Tensor c = new Linear(5, 4, true, WeightInit.HE_NORMAL, new Rng(12)).weight().value();
        assertTrue(a.sameBits(b));
        assertTrue(!a.sameBits(c));
    }

    @Test
    void wrongInputWidthIsNamed() {
        Linear layer = new Linear(12, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(8, 13)));
        assertTrue(e.getMessage().contains("[8, 13]") && e.getMessage().contains("12"), e.getMessage());
        assertEquals("Linear(in_features=12, out_features=16, bias=True)", layer.toString());
    }
}
