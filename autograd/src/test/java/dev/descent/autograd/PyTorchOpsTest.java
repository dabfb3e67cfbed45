package dev.descent.autograd;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.descent.core.Indices;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays {@code autograd-pytorch.json} (written by {@code src/test/python/make_autograd_ops.py}, PyTorch 1.13 in
 * float64): small programs over the differentiable operations — broadcasting arithmetic, functions of one value at
 * their kinks and extremes, reductions with and without keepdim (ties included), var's and std's two conventions,
 * amax/amin's even split, prod's zeros, the 1-, 2- and ∞-norms at their kinks and at NaN and ∞, the softmax
 * family, layout operations (squeeze, permute, flip, narrow, split/chunk pieces, stack, tril/triu among them), gather,
 * the values of sort and topk, cumsum and cumprod, matmul — each run here, then backward from {@code upstream}; the
 * output and the gradient of every input must agree.
 *
 * <p><b>Tolerance:</b> {@code |a − e| ≤ 1e-5·|e| + atol} per element: ten times tighter than the reference README's
 * 10⁻⁴. Where an element is computed from its own inputs alone (a program of element-wise operations, and the
 * gradient of an operand that was not broadcast), atol is only float32's subnormal resolution, so every element,
 * however small, is held to the relative bound. Elsewhere atol is about 16 float32 ulps of the tensor's largest
 * element ({@code 1e-6·max|E|}), for results that are sums of nearly cancelling terms (a softmax gradient, a
 * centered variance, a broadcast operand's summed gradient).
 */
class PyTorchOpsTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL_SCALE = 1e-6;
    /** A thousand times the spacing of float32's subnormals (1.4·10⁻⁴⁵), which hold only a few digits. */
    private static final double SUBNORMAL_FLOOR = 1.4e-42;
    /**
     * The operations that compute each output element, and its derivative, from the matching input elements alone
     * to float precision. Not tanh and sigmoid: their derivatives {@code 1 − y²} and {@code y·(1 − y)} are computed
     * from the float output, as PyTorch computes them, and cancel where y nears ±1 (PyTorch's float32 gives
     * σ'(20) = 0 and tanh'(5.5) 7·10⁻⁴ off, as Descent does).
     */
    private static final Set<String> POINTWISE = Set.of("add", "sub", "mul", "div", "pow", "maximum", "minimum",
            "add_scalar", "sub_scalar", "mul_scalar", "div_scalar", "pow_scalar", "neg", "square", "exp", "log", "sqrt",
            "abs", "relu", "leaky_relu", "gelu", "softplus", "clamp", "where");

    @TestFactory
    List<DynamicTest> everyProgramAgreesWithPyTorch() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/autograd-pytorch.json")) {
            assertNotNull(in, "autograd-pytorch.json");
            root = new ObjectMapper().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> replay(name, c)));
        }
        assertEquals(322, tests.size(), "cases in autograd-pytorch.json");
        return tests;
    }

    private static void replay(String name, JsonNode c) {
        Map<String, Variable> inputs = new LinkedHashMap<>();
        c.get("inputs").fields().forEachRemaining(f -> inputs.put(f.getKey(), Variable.parameter(tensor(f.getValue()))));
        Map<String, Tensor> constants = new HashMap<>();
        c.get("constants").fields().forEachRemaining(f -> constants.put(f.getKey(), tensor(f.getValue())));
        Map<String, Variable> env = new HashMap<>(inputs);
        Map<String, Variable[]> pieces = new HashMap<>(); // the results of split and chunk
        Variable out = null;
        boolean pointwise = true;
        for (JsonNode step : c.get("program")) {
            List<Variable> args = new ArrayList<>();
            JsonNode options = MissingNode.getInstance();
            String condition = null, list = null;
            for (int i = 2; i < step.size(); i++) {
                JsonNode a = step.get(i);
                if (a.isObject()) {
                    options = a;
                } else if (constants.containsKey(a.asText())) {
                    condition = a.asText();
                } else if (pieces.containsKey(a.asText())) {
                    list = a.asText();
                } else {
                    args.add(env.get(a.asText()));
                }
            }
            String op = step.get(1).asText();
            pointwise &= POINTWISE.contains(op);
            if (op.equals("split") || op.equals("chunk")) {
                pieces.put(step.get(0).asText(), split(op, args.get(0), options));
                continue;
            }
            out = op.equals("part") ? pieces.get(list)[options.get("index").asInt()]
                    : apply(op, args, options, constants.get(condition));
            env.put(step.get(0).asText(), out);
        }
        out.backward(tensor(c.get("upstream")));
        JsonNode e = c.get("expected");
        check(name + ": output", out.value(), tensor(e.get("output")), pointwise);
        Shape outShape = out.shape();
        for (Map.Entry<String, Variable> in : inputs.entrySet()) {
            Variable v = in.getValue();
            // a broadcast operand's gradient is a sum over the broadcast axes, so not element by element
            check(name + ": gradient of " + in.getKey(), v.grad() != null ? v.grad() : Tensor.zeros(v.shape()),
                    tensor(e.get("grad").get(in.getKey())), pointwise && v.shape().equals(outShape));
        }
    }

    /** One step of a program: the generator's op name (its {@code OPS} table) as Descent's method. */
    private static Variable apply(String op, List<Variable> args, JsonNode o, Tensor condition) {
        Variable a = args.get(0);
        Variable b = args.size() > 1 ? args.get(1) : null;
        float s = (float) o.path("s").asDouble();
        int axis = o.path("axis").asInt();
        boolean keep = o.path("keepdim").asBoolean(false);
        boolean all = !o.has("axis");
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "pow" -> a.pow(b);
            case "maximum" -> a.maximum(b);
            case "minimum" -> a.minimum(b);
            case "add_scalar" -> a.add(s);
            case "sub_scalar" -> a.sub(s);
            case "mul_scalar" -> a.mul(s);
            case "div_scalar" -> a.div(s);
            case "pow_scalar" -> a.pow(s);
            case "neg" -> a.neg();
            case "square" -> a.square();
            case "exp" -> a.exp();
            case "log" -> a.log();
            case "sqrt" -> a.sqrt();
            case "abs" -> a.abs();
            case "tanh" -> a.tanh();
            case "sigmoid" -> a.sigmoid();
            case "relu" -> a.relu();
            case "leaky_relu" -> a.leakyRelu((float) o.get("slope").asDouble());
            case "gelu" -> a.gelu();
            case "softplus" -> a.softplus((float) o.path("beta").asDouble(1), (float) o.path("threshold").asDouble(20));
            case "clamp" -> a.clamp((float) o.get("lo").asDouble(), (float) o.get("hi").asDouble());
            case "sum" -> all ? a.sum() : a.sum(axis, keep);
            case "mean" -> all ? a.mean() : a.mean(axis, keep);
            case "max" -> all ? a.max() : a.max(axis, keep);
            case "min" -> all ? a.min() : a.min(axis, keep);
            case "variance" -> all ? a.variance(o.get("unbiased").asBoolean())
                    : a.variance(axis, keep, o.get("unbiased").asBoolean());
            case "logsumexp" -> a.logSumExp(axis, keep);
            case "std" -> all ? a.std(o.get("unbiased").asBoolean()) : a.std(axis, keep, o.get("unbiased").asBoolean());
            case "amax" -> all ? a.amax() : a.amax(axis, keep);
            case "amin" -> all ? a.amin() : a.amin(axis, keep);
            case "prod" -> all ? a.prod() : a.prod(axis, keep);
            case "norm" -> all ? a.norm((float) o.get("p").asDouble()) : a.norm((float) o.get("p").asDouble(), axis, keep);
            case "softmax" -> a.softmax(axis);
            case "log_softmax" -> a.logSoftmax(axis);
            case "reshape" -> a.reshape(ints(o.get("shape")));
            case "transpose" -> o.has("dim0") ? a.transpose(o.get("dim0").asInt(), o.get("dim1").asInt())
                    : a.transpose();
            case "rows" -> a.rows(o.get("start").asInt(), o.get("end").asInt());
            case "gather_rows" -> a.gatherRows(ints(o.get("indices")));
            case "concat" -> Variable.concat(axis, args.toArray(new Variable[0]));
            case "matmul" -> Variable.matmul(a, o.path("trans_a").asBoolean(false), b,
                    o.path("trans_b").asBoolean(false));
            case "where" -> a.where(condition, b);
            case "unsqueeze" -> a.unsqueeze(o.get("dim").asInt());
            case "squeeze" -> o.has("dim") ? a.squeeze(o.get("dim").asInt()) : a.squeeze();
            case "permute" -> a.permute(ints(o.get("dims")));
            case "movedim" -> a.movedim(o.get("source").asInt(), o.get("destination").asInt());
            case "flip" -> a.flip(ints(o.get("dims")));
            case "narrow" -> a.narrow(o.get("dim").asInt(), o.get("start").asInt(), o.get("length").asInt());
            case "stack" -> Variable.stack(o.get("dim").asInt(), args.toArray(new Variable[0]));
            case "tril" -> a.tril(o.get("k").asInt());
            case "triu" -> a.triu(o.get("k").asInt());
            case "gather" -> a.gather(o.get("dim").asInt(), Indices.of(ints(o.get("index").get("values")),
                    ints(o.get("index").get("shape"))));
            case "sort" -> a.sort(o.get("dim").asInt(), o.get("descending").asBoolean()).values();
            case "topk" -> a.topk(o.get("k").asInt(), o.get("dim").asInt(), o.get("largest").asBoolean(),
                    o.get("sorted").asBoolean()).values();
            case "cumsum" -> a.cumsum(o.get("dim").asInt());
            case "cumprod" -> a.cumprod(o.get("dim").asInt());
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    /** split (by a size or by sizes) and chunk, whose results are lists that "part" steps take apart. */
    private static Variable[] split(String op, Variable a, JsonNode o) {
        int dim = o.get("dim").asInt();
        if (op.equals("chunk")) {
            return a.chunk(o.get("chunks").asInt(), dim);
        }
        return o.has("sizes") ? a.split(ints(o.get("sizes")), dim) : a.split(o.get("size").asInt(), dim);
    }

    private static int[] ints(JsonNode list) {
        int[] v = new int[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asInt();
        }
        return v;
    }

    private static Tensor tensor(JsonNode node) {
        int[] dims = ints(node.get("shape"));
        JsonNode list = node.get("values");
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) list.get(i).asDouble();
        }
        return Tensor.of(v, Shape.of(dims).dims());
    }

    /**
     * Each element within {@code RTOL} relative, plus an absolute floor: for a result computed element by element
     * ({@code elementwise}) only float32's subnormal spacing, so that even the smallest element is held to the
     * relative bound; otherwise {@code ATOL_SCALE} times the largest finite element, for sums of cancelling terms.
     * NaN must meet NaN, and an infinity the same infinity.
     */
    private static void check(String what, Tensor actual, Tensor expected, boolean elementwise) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double largest = 0;
        for (int i = 0; i < expected.size(); i++) {
            float e = Math.abs(expected.getFlat(i));
            largest = Float.isFinite(e) ? Math.max(largest, e) : largest;
        }
        double atol = elementwise ? SUBNORMAL_FLOOR : ATOL_SCALE * largest;
        for (int i = 0; i < expected.size(); i++) {
            double a = actual.getFlat(i), e = expected.getFlat(i);
            int at = i;
            assertTrue(a == e || Double.isNaN(a) && Double.isNaN(e) || Math.abs(a - e) <= RTOL * Math.abs(e) + atol,
                    () -> what + ": element " + at + " is " + a + ", PyTorch has " + e);
        }
    }
}
