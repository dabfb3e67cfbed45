package dev.descent.core;

import dev.descent.core.TorchCases.Case;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.UnaryOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs a {@link Case} through Descent, in every public form of its operation: the named method, the general
 * {@code map}/{@code zip} with an output argument, the in-place form where one exists, and the named method on a view
 * that starts part-way into a larger array (so offsets are exercised). Each form must give PyTorch's answer.
 */
final class TorchOps {
    /** What one form of an operation produced: values, or indices for argmax. */
    record Outcome(String form, Tensor values, int[] indices) {
        static Outcome of(String form, Tensor values) {
            return new Outcome(form, values, null);
        }
    }

    private static final Map<String, Function<Case, List<Outcome>>> OPS = new LinkedHashMap<>();

    private TorchOps() {
    }

    /** The operations the oracle knows, by the names the generator uses. */
    static Map<String, Function<Case, List<Outcome>>> all() {
        return OPS;
    }

    static List<Outcome> run(Case c) {
        Function<Case, List<Outcome>> op = OPS.get(c.op());
        if (op == null) {
            throw new IllegalArgumentException("no Descent operation for the oracle's op " + c.op());
        }
        return op.apply(c);
    }

    /** {@code t} copied into a larger array at offset 3, as a view: the same values, a non-zero {@link Tensor#offset()}. */
    static Tensor offsetView(Tensor t) {
        float[] padded = new float[t.size() + 5];
        java.util.Arrays.fill(padded, Float.NaN); // a kernel reading past the view would show
        System.arraycopy(t.toArray(), 0, padded, 3, t.size());
        return Tensor.wrap(padded, 3, t.shape());
    }

    private static void unary(String name, UnaryOp op, Function<Tensor, Tensor> method) {
        OPS.put(name, c -> {
            Tensor x = c.input(0), itself = offsetView(x);
            return List.of(Outcome.of(name + "()", method.apply(x)),
                    Outcome.of(name + "() on a view", method.apply(offsetView(x))),
                    Outcome.of("map(" + op + ", out)", x.map(op, Tensor.zerosLike(x))),
                    Outcome.of("map(" + op + ", itself)", itself.map(op, itself)),
                    Outcome.of("mapi(" + op + ")", offsetView(x).mapi(op)));
        });
    }

    private static void binary(String name, BinaryOp op, BiFunction<Tensor, Tensor, Tensor> method,
                               BiFunction<Tensor, Tensor, Tensor> inPlace) {
        OPS.put(name, c -> {
            Tensor a = c.input(0), b = c.input(1);
            List<Outcome> out = new ArrayList<>(List.of(Outcome.of(name + "(t)", method.apply(a, b)),
                    Outcome.of(name + "(t) on views", method.apply(offsetView(a), offsetView(b))),
                    Outcome.of("zip(" + op + ", t)", a.zip(op, b))));
            Shape s = Shape.broadcast(name, a.shape(), b.shape());
            out.add(Outcome.of("zip(" + op + ", t, out)", a.zip(op, b, Tensor.zeros(s))));
            if (s.equals(a.shape())) {
                out.add(Outcome.of("zipi(" + op + ", t)", offsetView(a).zipi(op, b)));
                if (inPlace != null) {
                    out.add(Outcome.of(name + "i(t)", inPlace.apply(offsetView(a), b)));
                }
            }
            return out;
        });
    }

    private interface ScalarMethod {
        Tensor apply(Tensor x, float s);
    }

    /** {@code name + "Scalar"}: the operation with a float on the right ({@code op} null: no zip form exists). */
    private static void scalar(String name, BinaryOp op, ScalarMethod method, ScalarMethod inPlace) {
        OPS.put(name + "Scalar", c -> {
            Tensor x = c.input(0);
            float s = c.f("s");
            List<Outcome> out = new ArrayList<>(List.of(Outcome.of(name + "(s)", method.apply(x, s)),
                    Outcome.of(name + "(s) on a view", method.apply(offsetView(x), s))));
            if (op != null) {
                out.add(Outcome.of("zip(" + op + ", s)", x.zip(op, s)));
                out.add(Outcome.of("zipi(" + op + ", s)", offsetView(x).zipi(op, s)));
            }
            if (inPlace != null) {
                out.add(Outcome.of(name + "i(s)", inPlace.apply(offsetView(x), s)));
            }
            return out;
        });
    }

