package dev.descent.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.autograd.NoGrad;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.MSELoss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replays the networks of {@code nn-pytorch.json} (computed by PyTorch in float64): one training-mode pass with the
 * loss and the regularization, backward, then an eval-mode pass. Everything PyTorch reports must agree.
 *
 * <p><b>Tolerance:</b> {@link TorchJson#check}'s — 10⁻⁴ relative, with an absolute floor of 10⁻⁶ times the
 * tensor's largest element (or 1) for values that are sums of nearly cancelling terms.
 *
 * <p>Without the floor two checks fail, both for that reason: the gradient of a Linear bias that feeds BatchNorm is
 * exactly 0 (normalization removes any shift), which float64 reproduces and float32 leaves at ±4·10⁻⁹; and a
 * first-layer weight gradient of 1.24·10⁻⁵, the sum of terms a thousand times larger, is off by 5·10⁻⁴ relative. With
 * it every value is within 3 % of its tolerance.
 */
class PyTorchReferenceTest {
    @TestFactory
    List<DynamicTest> everyCaseAgreesWithPyTorch() {
        JsonNode root = TorchJson.read("/nn-pytorch.json");
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

    private static Tensor values(JsonNode node) {
        return TorchJson.tensor(node);
    }

    private static Tensor values(JsonNode list, Shape shape) {
        return TorchJson.values(list, shape);
    }

    private static void check(String what, Tensor actual, Tensor expected) {
        System.out.printf("%-32s worst element at %.3f of the tolerance%n", what,
                TorchJson.check(what, actual, expected));
    }
}
