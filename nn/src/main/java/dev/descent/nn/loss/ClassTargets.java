package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

import java.util.Arrays;

/**
 * What {@link CrossEntropyLoss} and {@link NLLLoss} share: class-index targets checked against scores {@code [N, C]},
 * PyTorch's per-class {@code weight} and its {@code ignore_index}. A target {@code yᵢ} counts with weight
 * {@code w_yᵢ} (1 when unweighted) or, when it is the ignored index, with weight 0; the MEAN reduction divides by the
 * total weight {@code Σᵢ w_yᵢ} of the counted targets. Immutable.
 */
final class ClassTargets {
    /** PyTorch's default {@code ignore_index}. */
    static final int DEFAULT_IGNORE_INDEX = -100;

    private final String owner;  // the loss's class name, for errors in its options
    private final String op;     // the operation's name, for errors in its inputs
    private final String scores; // what the [N, C] input holds: "logits", "log-probabilities"
    private final float[] weights; // null: every class weighs 1
    private final int ignoreIndex;

    ClassTargets(String owner, String op, String scores) {
        this(owner, op, scores, null, DEFAULT_IGNORE_INDEX);
    }

    private ClassTargets(String owner, String op, String scores, float[] weights, int ignoreIndex) {
        this.owner = owner;
        this.op = op;
        this.scores = scores;
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
        return new ClassTargets(owner, op, scores, w, ignoreIndex);
    }

    ClassTargets withIgnoreIndex(int index) {
        return new ClassTargets(owner, op, scores, weights, index);
    }

    boolean ignored(int target) {
        return target == ignoreIndex;
    }

    /** C, the number of classes of scores {@code [N, C]}. */
    int classes(Variable input) {
        if (input.shape().rank() != 2 || input.shape().dim(1) == 0) {
            throw new IllegalArgumentException(op + ": " + scores + " must have shape [N, C] with C > 0, got "
                    + input.shape());
        }
        return input.shape().dim(1);
    }

    /** A tensor {@code [N]} of class indices stored as whole floats, as ints; every value checked. */
    int[] indices(Variable input, Tensor target) {
        int c = classes(input);
        if (target.rank() != 1) {
            throw new IllegalArgumentException(op + ": target must be a vector of N class indices, got shape "
                    + target.shape() + " for " + scores + " " + input.shape());
        }
        int[] classes = new int[target.size()];
        for (int i = 0; i < classes.length; i++) {
            float v = target.getFlat(i);
            if (!(v >= 0 && v < c || v == ignoreIndex) || v != Math.rint(v)) {
                throw notAClass(i, String.valueOf(v), c);
            }
            classes[i] = (int) v;
        }
        return classes;
    }

    /**
     * Checks {@code target} against the scores — one index in {@code [0, C)} or {@code ignore_index} per row — and
     * the class weights against C.
     *
     * @return the class weights, or null when unweighted
     */
    float[] check(Variable input, int[] target) {
        int c = classes(input);
        int n = input.shape().dim(0);
        if (target.length != n) {
            throw new IllegalArgumentException(op + ": " + target.length + " targets for " + scores + " of shape "
                    + input.shape() + " (expected " + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if ((target[i] < 0 || target[i] >= c) && target[i] != ignoreIndex) {
                throw notAClass(i, String.valueOf(target[i]), c);
            }
        }
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

    private IllegalArgumentException notAClass(int i, String value, int c) {
        return new IllegalArgumentException(op + ": target[" + i + "] = " + value + " is not a class index in [0, "
                + c + ") nor ignore_index " + ignoreIndex);
    }

    /** The options for a loss's {@code toString}: {@code ", weight=[…], ignore_index=…"}. */
    @Override
    public String toString() {
        return (weights != null ? ", weight=" + Arrays.toString(weights) : "") + ", ignore_index=" + ignoreIndex;
    }
}