    /** An operation of two arguments with a tensor form and a scalar form, and their in-place forms if any. */
    private record Pair(String name, BinaryOp op, BiFunction<Tensor, Tensor, Tensor> withTensor,
                        BiFunction<Tensor, Tensor, Tensor> withTensorInPlace, ScalarMethod withScalar,
                        ScalarMethod withScalarInPlace) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("add", BinaryOp.ADD, Tensor::add, Tensor::addi, Tensor::add, Tensor::addi),
            new Pair("sub", BinaryOp.SUB, Tensor::sub, Tensor::subi, Tensor::sub, Tensor::subi),
            new Pair("mul", BinaryOp.MUL, Tensor::mul, Tensor::muli, Tensor::mul, Tensor::muli),
            new Pair("div", BinaryOp.DIV, Tensor::div, Tensor::divi, Tensor::div, Tensor::divi),
            new Pair("pow", BinaryOp.POW, Tensor::pow, null, Tensor::pow, null),
            new Pair("maximum", BinaryOp.MAX, Tensor::maximum, null, Tensor::maximum, null),
            new Pair("minimum", BinaryOp.MIN, Tensor::minimum, null, Tensor::minimum, null),
            new Pair("gt", BinaryOp.GT, Tensor::gt, null, Tensor::gt, null),
            new Pair("ge", BinaryOp.GE, Tensor::ge, null, Tensor::ge, null),
            new Pair("lt", BinaryOp.LT, Tensor::lt, null, Tensor::lt, null),
            new Pair("le", BinaryOp.LE, Tensor::le, null, Tensor::le, null),
            new Pair("eq", BinaryOp.EQ, Tensor::eq, null, Tensor::eq, null),
            new Pair("ne", BinaryOp.NE, Tensor::ne, null, Tensor::ne, null));

    private static void single(String name, Function<Case, Tensor> body) {
        OPS.put(name, c -> List.of(Outcome.of(name, body.apply(c))));
    }

    static {
        unary("neg", UnaryOp.NEG, Tensor::neg);
        unary("exp", UnaryOp.EXP, Tensor::exp);
        unary("log", UnaryOp.LOG, Tensor::log);
        unary("sqrt", UnaryOp.SQRT, Tensor::sqrt);
        unary("abs", UnaryOp.ABS, Tensor::abs);
        unary("sign", UnaryOp.SIGN, Tensor::sign);
        unary("tanh", UnaryOp.TANH, Tensor::tanh);
        unary("sigmoid", UnaryOp.SIGMOID, Tensor::sigmoid);
        unary("relu", UnaryOp.RELU, Tensor::relu);
        unary("square", UnaryOp.SQUARE, Tensor::square);
        unary("reciprocal", UnaryOp.RECIPROCAL, Tensor::reciprocal);

        for (Pair p : PAIRS) {
            binary(p.name, p.op, p.withTensor, p.withTensorInPlace);
            scalar(p.name, p.op, p.withScalar, p.withScalarInPlace);
        }
        binary("reluBackward", BinaryOp.RELU_BACKWARD, Tensor::reluBackward, null);
        scalar("rsub", null, Tensor::rsub, null);
        scalar("rdiv", null, Tensor::rdiv, null);

        OPS.put("clamp", c -> {
            Tensor x = c.input(0);
            float lo = c.f("lo"), hi = c.f("hi");
            return List.of(Outcome.of("clamp", x.clamp(lo, hi)),
                    Outcome.of("clamp on a view", offsetView(x).clamp(lo, hi)),
                    Outcome.of("clampi", offsetView(x).clampi(lo, hi)));
        });
        single("axpy", c -> offsetView(c.input(0)).axpy(c.f("alpha"), c.input(1)));
        single("axpby", c -> offsetView(c.input(0)).axpby(c.f("alpha"), c.input(1), c.f("beta")));
        single("fill", c -> offsetView(c.input(0)).fill(c.f("value")));
        single("copyFrom", c -> offsetView(c.input(0)).copyFrom(c.input(1)));

        reductions();
        layout();
        tensorApi();
    }

    private static void reductions() {
        OPS.put("sumAll", c -> List.of(Outcome.of("sum()", Tensor.scalar(c.input(0).sum())),
                Outcome.of("sum() on a view", Tensor.scalar(offsetView(c.input(0)).sum()))));
        single("meanAll", c -> Tensor.scalar(c.input(0).mean()));
        single("varianceAll", c -> Tensor.scalar(c.input(0).variance(c.flag("unbiased"))));
        single("maxAll", c -> Tensor.scalar(c.input(0).max()));
        single("minAll", c -> Tensor.scalar(c.input(0).min()));
        OPS.put("argmaxAll", c -> List.of(new Outcome("argmax()", null, new int[] {c.input(0).argmax()})));
        OPS.put("argmax", c -> List.of(new Outcome("argmax(axis)", null, c.input(0).argmax(c.i("axis"))),
                new Outcome("argmax(axis) on a view", null, offsetView(c.input(0)).argmax(c.i("axis")))));
        OPS.put("argminAll", c -> List.of(new Outcome("argmin()", null, new int[] {c.input(0).argmin()})));
        OPS.put("argmin", c -> List.of(new Outcome("argmin(axis)", null, c.input(0).argmin(c.i("axis"))),
                new Outcome("argmin(axis) on a view", null, offsetView(c.input(0)).argmin(c.i("axis")))));
        single("stdAll", c -> Tensor.scalar(c.input(0).std(c.flag("unbiased"))));
        single("prodAll", c -> Tensor.scalar(offsetView(c.input(0)).prod()));
        single("normAll", c -> Tensor.scalar(offsetView(c.input(0)).norm(c.f("p"))));
        single("anyAll", c -> Tensor.scalar(offsetView(c.input(0)).any() ? 1f : 0f));
        single("allAll", c -> Tensor.scalar(offsetView(c.input(0)).all() ? 1f : 0f));
        onViewToo("std", (x, c) -> x.std(c.i("axis"), c.flag("keepDims"), c.flag("unbiased")));
        onViewToo("prod", (x, c) -> x.prod(c.i("axis"), c.flag("keepDims")));
        onViewToo("norm", (x, c) -> x.norm(c.f("p"), c.i("axis"), c.flag("keepDims")));
        onViewToo("any", (x, c) -> x.any(c.i("axis"), c.flag("keepDims")));
        onViewToo("all", (x, c) -> x.all(c.i("axis"), c.flag("keepDims")));
        onViewToo("sum", (x, c) -> x.sum(c.i("axis"), c.flag("keepDims")));
        onViewToo("mean", (x, c) -> x.mean(c.i("axis"), c.flag("keepDims")));
        onViewToo("max", (x, c) -> x.max(c.i("axis"), c.flag("keepDims")));
        onViewToo("min", (x, c) -> x.min(c.i("axis"), c.flag("keepDims")));
        onViewToo("variance", (x, c) -> x.variance(c.i("axis"), c.flag("keepDims"), c.flag("unbiased")));
        onViewToo("logSumExp", (x, c) -> x.logSumExp(c.i("axis"), c.flag("keepDims")));
        onViewToo("softmax", (x, c) -> x.softmax(c.i("axis")));
        onViewToo("logSoftmax", (x, c) -> x.logSoftmax(c.i("axis")));
        single("dot", c -> Tensor.scalar(c.input(0).dot(c.input(1))));
        single("broadcastTo", c -> c.input(0).broadcastTo(Shape.of(c.ints("shape"))));
        single("sumTo", c -> c.input(0).sumTo(Shape.of(c.ints("shape"))));
        OPS.put("matmul", c -> {
            Tensor a = c.input(0), b = c.input(1);
            return List.of(Outcome.of("matmul", a.matmul(b)),
                    Outcome.of("matmul(aᵀ, true, bᵀ, true)",
                            Tensor.matmul(a.transpose(), true, b.transpose(), true)));
        });
        single("gemm", c -> {
            Tensor out = c.input(2).copy();
            Tensor.gemm(c.f("alpha"), c.input(0), c.flag("transA"), c.input(1), c.flag("transB"), c.f("beta"), out);
            return out;
        });
        single("allClose", c -> Tensor.scalar(c.input(0).allClose(c.input(1), c.f("rtol"), c.f("atol")) ? 1f : 0f));
    }

    /** An operation (a reduction, a layout operation) on the tensor and on an offset view of it. */
    private static void onViewToo(String name, BiFunction<Tensor, Case, Tensor> body) {
        OPS.put(name, c -> List.of(Outcome.of(name, body.apply(c.input(0), c)),
                Outcome.of(name + " on a view", body.apply(offsetView(c.input(0)), c))));
    }

    /** Values with indices (sort, topk), or pieces joined back along their axis with their sizes (split, chunk). */
    private static Outcome withPositions(String form, ValuesAndIndices<Tensor> r) {
        return new Outcome(form, r.values(), r.indices().toArray());
    }

    private static Outcome pieces(String form, Tensor[] pieces, int dim) {
        int axis = dim < 0 ? dim + pieces[0].rank() : dim;
        int[] sizes = new int[pieces.length];
        for (int k = 0; k < pieces.length; k++) {
            sizes[k] = pieces[k].dim(axis);
        }
        return new Outcome(form, Tensor.concat(axis, pieces), sizes);
    }

    private static void tensorApi() {
        onViewToo("unsqueeze", (x, c) -> x.unsqueeze(c.i("dim")));
        onViewToo("squeezeAll", (x, c) -> x.squeeze());
        onViewToo("squeeze", (x, c) -> x.squeeze(c.i("dim")));
        onViewToo("permute", (x, c) -> x.permute(c.ints("dims")));
        onViewToo("transposeDims", (x, c) -> x.transpose(c.i("dim0"), c.i("dim1")));
        onViewToo("movedim", (x, c) -> x.movedim(c.i("source"), c.i("destination")));
        onViewToo("flip", (x, c) -> x.flip(c.ints("dims")));
        onViewToo("narrow", (x, c) -> x.narrow(c.i("dim"), c.i("start"), c.i("length")));
        onViewToo("tril", (x, c) -> x.tril(c.i("k")));
        onViewToo("triu", (x, c) -> x.triu(c.i("k")));
        onViewToo("cumsum", (x, c) -> x.cumsum(c.i("dim")));
        onViewToo("cumprod", (x, c) -> x.cumprod(c.i("dim")));
        OPS.put("split", c -> List.of(pieces("split", c.input(0).split(c.i("size"), c.i("dim")), c.i("dim")),
                pieces("split on a view", offsetView(c.input(0)).split(c.i("size"), c.i("dim")), c.i("dim"))));
        OPS.put("splitSizes", c -> List.of(pieces("split(sizes)", c.input(0).split(c.ints("sizes"), c.i("dim")),
                c.i("dim"))));
        OPS.put("chunk", c -> List.of(pieces("chunk", c.input(0).chunk(c.i("chunks"), c.i("dim")), c.i("dim"))));
        single("stack", c -> Tensor.stack(c.i("dim"), c.inputs().toArray(new Tensor[0])));
        OPS.put("where", c -> List.of(Outcome.of("where", Tensor.where(c.input(0), c.input(1), c.input(2))),
                Outcome.of("where on views", Tensor.where(offsetView(c.input(0)), offsetView(c.input(1)),
                        offsetView(c.input(2))))));
        single("oneHot", c -> Tensor.oneHot(Indices.of(c.input(0)), c.i("classes")));
        onViewToo("gather", (x, c) -> x.gather(c.i("dim"), Indices.of(c.input(1))));
        onViewToo("scatterAdd", (x, c) -> x.scatterAdd(c.i("dim"), Indices.of(c.input(1)), offsetView(c.input(2))));
        OPS.put("sort", c -> List.of(withPositions("sort", c.input(0).sort(c.i("dim"), c.flag("descending"))),
                withPositions("sort on a view", offsetView(c.input(0)).sort(c.i("dim"), c.flag("descending")))));
        OPS.put("argsort", c -> List.of(new Outcome("argsort", null,
                offsetView(c.input(0)).argsort(c.i("dim"), c.flag("descending")).toArray())));
        OPS.put("topk", c -> {
            Tensor x = c.input(0);
            int k = c.i("k"), dim = c.i("dim");
            boolean largest = c.flag("largest"), sorted = c.flag("sorted");
            List<Outcome> out = new ArrayList<>(List.of(withPositions("topk", x.topk(k, dim, largest, sorted)),
                    withPositions("topk on a view", offsetView(x).topk(k, dim, largest, sorted))));
            if (dim == -1 && largest && sorted) {
                out.add(withPositions("topk(k)", x.topk(k)));
            }
            return out;
        });
    }

    private static void layout() {
        single("transpose", c -> c.input(0).transpose());
        single("reshape", c -> c.input(0).reshape(c.ints("dims")));
        single("flatten", c -> c.input(0).flatten());
        single("rows", c -> c.input(0).rows(c.i("from"), c.i("to")));
        single("row", c -> c.input(0).row(c.i("index")));
        single("gatherRows", c -> c.input(0).gatherRows(c.ints("indices")));
        single("concat", c -> Tensor.concat(c.i("axis"), c.inputs().toArray(new Tensor[0])));
        single("arange", c -> Tensor.arange(c.i("n")));
        single("arangeRange", c -> Tensor.arange(c.f("start"), c.f("end"), c.f("step")));
        single("eye", c -> Tensor.eye(c.i("n")));
    }
}
