package dev.descent.cli.gradcheck;

import dev.descent.autograd.LayoutOps;
import dev.descent.autograd.Ops;
import dev.descent.autograd.ReductionOps;
import dev.descent.autograd.Variable;

import java.util.ArrayList;
import java.util.List;

import static dev.descent.cli.gradcheck.Inputs.apart;
import static dev.descent.cli.gradcheck.Inputs.awayFromZero;
import static dev.descent.cli.gradcheck.Inputs.distinct;
import static dev.descent.cli.gradcheck.Inputs.mask;
import static dev.descent.cli.gradcheck.Inputs.uniform;

/**
 * Every differentiable operation of {@code autograd} (and of {@code nn}'s fused layers and losses), each with
 * inputs that exercise broadcasting where the operation broadcasts.
 */
public final class Catalog {

    private Catalog() {
    }

    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        arithmetic(c);
        pointwise(c);
        reductions(c);
        layout(c);
        NnCases.add(c);
        return c;
    }

    private static void arithmetic(List<Case> c) {
        c.add(new Case("arithmetic", "add (broadcast [3,4]+[4])", v -> Ops.add(v[0], v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4), uniform(r, -2, 2, 4)}));
        c.add(new Case("arithmetic", "sub (broadcast [3,1]-[1,4])", v -> Ops.sub(v[0], v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 1), uniform(r, -2, 2, 1, 4)}));
        c.add(new Case("arithmetic", "mul (broadcast [2,3,4]*[3,1])", v -> Ops.mul(v[0], v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 2, 3, 4), uniform(r, -2, 2, 3, 1)}));
        c.add(new Case("arithmetic", "div (broadcast [3,4]/[4])", v -> Ops.div(v[0], v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4), awayFromZero(r, 0.5f, 2, 4)}));
        c.add(new Case("arithmetic", "pow (tensor exponent)", v -> Ops.pow(v[0], v[1]),
                r -> new Variable[] {uniform(r, 0.5f, 2, 3, 4), uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("arithmetic", "neg", v -> Ops.neg(v[0]), r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("arithmetic", "add scalar", v -> Ops.add(v[0], 1.5f),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("arithmetic", "mul scalar", v -> Ops.mul(v[0], -2.5f),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("arithmetic", "div scalar", v -> Ops.div(v[0], 3f),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("arithmetic", "pow scalar (x^2.5)", v -> Ops.pow(v[0], 2.5f),
                r -> new Variable[] {uniform(r, 0.5f, 2, 3, 4)}));
        c.add(new Case("arithmetic", "matmul [3,4]@[4,5]", v -> Ops.matmul(v[0], v[1]),
                r -> new Variable[] {uniform(r, -1, 1, 3, 4), uniform(r, -1, 1, 4, 5)}));
        c.add(new Case("arithmetic", "matmul transposed [4,3]^T@[5,4]^T", v -> Ops.matmul(v[0], true, v[1], true),
                r -> new Variable[] {uniform(r, -1, 1, 4, 3), uniform(r, -1, 1, 5, 4)}));
        c.add(new Case("arithmetic", "maskMul (fixed mask)", v -> Ops.maskMul(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4), Variable.constant(mask(r, 3, 4))}));
    }

    private static void pointwise(List<Case> c) {
        c.add(new Case("pointwise", "square", v -> Ops.square(v[0]), r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("pointwise", "exp", v -> Ops.exp(v[0]), r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("pointwise", "log", v -> Ops.log(v[0]), r -> new Variable[] {uniform(r, 0.5f, 3, 3, 4)}));
        c.add(new Case("pointwise", "sqrt", v -> Ops.sqrt(v[0]), r -> new Variable[] {uniform(r, 0.5f, 3, 3, 4)}));
        c.add(new Case("pointwise", "abs", v -> Ops.abs(v[0]),
                r -> new Variable[] {awayFromZero(r, 0.2f, 2, 3, 4)}));
        c.add(new Case("pointwise", "tanh", v -> Ops.tanh(v[0]), r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("pointwise", "sigmoid", v -> Ops.sigmoid(v[0]),
                r -> new Variable[] {uniform(r, -3, 3, 3, 4)}));
        c.add(new Case("pointwise", "relu", v -> Ops.relu(v[0]),
                r -> new Variable[] {awayFromZero(r, 0.2f, 2, 3, 4)}));
        c.add(new Case("pointwise", "leakyRelu (0.1)", v -> Ops.leakyRelu(v[0], 0.1f),
                r -> new Variable[] {awayFromZero(r, 0.2f, 2, 3, 4)}));
        c.add(new Case("pointwise", "gelu", v -> Ops.gelu(v[0]), r -> new Variable[] {uniform(r, -3, 3, 3, 4)}));
        c.add(new Case("pointwise", "softplus", v -> Ops.softplus(v[0]),
                r -> new Variable[] {uniform(r, -3, 3, 3, 4)}));
        c.add(new Case("pointwise", "clamp [-1, 1]", v -> Ops.clamp(v[0], -1, 1),
                r -> new Variable[] {inside(r)}));
        c.add(new Case("pointwise", "maximum", v -> Ops.maximum(v[0], v[1]), r -> {
            Variable a = uniform(r, -2, 2, 3, 4);
            return new Variable[] {a, apart(r, a)};
        }));
        c.add(new Case("pointwise", "minimum", v -> Ops.minimum(v[0], v[1]), r -> {
            Variable a = uniform(r, -2, 2, 3, 4);
            return new Variable[] {a, apart(r, a)};
        }));
    }

    /** Values in ±[0.2, 0.8) ∪ ±[1.2, 2): away from clamp's bounds. */
    private static Variable inside(dev.descent.core.Rng r) {
        Variable v = awayFromZero(r, 0.2f, 0.8f, 3, 4);
        for (int i = 0; i < 12; i += 3) {
            float x = v.value().getFlat(i);
            v.value().setFlat(i, x + Math.copySign(1f, x)); // some elements outside [-1, 1]
        }
        return v;
    }

    private static void reductions(List<Case> c) {
        c.add(new Case("reduction", "sum", v -> ReductionOps.sum(v[0]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "sum axis 0", v -> ReductionOps.sum(v[0], 0, false),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "mean", v -> ReductionOps.mean(v[0]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "mean axis 1 keepDims", v -> ReductionOps.mean(v[0], 1, true),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "max", v -> ReductionOps.max(v[0]), r -> new Variable[] {distinct(r, 3, 4)}));
        c.add(new Case("reduction", "max axis 1", v -> ReductionOps.max(v[0], 1, false),
                r -> new Variable[] {distinct(r, 3, 4)}));
        c.add(new Case("reduction", "softmax axis 1", v -> ReductionOps.softmax(v[0], 1),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "logSoftmax axis 1", v -> ReductionOps.logSoftmax(v[0], 1),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("reduction", "logSumExp axis 0", v -> ReductionOps.logSumExp(v[0], 0, false),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
    }

    private static void layout(List<Case> c) {
        c.add(new Case("layout", "reshape [3,4]→[2,6]", v -> Ops.mul(LayoutOps.reshape(v[0], 2, 6), v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4), uniform(r, -2, 2, 2, 6)}));
        c.add(new Case("layout", "transpose", v -> LayoutOps.transpose(v[0]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("layout", "rows 1..3", v -> LayoutOps.rows(v[0], 1, 3),
                r -> new Variable[] {uniform(r, -2, 2, 4, 3)}));
        c.add(new Case("layout", "gatherRows (repeats)", v -> LayoutOps.gatherRows(v[0], new int[] {2, 0, 2, 1}),
                r -> new Variable[] {uniform(r, -2, 2, 3, 4)}));
        c.add(new Case("layout", "concat axis 1", v -> LayoutOps.concat(1, v[0], v[1]),
                r -> new Variable[] {uniform(r, -2, 2, 3, 2), uniform(r, -2, 2, 3, 4)}));
    }
}
