package dev.descent.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays PyTorch's optimizer trajectories, computed in float64: optim-pytorch.json (shared) and
 * optim-pytorch-extra.json (made by {@code src/test/python/make_optim_extra.py}, whose docstring describes the format's
 * extensions: parameter groups and per-group scheduler arguments, gradients left out, the metric of ReduceLROnPlateau,
 * the momentum a one-cycle or cyclic policy sets, gradient clipping). The recorded gradients are fed step by step,
 * the scheduler stepped after each optimizer step, and the parameters after every step must match within 1e-5
 * relative + 1e-6 absolute, and the learning rate and momentum in force to double rounding ({@link #SCHEDULE_RTOL}). Tagged "kernels" so it runs with
 * the SIMD and with the scalar update kernels.
 */
@Tag("kernels")
class PyTorchReplayTest {
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;
    /**
     * PyTorch's schedulers are mostly chainable — each step multiplies the previous rate ({@code StepLR}: lr·γ at each
     * cut; {@code CosineAnnealingLR}: a ratio of cosines) — where Descent's schedules are closed forms of t. Both are
     * float64 and agree to a few ulps per step; over the ≤ 80 steps replayed the largest drift measured is 4.6e-15
     * relative (sgd_cosine), so 1e-13 is still far below any real difference (a wrong γ, step or phase boundary is
     * ≥ 1e-3).
     */
    static final double SCHEDULE_RTOL = 1e-13;
    static final double CLIP_RTOL = 1e-6;

    static JsonNode read(String resource) throws IOException {
        try (InputStream in = PyTorchReplayTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> sharedCasesReplay() throws IOException {
        return replays(read("/optim-pytorch.json").get("cases"), 27);
    }

    @TestFactory
    Stream<DynamicTest> extraCasesReplay() throws IOException {
        return replays(read("/optim-pytorch-extra.json").get("cases"), 69);
    }

    /**
     * clip_grad_norm_ and clip_grad_value_ over three gradients: the returned total norm and every clipped element
     * within 1e-6 relative. The gradients are float32 values, Descent sums their powers in double as PyTorch does in
     * float64, and the clipped values are one float32 product each.
     */
    @TestFactory
    Stream<DynamicTest> clipCasesMatch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : read("/optim-pytorch-extra.json").get("clip_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> clip(c)));
        }
        assertEquals(16, tests.size(), "clip cases");
        return tests.stream();
    }

    private static void clip(JsonNode c) {
        Map<String, Variable> params = parameters(c.get("shapes"), null);
        setGradients(params, c.get("shapes"), c.get("grads"));
        JsonNode args = c.get("args");
        switch (c.get("function").asText()) {
            case "clip_grad_norm_" -> {
                JsonNode p = args.get("norm_type");
                double normType = p.isTextual() && p.asText().equals("inf") ? Double.POSITIVE_INFINITY : p.asDouble();
                double total = GradClip.clipGradNorm(params.values(), args.get("max_norm").asDouble(), normType, true);
                double expected = c.get("total_norm").asDouble();
                assertEquals(expected, total, CLIP_RTOL * expected, c.get("name").asText() + ": total norm");
            }
            case "clip_grad_value_" -> GradClip.clipGradValue(params.values(), args.get("clip_value").asDouble());
            default -> throw new IllegalArgumentException("unknown clip function in " + c);
        }
        for (Map.Entry<String, Variable> p : params.entrySet()) {
            JsonNode expected = c.get("clipped").get(p.getKey());
            if (expected.isNull()) {
                assertNull(p.getValue().grad(), c.get("name").asText() + " " + p.getKey() + ": no gradient");
                continue;
            }
            for (int i = 0; i < expected.size(); i++) {
                double e = expected.get(i).asDouble();
                assertEquals(e, p.getValue().grad().getFlat(i), CLIP_RTOL * Math.abs(e),
                        c.get("name").asText() + " " + p.getKey() + " element " + i);
            }
        }
    }

    private static Stream<DynamicTest> replays(JsonNode cases, int expected) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
        }
        assertEquals(expected, tests.size(), "reference cases");
        return tests.stream();
    }

    private static void replay(JsonNode c) {
        String name = c.get("name").asText();
        Map<String, Variable> params = parameters(c.get("shapes"), c.get("initial"));
        Optimizer<?> optimizer = TorchConfigs.optimizer(c.get("optimizer").asText(), groups(c, params));
        Consumer<JsonNode> scheduler = c.has("scheduler") ? TorchConfigs.scheduler(c.get("scheduler"), optimizer)
                : step -> { };
        int k = 0;
        for (JsonNode step : c.get("steps")) {
            String where = name + " step " + k;
            JsonNode lrs = step.has("lrs") ? step.get("lrs") : new ObjectMapper().createArrayNode().add(step.get("lr"));
            assertEquals(optimizer.groups().size(), lrs.size(), where + ": groups");
            for (int g = 0; g < lrs.size(); g++) {
                assertScheduled(lrs.get(g).asDouble(), optimizer.lrInForce(g), where + ": lr of group " + g);
            }
            if (step.has("momenta")) {
                for (int g = 0; g < step.get("momenta").size(); g++) {
                    assertScheduled(step.get("momenta").get(g).asDouble(),
                            optimizer.groups().get(g).options().cycledMomentum().orElseThrow(),
                            where + ": momentum of group " + g);
                }
            } else if (step.has("momentum")) {
                assertScheduled(step.get("momentum").asDouble(),
                        optimizer.groups().get(0).options().cycledMomentum().orElseThrow(), where + ": momentum");
            }
            setGradients(params, c.get("shapes"), step.get("grad"));
            optimizer.step();
            scheduler.accept(step);
            for (Map.Entry<String, Variable> p : params.entrySet()) {
                assertClose(step.get("after").get(p.getKey()), p.getValue().value(), where + " " + p.getKey());
            }
            k++;
        }
        assertTrue(k > 0);
    }

    /** The parameters named in {@code shapes}, in its order, set to {@code initial} (zeros when null). */
    static Map<String, Variable> parameters(JsonNode shapes, JsonNode initial) {
        Map<String, Variable> params = new LinkedHashMap<>();
        for (Iterator<String> it = shapes.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            Tensor value = initial == null ? Tensor.zeros(dims(shapes.get(n))) : tensor(initial.get(n), shapes.get(n));
            params.put(n, Variable.parameter(value).named(n));
        }
        return params;
    }

    /** Sets each parameter's gradient; a null one (PyTorch's {@code p.grad = None}) is cleared. */
    static void setGradients(Map<String, Variable> params, JsonNode shapes, JsonNode grads) {
        for (Map.Entry<String, Variable> p : params.entrySet()) {
            JsonNode g = grads.get(p.getKey());
            p.getValue().setGrad(g.isNull() ? null : tensor(g, shapes.get(p.getKey())));
        }
    }

    /** The case's PyTorch parameter groups, each group's keyword arguments over the case's; one group without any. */
    private static List<TorchConfigs.GroupSpec> groups(JsonNode c, Map<String, Variable> params) {
        JsonNode hyper = c.get("hyperparameters");
        if (!c.has("groups")) {
            return List.of(new TorchConfigs.GroupSpec(new ArrayList<>(params.values()), hyper));
        }
        List<TorchConfigs.GroupSpec> specs = new ArrayList<>();
        for (JsonNode g : c.get("groups")) {
            List<Variable> members = new ArrayList<>();
            g.get("params").forEach(n -> members.add(params.get(n.asText())));
            ObjectNode merged = hyper.deepCopy();
            merged.setAll((ObjectNode) g.get("hyperparameters"));
            specs.add(new TorchConfigs.GroupSpec(members, merged));
        }
        return specs;
    }

    private static void assertScheduled(double expected, double actual, String where) {
        assertEquals(expected, actual, SCHEDULE_RTOL * Math.abs(expected), where);
    }

    static Tensor tensor(JsonNode values, JsonNode shape) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) values.get(i).asDouble();
        }
        return Tensor.of(a, dims(shape));
    }

    static int[] dims(JsonNode shape) {
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        return dims;
    }

    static void assertClose(JsonNode expected, Tensor actual, String where) {
        assertEquals(expected.size(), actual.size(), where + ": size");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i).asDouble();
            double a = actual.getFlat(i);
            if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
                fail(where + " element " + i + ": expected " + e + ", got " + a + " (|diff| " + Math.abs(a - e) + ")");
            }
        }
    }
}
