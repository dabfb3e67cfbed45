package dev.descent.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.autograd.NoGrad;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.MSELoss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays the networks of {@code nn-pytorch.json} (computed by PyTorch in float64): one training-mode pass with the
 * loss and the regularization, backward, then an eval-mode pass. Everything PyTorch reports must agree.
 *
 * <p><b>Tolerance.</b> Descent computes in float32, so each value may differ from the float64 reference by a few
 * rounding errors of the quantities it was computed from. That is 10⁻⁴ relative for values of ordinary size (the
 * README's bound). A value near zero, though, is usually a sum of terms of order 1 that nearly cancel — a gradient
 * component through BatchNorm, whose backward subtracts two means, is the typical case — and its float32 error is
 * then a few ulps of those terms (2⁻²⁴ ≈ 6·10⁻⁸ each), not of the small result. So each element must satisfy
 * {@code |a − e| ≤ 1e-4·|e| + 1e-6·max(1, max|E|)}: the absolute floor is about 16 ulps of the largest element of
 * the same tensor (or of 1), far below any real error (a wrong term would be off by the term's size).
 *
 * <p>Without the floor two checks fail, both for that reason: the gradient of a Linear bias that feeds BatchNorm is
 * exactly 0 (normalization removes any shift), which float64 reproduces and float32 leaves at ±4·10⁻⁹; and a
 * first-layer weight gradient of 1.24·10⁻⁵, the sum of terms a thousand times larger, is off by 5·10⁻⁴ relative. With
 * it every value is within 3 % of its tolerance.
 */
class PyTorchReferenceTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL_SCALE = 1e-6;

    @TestFactory
    List<DynamicTest> everyCaseAgreesWithPyTorch() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/nn-pytorch.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
        }
        assertEquals(5, tests.size());
        return tests;
    }

    private static void replay(JsonNode c) {
        Sequential model = build(c.get("layers"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> state.put(name, values(c.get("parameters").get(name), t.shape())));
        model.loadStateDict(state);

        Variable x = Variable.parameter(values(c.get("input")));
        Variable out = model.forward(x);
        JsonNode e = c.get("expected");
        check("output (training mode)", out.value(), values(e.get("output_train_mode"), out.shape()));

        Variable dataLoss = loss(c, out);
        JsonNode reg = c.get("regularization");
        Regularization r = Regularization.of(reg.get("l1_on_linear_weights").asDouble(),
                reg.get("l2_on_linear_weights").asDouble());
        Variable total = r.addTo(dataLoss, model);
        check("data loss", dataLoss.value(), Tensor.scalar((float) e.get("data_loss").asDouble()));
        check("total loss", total.value(), Tensor.scalar((float) e.get("total_loss").asDouble()));

        total.backward();
        check("gradient of the input", x.grad(), values(e.get("grad_input"), x.shape()));
        Map<String, Variable> params = model.namedParameters();
        JsonNode grads = e.get("grad");
        assertEquals(params.size(), grads.size(), "parameters with gradients");
        params.forEach((name, p) -> check("gradient of " + name, p.grad(), values(grads.get(name), p.shape())));

        JsonNode buffers = e.get("buffers_after_forward");
        Map<String, Tensor> own = model.namedBuffers();
        assertEquals(own.size(), buffers.size(), "buffers");
        own.forEach((name, b) -> check("buffer " + name, b, values(buffers.get(name), b.shape())));

        model.eval();
        try (var scope = NoGrad.enter()) {
            Tensor evalOut = model.forward(x.value()).value();
            check("output (eval mode)", evalOut, values(e.get("output_eval_mode"), evalOut.shape()));
        }
    }

    private static Sequential build(JsonNode layers) {
        Sequential s = new Sequential();
        for (JsonNode l : layers) {
            String kind = l.get(0).asText();
            s.add(switch (kind) {
                case "linear" -> new Linear(l.get(1).asInt(), l.get(2).asInt());
                case "batchnorm1d" -> new BatchNorm1d(l.get(1).asInt());
                case "relu" -> new ReLU();
                case "tanh" -> new Tanh();
                case "sigmoid" -> new Sigmoid();
                default -> throw new IllegalArgumentException("unknown layer " + kind);
            });
        }
        return s;
    }

    private static Variable loss(JsonNode c, Variable out) {
        String kind = c.get("loss").asText();
        JsonNode t = c.get("target");
        return switch (kind) {
            case "cross_entropy" -> {
                int[] y = new int[t.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = t.get(i).asInt();
                }
                yield new CrossEntropyLoss().forward(out, y);
            }
            case "mse" -> new MSELoss().forward(out, values(t, out.shape()));
            case "bce_with_logits" -> new BCEWithLogitsLoss().forward(out, values(t, out.shape()));
            default -> throw new IllegalArgumentException("unknown loss " + kind);
        };
    }

    /** {"shape": [...], "values": [...]} */
    private static Tensor values(JsonNode node) {
        int[] dims = new int[node.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = node.get("shape").get(i).asInt();
        }
        return values(node.get("values"), Shape.of(dims));
    }

    /** A flat list of numbers, in the given shape. */
    private static Tensor values(JsonNode list, Shape shape) {
        if (list == null || !list.isArray()) {
            fail("expected a list of numbers for shape " + shape + ", got " + list);
        }
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) list.get(i).asDouble();
        }
        return Tensor.of(v, shape.dims());
    }

    private static void check(String what, Tensor actual, Tensor expected) {
        assertTrue(actual != null, what + ": missing");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1.0, expected.size() == 0 ? 0 : expected.abs().max());
        double atol = ATOL_SCALE * scale;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.size(); i++) {
            double a = actual.getFlat(i), ex = expected.getFlat(i);
            double ratio = Math.abs(a - ex) / (RTOL * Math.abs(ex) + atol);
            if (!(ratio <= worst)) {
                worst = ratio;
                worstAt = i;
            }
        }
        int at = worstAt;
        double used = worst;
        System.out.printf("%-32s worst element at %.3f of the tolerance%n", what, used);
        assertTrue(worst <= 1.0, () -> what + ": element " + at + " is " + actual.getFlat(at) + ", PyTorch has "
                + expected.getFlat(at) + " (" + used + " times the tolerance)");
    }
}
