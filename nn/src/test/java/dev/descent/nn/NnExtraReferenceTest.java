package dev.descent.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.loss.BCELoss;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.HuberLoss;
import dev.descent.nn.loss.KLDivLoss;
import dev.descent.nn.loss.L1Loss;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MSELoss;
import dev.descent.nn.loss.NLLLoss;
import dev.descent.nn.loss.SmoothL1Loss;
import dev.descent.nn.loss.Reduction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static dev.descent.nn.TorchJson.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Replays {@code nn-extra.json} (written by {@code src/test/python/make_nn_extra.py}, PyTorch 1.13 in float64): every
 * loss with each reduction and option (at its kinks and edges), every activation at its kinks and extremes,
 * BatchNorm1d's variants over several training steps then in eval mode, LayerNorm over one, two and every dimension
 * (with and without affine parameters, at a zero variance and a large mean), SiLU, ELU, Linear without bias, Flatten,
 * LogSoftmax and Sequential, and Linear, BatchNorm1d, LayerNorm and a stack with some parameters frozen (no gradient,
 * as PyTorch's None; everything else as PyTorch computes it), Conv2d with every option (stride, padding, dilation,
 * groups, no bias, unbatched), MaxPool2d at ties, NaN and −∞, AvgPool2d with and without count_include_pad,
 * BatchNorm2d's variants, and small CNNs. Each case compares the output, the gradient of
 * {@code sum(output · upstream)} with respect to the input and every parameter, and the buffers after each step, within
 * {@link TorchJson#check}'s tolerance made ten times tighter: 10⁻⁵ relative (every element passes even at 10⁻⁶, so
 * 10⁻⁵ leaves room for another JIT's or kernel's rounding, not for a wrong term).
 */
class NnExtraReferenceTest {
    private static final double RTOL = 1e-5;
    /**
     * The layers whose output and input gradient are computed element by element to float precision, so held to the
     * relative bound alone. Not Sigmoid or Tanh: their derivatives, from the output, cancel where it nears its bounds
     * (in PyTorch's float32 as in Descent); nor GELU: PyTorch's float64 {@code 1 + erf(x/√2)} cancels to 0 below
     * x ≈ −8, where Descent's Φ, computed from erfc, keeps the true tiny value (−1.9·10⁻¹⁷ at −8.7).
     */
    private static final Set<String> ELEMENTWISE = Set.of("relu", "leaky_relu", "softplus", "silu", "elu");

    @TestFactory
    List<DynamicTest> everyCaseAgreesWithPyTorch() {
        JsonNode root = TorchJson.read("/nn-extra.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String kind = c.get("kind").asText();
            tests.add(DynamicTest.dynamicTest(kind + ": " + c.get("name").asText(),
                    () -> {
                        if (kind.equals("loss")) {
                            replayLoss(c);
                        } else {
                            replayModule(c);
                        }
                    }));
        }
        assertEquals(286, tests.size(), "cases in nn-extra.json");
        return tests;
    }

    // ---------------------------------------------------------------------------------------------------- losses

    private static void replayLoss(JsonNode c) {
        Variable x = Variable.parameter(tensor(c.get("input")));
        JsonNode o = c.get("options");
        String kind = c.get("loss").asText();
        Variable out = switch (kind) {
            // Class indices [N] come as a list; indices [N, d…] or a scalar, and probabilities, as a tensor.
            case "cross_entropy" -> c.get("target").isArray()
                    ? crossEntropy(o).forward(x, TorchJson.ints(c.get("target")))
                    : crossEntropy(o).forward(x, tensor(c.get("target")));
            case "nll_loss" -> c.get("target").isArray() ? nll(o).forward(x, TorchJson.ints(c.get("target")))
                    : nll(o).forward(x, tensor(c.get("target")));
            default -> elementwiseLoss(kind, o).forward(x, tensor(c.get("target")));
        };
        out.backward(tensor(c.get("upstream")));
        JsonNode e = c.get("expected");
        check("loss", out.value(), tensor(e.get("output")));
        check("gradient of the input", x.grad(), tensor(e.get("grad_input")));
    }

