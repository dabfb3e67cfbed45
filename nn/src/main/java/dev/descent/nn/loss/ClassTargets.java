package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.Arrays;

/**
 * What {@link CrossEntropyLoss} and {@link NLLLoss} share: class-index targets checked against scores {@code [C]},
 * {@code [N, C]} or {@code [N, C, d₁, …, d_k]} (one index per position: the scores' shape without the class axis),
 * PyTorch's per-class {@code weight} and its {@code ignore_index}. A target {@code yᵢ} counts with weight
 * {@code w_yᵢ} (1 when unweighted) or, when it is the ignored index, with weight 0; the MEAN reduction divides by the
 * total weight {@code Σᵢ w_yᵢ} of the counted targets. Immutable.
 */
final class ClassTargets {
    /** PyTorch's default {@code ignore_index}. */
    static final int DEFAULT_IGNORE_INDEX = -100;

    private final String owner;  // the loss's class name, for errors in its options
    private final String op;     // the operation's name, for errors in its inputs
    private final String scores; // what the [N, C, …] input holds: "logits", "log-probabilities"
    private final float[] weights; // null: every class weighs 1
    private final int ignoreIndex;
    private final boolean probabilities; // whether the loss also takes class probabilities (for errors)

    ClassTargets(String owner, String op, String scores, boolean probabilities) {
        this(owner, op, scores, probabilities, null, DEFAULT_IGNORE_INDEX);
    }

    private ClassTargets(String owner, String op, String scores, boolean probabilities, float[] weights,
                         int ignoreIndex) {
        this.owner = owner;
        this.op = op;
        this.scores = scores;
        this.probabilities = probabilities;
        this.weights = weights;
        this.ignoreIndex = ignoreIndex;
    }

    /**
     * These targets with a weight per class: a vector of C finite values, checked against the scores at each call.
     *
     * @throws IllegalArgumentException if {@code weights} is not a vector of finite values
     */
    ClassTargets withWeights(Tensor weights) {
        float[] w = weights.toArray();
        boolean finite = true;
        for (float v : w) {
            finite &= Float.isFinite(v);
        }
        if (weights.rank() != 1 || !finite) {
            throw new IllegalArgumentException(owner + ": class weights must be a vector of finite values, got "
                    + "shape " + weights.shape() + (finite ? "" : " holding a non-finite value"));
        }
        return new ClassTargets(owner, op, scores, probabilities, w, ignoreIndex);
    }

    ClassTargets withIgnoreIndex(int index) {
        return new ClassTargets(owner, op, scores, probabilities, weights, index);
    }

    boolean ignored(int target) {
        return target == ignoreIndex;
    }

    /** C, the number of classes of scores {@code [C]}, {@code [N, C]} or {@code [N, C, d₁, …, d_k]}. */
    int classes(Variable input) {
        Shape s = input.shape();
        if (s.rank() == 0 || s.dim(ClassAxis.classAxis(s)) == 0) {
            throw new IllegalArgumentException(op + ": " + scores + " must have shape [C], [N, C] or [N, C, d1, …, dk]"
                    + " with C > 0, got " + s);
        }
        return s.dim(ClassAxis.classAxis(s));
    }

    /**
     * A tensor of class indices stored as whole floats, shaped as the scores without their class axis ({@code [N]}
     * for {@code [N, C]}, {@code [N, d₁, …, d_k]} for {@code [N, C, d₁, …, d_k]}, a scalar for {@code [C]}), as ints
     * in row-major order; every value checked.
     */
    int[] indices(Variable input, Tensor target) {
        int c = classes(input);
        Shape positions = ClassAxis.positions(input.shape());
        if (!target.shape().equals(positions)) {
            throw new IllegalArgumentException(op + ": target of shape " + target.shape() + " does not fit " + scores
                    + " of shape " + input.shape() + ": class indices need shape " + positions
                    + " (the " + scores + "' shape without the class axis)" + (probabilities
                    ? ", class probabilities shape " + input.shape() : ""));
        }
        int[] classes = new int[target.size()];
        for (int i = 0; i < classes.length; i++) {
            float v = target.getFlat(i);
            if (!(v >= 0 && v < c || v == ignoreIndex) || v != Math.rint(v)) {
                throw notAClass(i, positions, String.valueOf(v), c);
            }
            classes[i] = (int) v;
        }
        return classes;
    }

