package dev.descent.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays nn-init.json (written by {@code src/test/python/make_nn_init.py} with PyTorch 1.13): every initializer's
 * bound or standard deviation must be PyTorch's to 10⁻¹² relative, and the samples Descent draws with it must follow
 * that distribution ({@link SampleMoments}).
 */
class InitReferenceTest {
    private static final JsonNode REF = TorchJson.read("/nn-init.json");
    private static final double EXACT = 1e-12;

    private static Shape shape(JsonNode node) {
        return Shape.of(TorchJson.ints(node.get("shape")));
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, EXACT * Math.abs(expected), what);
    }

    @Test
    void gainIsCalculateGain() {
        for (JsonNode c : REF.get("gain")) {
            String name = c.get("nonlinearity").asText();
            double gain = c.has("param") ? Init.gain(name, c.get("param").asDouble()) : Init.gain(name);
            assertRelative(c.get("gain").asDouble(), gain, c.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Init.gain("softplus"));
    }

    @Test
    void fansAreTorchs() {
        for (JsonNode c : REF.get("fans")) {
            Shape s = shape(c);
            assertEquals(c.get("fan_in").asInt(), Init.fanIn(s), c.toString());
            assertEquals(c.get("fan_out").asInt(), Init.fanOut(s), c.toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Shape.of(5)));
        assertTrue(e.getMessage().contains("[5]"), e.getMessage());
    }

    @Test
    void xavierBoundsAndStdsAreTorchs() {
        for (JsonNode c : REF.get("xavier")) {
            Shape s = shape(c);
            double gain = c.get("gain").asDouble();
            double bound = c.get("uniform_bound").asDouble(), std = c.get("normal_std").asDouble();
            assertRelative(bound, Init.xavierUniformBound(s, gain), c.toString());
            assertRelative(std, Init.xavierNormalStd(s, gain), c.toString());
            if (s.size() > 10_000) {
                SampleMoments.assertUniform(Init.xavierUniform(Tensor.zeros(s), gain, new Rng(1)), bound, "xavier uniform " + c);
                SampleMoments.assertNormal(Init.xavierNormal(Tensor.zeros(s), gain, new Rng(2)), std, "xavier normal " + c);
            }
        }
    }

    @Test
    void kaimingBoundsAndStdsAreTorchs() {
        for (JsonNode c : REF.get("kaiming")) {
            Shape s = shape(c);
            double a = c.get("a").asDouble();
            Init.FanMode mode = Init.FanMode.valueOf(c.get("mode").asText().toUpperCase());
            String nl = c.get("nonlinearity").asText();
            if (c.get("uniform_bound").isNull()) { // PyTorch leaves a zero-element tensor alone, drawing nothing
                Rng rng = new Rng(3);
                Init.kaimingUniform(Tensor.zeros(s), a, mode, nl, rng);
                Init.kaimingNormal(Tensor.zeros(s), a, mode, nl, rng);
                assertEquals(new Rng(3).nextLong(), rng.nextLong(), "no draw for " + c);
                continue;
            }
            double bound = c.get("uniform_bound").asDouble(), std = c.get("normal_std").asDouble();
            assertRelative(bound, Init.kaimingUniformBound(s, a, mode, nl), c.toString());
            assertRelative(std, Init.kaimingNormalStd(s, a, mode, nl), c.toString());
            if (s.size() > 10_000) {
                SampleMoments.assertUniform(Init.kaimingUniform(Tensor.zeros(s), a, mode, nl, new Rng(4)), bound, "uniform " + c);
                SampleMoments.assertNormal(Init.kaimingNormal(Tensor.zeros(s), a, mode, nl, new Rng(5)), std, "normal " + c);
            }
        }
    }

    @Test
    void linearDefaultInitIsResetParameters() {
        for (JsonNode c : REF.get("linear")) {
            int in = c.get("in").asInt(), out = c.get("out").asInt();
            double weightBound = c.get("weight_bound").asDouble(), biasBound = c.get("bias_bound").asDouble();
            Shape w = Shape.of(out, in);
            assertRelative(weightBound, Init.kaimingUniformBound(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu"),
                    c.toString());
            assertRelative(biasBound, Init.linearBiasBound(w), c.toString());
            Linear layer = new Linear(in, out, true, WeightInit.PYTORCH_DEFAULT, new Rng(in * 31L + out));
            Tensor weight = layer.weight().value(), bias = layer.bias().value();
            if (weight.size() > 10_000) {
                SampleMoments.assertUniform(weight, weightBound, "weight of " + c);
            } else {
                assertTrue(weight.abs().max() <= (float) weightBound, "weight of " + c);
            }
            assertTrue(bias.abs().max() <= (float) biasBound, "bias of " + c);
        }
    }

    @Test
    void linearDrawsTheWeightThenTheBiasFromItsGenerator() {
        Rng rng = new Rng(8);
        Tensor w = Init.kaimingUniform(Tensor.zeros(3, 4), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", rng);
        Tensor b = Init.uniform(Tensor.zeros(3), -0.5, 0.5, rng);
        Linear layer = new Linear(4, 3, true, WeightInit.PYTORCH_DEFAULT, new Rng(8));
        assertTrue(w.sameBits(layer.weight().value()));
        assertTrue(b.sameBits(layer.bias().value()));
    }

    @Test
    void batchNormStartsAsTorchs() {
        JsonNode ref = REF.get("batchnorm");
        int features = ref.get("features").asInt();
        Map<String, Tensor> state = new BatchNorm1d(features).stateDict();
        assertEquals(ref.get("state").size(), state.size(), state.keySet().toString());
        ref.get("state").fields().forEachRemaining(e -> {
            Tensor actual = state.get(e.getKey());
            Tensor expected = TorchJson.values(e.getValue(), actual.shape());
            assertTrue(actual.sameBits(expected), e.getKey() + ": " + actual + " vs " + expected);
        });
    }

    @Test
    void truncNormalHasTheTruncatedMoments() {
        for (JsonNode c : REF.get("trunc_normal")) {
            double mean = c.get("mean").asDouble(), std = c.get("std").asDouble();
            double a = c.get("a").asDouble(), b = c.get("b").asDouble();
            Tensor t = Init.truncNormal(Tensor.zeros(200, 100), mean, std, a, b, new Rng(6));
            assertTrue(t.min() >= (float) a && t.max() <= (float) b, c.toString());
            double var = c.get("moments").get(1).asDouble();
            // Truncation only lightens a normal's tails, so its kurtosis is at most the normal's 3: μ₄ ≤ 3σ⁴.
            SampleMoments.assertDrawnFrom(t, c.get("moments").get(0).asDouble(), var, 3 * var * var, c.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(Tensor.zeros(2), 0, 1, 1, 1, new Rng(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.truncNormal(Tensor.zeros(2), 0, 1, 40, 41, new Rng(0)));
        assertTrue(e.getMessage().contains("[40.0, 41.0]"), e.getMessage());
    }

    @Test
    void orthogonalIsTorchsForTheSameGaussianMatrix() {
        for (JsonNode c : REF.get("orthogonal")) {
            Shape s = shape(c);
            int rows = s.dim(0), cols = s.size() / rows;
            double gain = c.get("gain").asDouble();
            double[] gaussian = doubles(c.get("gaussian"));
            double[] q = Orthonormal.semiOrthogonal(gaussian, rows, cols);
            double[] expected = doubles(c.get("expected"));
            for (int i = 0; i < q.length; i++) {
                assertEquals(expected[i], gain * q[i], 1e-12, c.get("shape") + " gain " + gain + " at " + i);
            }
        }
    }

    @Test
    void orthogonalSamplesAreOrthogonalTimesTheGain() {
        for (int[] dims : new int[][] {{30, 50}, {50, 30}, {4, 3, 5}, {20, 1}}) {
            Tensor w = Init.orthogonal(Tensor.zeros(dims), 1.5, new Rng(7));
            int rows = dims[0], cols = w.size() / rows;
            Tensor m = w.reshape(rows, cols);
            Tensor gram = rows >= cols ? Tensor.matmul(m, true, m, false) : Tensor.matmul(m, false, m, true);
            Tensor expected = Tensor.eye(Math.min(rows, cols)).mul(2.25f);
            assertTrue(gram.allClose(expected, 1e-5f, 1e-5f), () -> java.util.Arrays.toString(dims) + ": " + gram);
        }
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(Tensor.zeros(4), 1, new Rng(0)));
    }

    @Test
    void eyeAndConstantsAreTorchs() {
        for (JsonNode c : REF.get("eye")) {
            Tensor w = Init.eye(Tensor.full(7f, TorchJson.ints(c.get("shape"))));
            assertTrue(w.sameBits(TorchJson.values(c.get("expected"), w.shape())), c.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Init.eye(Tensor.zeros(2, 2, 2)));
        assertArrayEquals(new float[] {0.25f, 0.25f}, Init.constant(Tensor.zeros(2), 0.25).toArray());
        assertArrayEquals(new float[] {1f, 1f}, Init.ones(Tensor.zeros(2)).toArray());
        assertArrayEquals(new float[] {0f, 0f}, Init.zeros(Tensor.ones(2)).toArray());
    }

    @Test
    void plainUniformAndNormalHaveTheirMoments() {
        Tensor u = Init.uniform(Tensor.zeros(200, 100), 1, 3, new Rng(9));
        assertTrue(u.min() >= 1f && u.max() <= 3f);
        SampleMoments.assertDrawnFrom(u, 2, 1.0 / 3, 1.0 / 5, "U(1, 3)");
        Tensor n = Init.normal(Tensor.zeros(200, 100), -1, 0.5, new Rng(10));
        SampleMoments.assertDrawnFrom(n, -1, 0.25, 3 * 0.0625, "N(−1, 0.25)");
    }

    private static double[] doubles(JsonNode list) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asDouble();
        }
        return v;
    }
}
