package dev.descent.train.data;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * A set of examples: a features tensor whose first axis counts the examples ({@code [N, D]}, or {@code [N, 28, 28]}
 * for images) and a targets tensor with the same first axis.
 *
 * <p>For classification the targets are class indices stored as floats, shape {@code [N]}, and
 * {@link #classCount()} is the number of classes; every label is checked to be an integer in
 * {@code [0, classCount)} when the dataset is made, so a bad label is reported here, naming the example, rather than
 * surfacing as an index error in the middle of an epoch. For regression the targets are any {@code [N, …]} values
 * and {@code classCount()} is 0.
 *
 * <p>A dataset never copies what it is given; {@link #rows} is a view and {@link #subset} one gather.
 */
public final class Dataset {
    private final Tensor features;
    private final Tensor targets;
    private final int classCount;

    private Dataset(Tensor features, Tensor targets, int classCount) {
        this.features = features;
        this.targets = targets;
        this.classCount = classCount;
    }

    /**
     * A classification dataset: {@code labels[i]} is the class of example {@code i}, an integer in
     * {@code [0, classCount)}.
     *
     * @throws IllegalArgumentException if the example counts differ, the labels are not a vector, or a label is not
     *                                  an integer in range (the message names the first bad example and its value)
     */
    public static Dataset classification(Tensor features, Tensor labels, int classCount) {
        checkExamples(features, labels);
        if (labels.rank() != 1) {
            throw new IllegalArgumentException("classification labels must have shape [N], got " + labels.shape());
        }
        if (classCount < 1) {
            throw new IllegalArgumentException("classCount must be ≥ 1, got " + classCount);
        }
        float[] a = labels.array();
        for (int i = 0, o = labels.offset(); i < labels.size(); i++) {
            float y = a[o + i];
            if (!(y >= 0 && y < classCount && y == Math.rint(y))) {
                throw new IllegalArgumentException("label of example " + i + " is " + y + ", not a class index in [0, "
                        + classCount + ")");
            }
        }
        return new Dataset(features, labels, classCount);
    }

    /**
     * A classification dataset whose class count is one more than its largest label.
     *
     * @throws IllegalArgumentException as {@link #classification(Tensor, Tensor, int)}, or if there are no examples
     */
    public static Dataset classification(Tensor features, Tensor labels) {
        if (labels.size() == 0) {
            throw new IllegalArgumentException("cannot infer the class count of an empty dataset; give it explicitly");
        }
        float max = labels.max();
        int classes = max >= 0 && max < Integer.MAX_VALUE ? (int) max + 1 : 1;
        return classification(features, labels, classes);
    }

    /** A regression dataset: any targets whose first axis counts the same examples as the features. */
    public static Dataset regression(Tensor features, Tensor targets) {
        checkExamples(features, targets);
        return new Dataset(features, targets, 0);
    }

    private static void checkExamples(Tensor features, Tensor targets) {
        if (features.rank() < 1 || targets.rank() < 1) {
            throw new IllegalArgumentException("features and targets need a first axis counting examples, got "
                    + features.shape() + " and " + targets.shape());
        }
        if (features.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("features " + features.shape() + " and targets " + targets.shape()
                    + " count different numbers of examples (" + features.dim(0) + " vs " + targets.dim(0) + ")");
        }
    }

    /** The number of examples. */
    public int size() {
        return features.dim(0);
    }

    /** The features, {@code [N, …]}. */
    public Tensor features() {
        return features;
    }

    /** The targets, {@code [N]} class indices or {@code [N, …]} regression values. */
    public Tensor targets() {
        return targets;
    }

    /** The number of classes, or 0 for a regression dataset. */
    public int classCount() {
        return classCount;
    }

    /** Whether the targets are class indices. */
    public boolean isClassification() {
        return classCount > 0;
    }

    /** The shape of one example's features (the features' shape without its first axis). */
    public Shape featureShape() {
        return features.shape().reduce(0, false);
    }

    /** The number of feature values per example. */
    public int featureCount() {
        return features.shape().innerSize(0);
    }

    /** The labels as integers (classification only). */
    public int[] labels() {
        if (!isClassification()) {
            throw new IllegalStateException("labels: this is a regression dataset; its targets are not class indices");
        }
        int[] out = new int[size()];
        float[] a = targets.array();
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a[targets.offset() + i];
        }
        return out;
    }

    /** How many examples each class has (classification only). */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int y : labels()) {
            counts[y]++;
        }
        return counts;
    }

    /** Examples {@code from..to-1}, as views sharing this dataset's storage. */
    public Dataset rows(int from, int to) {
        return new Dataset(features.rows(from, to), targets.rows(from, to), classCount);
    }

    /** The examples at {@code indices}, in that order, copied into contiguous storage. */
    public Dataset subset(int... indices) {
        return new Dataset(features.gatherRows(indices), targets.gatherRows(indices), classCount);
    }

    /** The same targets with other features (for example scaled ones) of the same example count. */
    public Dataset withFeatures(Tensor newFeatures) {
        checkExamples(newFeatures, targets);
        return new Dataset(newFeatures, targets, classCount);
    }

    /** The same examples with each one's features flattened to a vector: {@code [N, 28, 28]} becomes {@code [N, 784]}. */
    public Dataset flatten() {
        return withFeatures(features.reshape(size(), featureCount()));
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " examples, features " + featureShape()
                + (isClassification() ? ", " + classCount + " classes" : ", targets " + targets.shape()) + "]";
    }
}
