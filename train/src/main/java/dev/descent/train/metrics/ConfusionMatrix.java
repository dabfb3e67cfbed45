package dev.descent.train.metrics;

import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;

import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * The counts of a classifier's decisions: {@code count(a, p)} is how many examples of actual class a were predicted
 * as class p (rows actual, columns predicted, as scikit-learn's {@code confusion_matrix}), and the precision, recall
 * and F1 scores derived from them, as scikit-learn's {@code precision_recall_fscore_support} with
 * {@code labels=range(classes)} and {@code zero_division=0}.
 *
 * <p>For class c, with n examples in all:
 * <ul>
 *   <li>TP<sub>c</sub> = count(c, c); FP<sub>c</sub> = Σ<sub>a≠c</sub> count(a, c) (predicted c, actually not);
 *       FN<sub>c</sub> = Σ<sub>p≠c</sub> count(c, p) (actually c, predicted not).</li>
 *   <li>support s<sub>c</sub> = TP<sub>c</sub> + FN<sub>c</sub>, the row sum: how many examples are of class c.</li>
 *   <li>precision P<sub>c</sub> = TP<sub>c</sub> / (TP<sub>c</sub> + FP<sub>c</sub>), <b>0 when class c is never
 *       predicted</b> (the column sum is 0).</li>
 *   <li>recall R<sub>c</sub> = TP<sub>c</sub> / s<sub>c</sub>, <b>0 when class c never occurs</b>
 *       (s<sub>c</sub> = 0).</li>
 *   <li>F1<sub>c</sub> = 2·P<sub>c</sub>·R<sub>c</sub> / (P<sub>c</sub> + R<sub>c</sub>), <b>0 when
 *       P<sub>c</sub> + R<sub>c</sub> = 0</b>; equal to 2·TP<sub>c</sub> / (2·TP<sub>c</sub> + FP<sub>c</sub> +
 *       FN<sub>c</sub>), which is how it is computed.</li>
 *   <li>accuracy = Σ<sub>c</sub> TP<sub>c</sub> / n, the trace over the total.</li>
 * </ul>
 * The {@link Average averages} then fold the per-class values: macro and weighted average the per-class scores
 * (macro F1 is the mean of the F1<sub>c</sub>, not the F1 of the macro precision and recall, as in scikit-learn), and
 * a class that is neither present nor predicted still counts in the macro mean, with 0.
 *
 * <pre>{@code
 * ConfusionMatrix m = ConfusionMatrix.of(trainer, data.test());
 * System.out.print(m.report());        // scikit-learn's classification_report
 * System.out.print(m.matrixTable());   // rows actual, columns predicted
 * }</pre>
 */
public final class ConfusionMatrix {
    private final int classes;
    /** counts[a * classes + p]. */
    private final long[] counts;
    private final long total;

    /**
     * The matrix of {@code predicted[i]} against {@code actual[i]} over every example i.
     *
     * @throws IllegalArgumentException if {@code classes < 1}, the arrays differ in length or are empty, or a label
     *                                  is outside {@code [0, classes)} (the message names the example and its value)
     */
    public ConfusionMatrix(int[] actual, int[] predicted, int classes) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs classes ≥ 1, got " + classes);
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual and predicted labels differ in length: " + actual.length
                    + " vs " + predicted.length);
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one example, got none");
        }
        this.classes = classes;
        this.counts = new long[classes * classes];
        for (int i = 0; i < actual.length; i++) {
            checkLabel("actual", i, actual[i]);
            checkLabel("predicted", i, predicted[i]);
            counts[actual[i] * classes + predicted[i]]++;
        }
        this.total = actual.length;
    }

    private void checkLabel(String which, int example, int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(which + " label of example " + example + " is " + label
                    + ", not a class in [0, " + classes + ")");
        }
    }

    /**
     * The matrix of {@code trainer}'s {@link Trainer#predictClasses predicted classes} on {@code data} (evaluation
     * mode, no graph, in the trainer's evaluation batches) against its labels, over its {@code classCount()} classes.
     *
     * @throws IllegalArgumentException if {@code data} is not classification data or is empty, or the model predicts
     *                                  a class beyond the data's class count (more outputs than classes)
     */
    public static ConfusionMatrix of(Trainer trainer, Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("a confusion matrix needs classification data, got " + data);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one example, got " + data);
        }
        return new ConfusionMatrix(data.labels(), trainer.predictClasses(data.features()), data.classCount());
    }

    /** The number of classes K (the matrix is K × K). */
    public int classes() {
        return classes;
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        Objects.checkIndex(actual, classes);
        Objects.checkIndex(predicted, classes);
        return counts[actual * classes + predicted];
    }

    /** The number of examples n, the sum of every count. */
    public long total() {
        return total;
    }

    /** The fraction classified correctly: the trace over n. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += truePositives(c);
        }
        return (double) correct / total;
    }

    /** s<sub>c</sub>: how many examples are of class c (row c's sum). */
    public long support(int c) {
        Objects.checkIndex(c, classes);
        return sum(c * classes, 1);
    }

    /** How many examples were predicted as class c (column c's sum), TP<sub>c</sub> + FP<sub>c</sub>. */
    public long predictedCount(int c) {
        Objects.checkIndex(c, classes);
        return sum(c, classes);
    }

    /** The sum of a row (stride 1) or a column (stride K) of the counts. */
    private long sum(int start, int stride) {
        long s = 0;
        for (int k = 0; k < classes; k++) {
            s += counts[start + k * stride];
        }
        return s;
    }

    private long truePositives(int c) {
        return counts[c * classes + c];
    }

    /** P<sub>c</sub> = TP<sub>c</sub> / (TP<sub>c</sub> + FP<sub>c</sub>), 0 if class c is never predicted. */
    public double precision(int c) {
        return ratio(truePositives(c), predictedCount(c));
    }

    /** R<sub>c</sub> = TP<sub>c</sub> / s<sub>c</sub>, 0 if class c never occurs. */
    public double recall(int c) {
        return ratio(truePositives(c), support(c));
    }

    /** F1<sub>c</sub> = 2·TP<sub>c</sub> / (2·TP<sub>c</sub> + FP<sub>c</sub> + FN<sub>c</sub>), 0 if that is 0/0. */
    public double f1(int c) {
        return ratio(2 * truePositives(c), predictedCount(c) + support(c));
    }

    /** Precision folded over the classes as {@code average} says. */
    public double precision(Average average) {
        return average(average, this::precision);
    }

    /** Recall folded over the classes as {@code average} says. */
    public double recall(Average average) {
        return average(average, this::recall);
    }

    /** F1 folded over the classes as {@code average} says (micro: of the pooled counts, which is the accuracy). */
    public double f1(Average average) {
        return average(average, this::f1);
    }

    private double average(Average average, IntToDoubleFunction perClass) {
        return switch (Objects.requireNonNull(average, "average")) {
            case MACRO -> weightedMean(c -> 1, perClass);
            case WEIGHTED -> weightedMean(this::support, perClass);
            // Pooled: Σ TP over Σ (TP + FP) = Σ TP over Σ (TP + FN) = correct / n, every example one decision.
            case MICRO -> accuracy();
        };
    }

    /** Σ w<sub>c</sub>·m<sub>c</sub> / Σ w<sub>c</sub>. */
    private double weightedMean(IntToLongFunction weight, IntToDoubleFunction perClass) {
        double sum = 0;
        long weights = 0;
        for (int c = 0; c < classes; c++) {
            long w = weight.applyAsLong(c);
            sum += w * perClass.applyAsDouble(c);
            weights += w;
        }
        return sum / weights;
    }

    /** zero_division=0: a ratio with nothing to count is 0, never NaN. */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** scikit-learn's {@code classification_report} with 2 digits and class names "0", "1", …. */
    public String report() {
        return ClassificationReport.format(this, null, 2);
    }

    /**
     * scikit-learn's {@code classification_report(…, target_names=classNames, digits=digits)}.
     *
     * @param classNames one name per class, or null for "0", "1", …
     */
    public String report(String[] classNames, int digits) {
        return ClassificationReport.format(this, classNames, digits);
    }

    /** The counts as a table, rows actual and columns predicted, classes named "0", "1", …. */
    public String matrixTable() {
        return MatrixTable.text(this, null);
    }

    /** The counts as a table, rows actual and columns predicted, labelled with {@code classNames} (or null). */
    public String matrixTable(String[] classNames) {
        return MatrixTable.text(this, classNames);
    }

    /** {@link #toCsv(String[])} with classes named "0", "1", …. */
    public String toCsv() {
        return MatrixTable.csv(this, null);
    }

    /** The counts as CSV: a header {@code actual\predicted,<names…>}, then one row per actual class. */
    public String toCsv(String[] classNames) {
        return MatrixTable.csv(this, classNames);
    }

    /** {@link #report()}. */
    @Override
    public String toString() {
        return report();
    }
}