    private static CrossEntropyLoss crossEntropy(JsonNode o) {
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction(o), o.path("label_smoothing").asDouble(0));
        if (o.has("weight")) {
            loss = loss.withClassWeights(tensor(o.get("weight")));
        }
        return loss.withIgnoreIndex(o.path("ignore_index").asInt(-100));
    }

    private static NLLLoss nll(JsonNode o) {
        NLLLoss loss = new NLLLoss(reduction(o));
        if (o.has("weight")) {
            loss = loss.withClassWeights(tensor(o.get("weight")));
        }
        return loss.withIgnoreIndex(o.path("ignore_index").asInt(-100));
    }

    private static Loss elementwiseLoss(String kind, JsonNode o) {
        return switch (kind) {
            case "mse" -> new MSELoss(reduction(o));
            case "l1_loss" -> new L1Loss(reduction(o));
            case "smooth_l1_loss" -> new SmoothL1Loss(reduction(o), o.path("beta").asDouble(1));
            case "huber_loss" -> new HuberLoss(reduction(o), o.path("delta").asDouble(1));
            case "binary_cross_entropy" -> o.has("weight")
                    ? new BCELoss(reduction(o)).withWeight(tensor(o.get("weight"))) : new BCELoss(reduction(o));
            case "kl_div" -> (o.path("reduction").asText().equals("batchmean") ? KLDivLoss.batchMean()
                    : new KLDivLoss(reduction(o))).withLogTarget(o.path("log_target").asBoolean(false));
            case "bce_with_logits" -> bceWithLogits(o);
            default -> throw new IllegalArgumentException("unknown loss " + kind);
        };
    }

    private static Loss bceWithLogits(JsonNode o) {
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss(reduction(o));
        if (o.has("weight")) {
            loss = loss.withWeight(tensor(o.get("weight")));
        }
        if (o.has("pos_weight")) {
            loss = loss.withPosWeight(tensor(o.get("pos_weight")));
        }
        return loss;
    }

    private static void check(String what, Tensor actual, Tensor expected) {
        TorchJson.check(what, actual, expected, RTOL);
    }

    private static Reduction reduction(JsonNode o) {
        return Reduction.valueOf(o.path("reduction").asText("mean").toUpperCase(Locale.ROOT));
    }

    // --------------------------------------------------------------------------------------------------- modules

    private static void replayModule(JsonNode c) {
        Sequential model = build(c.get("layers"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        c.get("parameters").fields().forEachRemaining(f -> state.put(f.getKey(), tensor(f.getValue())));
        assertEquals(state.keySet(), model.stateDict().keySet(), "state_dict names");
        model.loadStateDict(state);
        for (JsonNode frozen : c.path("frozen")) {
            model.namedParameters().get(frozen.asText()).requiresGrad(false);
        }
        int step = 0;
        for (JsonNode s : c.get("steps")) {
            String at = "step " + step++ + " (" + s.get("mode").asText() + "): ";
            model.train(s.get("mode").asText().equals("train"));
            model.zeroGrad();
            Variable x = Variable.parameter(tensor(s.get("input")));
            Variable y = model.forward(x);
            y.backward(tensor(s.get("upstream")));
            JsonNode e = s.get("expected");
            boolean elementwise = c.get("layers").size() == 1
                    && ELEMENTWISE.contains(c.get("layers").get(0).get(0).asText());
            TorchJson.check(at + "output", y.value(), tensor(e.get("output")), RTOL, elementwise);
            TorchJson.check(at + "gradient of the input", x.grad(), tensor(e.get("grad_input")), RTOL, elementwise);
            Map<String, Variable> params = model.namedParameters();
            assertEquals(params.size(), e.get("grad").size(), at + "parameters");
            params.forEach((name, p) -> {
                JsonNode expected = e.get("grad").get(name);
                if (expected.isNull()) { // frozen: PyTorch's grad is None
                    assertNull(p.grad(), at + "gradient of frozen " + name);
                } else {
                    check(at + "gradient of " + name, p.grad(), tensor(expected));
                }
            });
            Map<String, Tensor> buffers = model.namedBuffers();
            assertEquals(buffers.size(), e.get("buffers").size(), at + "buffers");
            buffers.forEach((name, b) -> check(at + "buffer " + name, b, tensor(e.get("buffers").get(name))));
        }
    }

    /** BatchNorm's {@code momentum}: 0.1 when absent, empty for None (the cumulative average). */
    private static OptionalDouble momentum(JsonNode o) {
        return !o.has("momentum") ? OptionalDouble.of(0.1)
                : o.get("momentum").isNull() ? OptionalDouble.empty() : OptionalDouble.of(o.get("momentum").asDouble());
    }

    /**
     * PyTorch's {@code kernel_size} and keyword options {@code stride} (the kernel's when 0 is given as
     * {@code defaultStride}, as pooling's default), {@code padding} and {@code dilation}, each an int or a pair.
     */
    private static Window2d window(JsonNode kernel, JsonNode o, int defaultStride) {
        int[] k = pair(kernel);
        int[] s = o.has("stride") ? pair(o.get("stride")) : defaultStride == 0 ? k : new int[] {1, 1};
        int[] p = o.has("padding") ? pair(o.get("padding")) : new int[] {0, 0};
        int[] d = o.has("dilation") ? pair(o.get("dilation")) : new int[] {1, 1};
        return Window2d.of(k[0], k[1]).stride(s[0], s[1]).padding(p[0], p[1]).dilation(d[0], d[1]);
    }

    private static int[] pair(JsonNode n) {
        return n.isArray() ? new int[] {n.get(0).asInt(), n.get(1).asInt()} : new int[] {n.asInt(), n.asInt()};
    }

    /** The stack the generator's {@code build} makes: {@code [kind, ...sizes, {PyTorch keyword options}]}. */
    private static Sequential build(JsonNode layers) {
        Sequential s = new Sequential();
        for (JsonNode l : layers) {
            JsonNode last = l.get(l.size() - 1);
            JsonNode o = last.isObject() ? last : MissingNode.getInstance();
            s.add(switch (l.get(0).asText()) {
                case "linear" -> new Linear(l.get(1).asInt(), l.get(2).asInt(), o.path("bias").asBoolean(true));
                case "batchnorm1d" -> new BatchNorm1d(l.get(1).asInt(), o.path("eps").asDouble(1e-5), momentum(o),
                        o.path("affine").asBoolean(true), o.path("track_running_stats").asBoolean(true));
                case "batchnorm2d" -> new BatchNorm2d(l.get(1).asInt(), o.path("eps").asDouble(1e-5), momentum(o),
                        o.path("affine").asBoolean(true), o.path("track_running_stats").asBoolean(true));
                case "relu" -> new ReLU();
                case "leaky_relu" -> new LeakyReLU(o.path("negative_slope").asDouble(0.01));
                case "gelu" -> new GELU(o.path("approximate").asText("none"));
                case "softplus" -> new Softplus(o.path("beta").asDouble(1), o.path("threshold").asDouble(20));
                case "sigmoid" -> new Sigmoid();
                case "tanh" -> new Tanh();
                case "softmax" -> new Softmax(o.get("dim").asInt());
                case "log_softmax" -> new LogSoftmax(o.get("dim").asInt());
                case "flatten" -> new Flatten(o.path("start_dim").asInt(1), o.path("end_dim").asInt(-1));
                case "layernorm" -> new LayerNorm(TorchJson.ints(l.get(1)), o.path("eps").asDouble(1e-5),
                        o.path("elementwise_affine").asBoolean(true));
                case "silu" -> new SiLU();
                case "elu" -> new ELU(o.path("alpha").asDouble(1));
                case "conv2d" -> new Conv2d(l.get(1).asInt(), l.get(2).asInt(), window(l.get(3), o, 1),
                        o.path("groups").asInt(1), o.path("bias").asBoolean(true));
                case "maxpool2d" -> new MaxPool2d(window(l.get(1), o, 0));
                case "avgpool2d" -> new AvgPool2d(window(l.get(1), o, 0), o.path("count_include_pad").asBoolean(true));
                default -> throw new IllegalArgumentException("unknown layer " + l);
            });
        }
        return s;
    }
}
