package dev.descent.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.schedule.LrScheduler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays PyTorch's optimizer trajectories (optim-pytorch.json, computed in float64): the recorded gradients are fed
 * step by step, schedulers stepped after each optimizer step, and the parameters after every step must match within
 * 1e-5 relative + 1e-6 absolute, the learning rate in force exactly (to double rounding). Tagged "kernels" so it runs
 * with the SIMD and with the scalar update kernels.
 */
@Tag("kernels")
class PyTorchReplayTest {
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;
    static final List<String> PARAMS = List.of("w", "b");

    static JsonNode cases() throws IOException {
        try (InputStream in = PyTorchReplayTest.class.getResourceAsStream("/optim-pytorch.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseReplays() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
        }
        assertEquals(27, tests.size(), "reference cases");
        return tests.stream();
    }

    private static void replay(JsonNode c) {
        List<Variable> params = new ArrayList<>();
        for (String name : PARAMS) {
            params.add(Variable.parameter(tensor(c.get("initial").get(name), c.get("shapes").get(name))).named(name));
        }
        Optimizer<?> optimizer = TorchConfigs.optimizer(c.get("optimizer").asText(), c.get("hyperparameters"), params);
        LrScheduler scheduler = c.has("scheduler")
                ? new LrScheduler(optimizer, TorchConfigs.schedule(c.get("scheduler").get("type").asText(),
                c.get("scheduler").get("args")))
                : null;
        int k = 0;
        for (JsonNode step : c.get("steps")) {
            double lr = step.get("lr").asDouble();
            assertEquals(lr, optimizer.lrInForce(0), 1e-12 * lr, "lr in force at step " + k);
            for (int i = 0; i < params.size(); i++) {
                Variable p = params.get(i);
                p.setGrad(tensor(step.get("grad").get(PARAMS.get(i)), c.get("shapes").get(PARAMS.get(i))));
            }
            optimizer.step();
            if (scheduler != null) {
                scheduler.step();
            }
            for (int i = 0; i < params.size(); i++) {
                assertClose(step.get("after").get(PARAMS.get(i)), params.get(i).value(),
                        c.get("name").asText() + " step " + k + " " + PARAMS.get(i));
            }
            k++;
        }
        assertTrue(k > 0);
    }

    static Tensor tensor(JsonNode values, JsonNode shape) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) values.get(i).asDouble();
        }
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        return Tensor.of(a, dims);
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