    /**
     * Checks {@code target} against the scores — one index in {@code [0, C)} or {@code ignore_index} per position,
     * in row-major order — and the class weights against C.
     *
     * @return the class weights, or null when unweighted
     */
    float[] check(Variable input, int[] target) {
        int c = classes(input);
        Shape positions = ClassAxis.positions(input.shape());
        int n = positions.size();
        if (target.length != n) {
            throw new IllegalArgumentException(op + ": " + target.length + " targets for " + scores + " of shape "
                    + input.shape() + " (expected " + n + (positions.rank() == 1 ? ""
                    : ", one per position of " + positions) + ")");
        }
        for (int i = 0; i < n; i++) {
            if ((target[i] < 0 || target[i] >= c) && target[i] != ignoreIndex) {
                throw notAClass(i, positions, String.valueOf(target[i]), c);
            }
        }
        return checkWeights(input, c);
    }

    /**
     * Checks class probabilities {@code q} (the scores' shape, finite values) and the options against the scores: no
     * ignore_index that names a class (PyTorch rejects any ignore_index ≥ 0 with probabilities; a negative one names
     * no class, so has nothing to ignore), and the class weights against C.
     *
     * @return the class weights, or null when unweighted
     */
    float[] checkProbabilities(Variable input, Tensor q) {
        int c = classes(input);
        if (ignoreIndex >= 0) {
            throw new IllegalArgumentException(op + ": ignore_index " + ignoreIndex + " is not supported with class "
                    + "probabilities (target of shape " + q.shape() + ", as the " + scores + "), as in PyTorch: "
                    + "pass class indices of shape " + ClassAxis.positions(input.shape()) + " to ignore positions");
        }
        for (int i = 0; i < q.size(); i++) {
            float v = q.getFlat(i);
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(op + ": class probability target" + position(i, q.shape())
                        + " = " + v + " is not finite (target of shape " + q.shape() + ")");
            }
        }
        return checkWeights(input, c);
    }

    private float[] checkWeights(Variable input, int c) {
        if (weights != null && weights.length != c) {
            throw new IllegalArgumentException(op + ": " + weights.length + " class weights for " + scores
                    + " of shape " + input.shape() + " (expected " + c + ")");
        }
        return weights;
    }

    /** {@code w_y}: the weight target {@code y} counts with, 0 if ignored. */
    double weight(int y) {
        return y == ignoreIndex ? 0 : weights == null ? 1 : weights[y];
    }

    /** The MEAN reduction's denominator: {@code Σᵢ w_yᵢ} over the targets not ignored (their number, unweighted). */
    double counted(int[] target) {
        double total = 0;
        for (int y : target) {
            total += weight(y);
        }
        return total;
    }

    private IllegalArgumentException notAClass(int i, Shape positions, String value, int c) {
        return new IllegalArgumentException(op + ": target" + position(i, positions) + " = " + value
                + " is not a class index in [0, " + c + ") nor ignore_index " + ignoreIndex);
    }

    /** Row-major index {@code i} of {@code shape} as {@code "[n, j, k]"} (nothing for a scalar). */
    private static String position(int i, Shape shape) {
        if (shape.rank() == 0) {
            return "";
        }
        int[] at = new int[shape.rank()];
        for (int k = at.length - 1, rest = i; k >= 0; k--) {
            at[k] = rest % shape.dim(k);
            rest /= shape.dim(k);
        }
        return Arrays.toString(at);
    }

    /** The options for a loss's {@code toString}: {@code ", weight=[…], ignore_index=…"}. */
    @Override
    public String toString() {
        return (weights != null ? ", weight=" + Arrays.toString(weights) : "") + ", ignore_index=" + ignoreIndex;
    }
}
