package dev.descent.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of {@code torch_core_ops.json}, written by {@code src/test/python/make_core_ops.py}: inputs, PyTorch
 * 1.13's float32 result and, where rounding matters, its float64 result. Special values are the strings
 * {@code "nan"}, {@code "inf"}, {@code "-inf"} and {@code "-0.0"}.
 */
final class TorchCases {
    private TorchCases() {
    }

    /**
     * One operation applied by PyTorch.
     *
     * @param expected     torch's float32 result (null for index results)
     * @param expectedInts torch's index result (argmax), else null
     * @param exact        the same computation in float64, or null where float32 is already exact
     */
    record Case(String name, String op, String check, List<Tensor> inputs, JsonNode params, Tensor expected,
                int[] expectedInts, double[] exact) {

        Tensor input(int i) {
            return inputs.get(i);
        }

        /** A float parameter, which may be a special value. */
        float f(String key) {
            return (float) value(params.get(key));
        }

        int i(String key) {
            return params.get(key).asInt();
        }

        boolean flag(String key) {
            return params.get(key).asBoolean();
        }

        int[] ints(String key) {
            JsonNode a = params.get(key);
            int[] out = new int[a.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = a.get(k).asInt();
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> load(String resource) {
        JsonNode root;
        try (InputStream in = TorchCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode t : root.get("tensors")) {
            tensors.add(tensor(t));
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            List<Tensor> inputs = new ArrayList<>();
            for (JsonNode i : c.get("inputs")) {
                inputs.add(tensors.get(i.asInt()));
            }
            JsonNode ints = c.get("expectedInts");
            int[] expectedInts = null;
            if (ints != null) {
                expectedInts = new int[ints.size()];
                for (int k = 0; k < expectedInts.length; k++) {
                    expectedInts[k] = ints.get(k).asInt();
                }
            }
            cases.add(new Case(c.get("name").asText(), c.get("op").asText(), c.get("check").asText(), inputs,
                    c.get("params"), c.has("expected") ? tensor(c.get("expected")) : null, expectedInts,
                    c.has("exact") ? doubles(c.get("exact").get("values")) : null));
        }
        return cases;
    }

    private static Tensor tensor(JsonNode t) {
        JsonNode shape = t.get("shape");
        int[] dims = new int[shape.size()];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = shape.get(k).asInt();
        }
        double[] v = doubles(t.get("values"));
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i]; // exact: each is a float32 value written as the double it equals
        }
        return Tensor.of(f, dims);
    }

    private static double[] doubles(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(values.get(i));
        }
        return out;
    }

    private static double value(JsonNode v) {
        if (!v.isTextual()) {
            return v.asDouble();
        }
        return switch (v.asText()) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "-0.0" -> -0.0;
            default -> throw new IllegalArgumentException("not a special value: " + v.asText());
        };
    }
}
