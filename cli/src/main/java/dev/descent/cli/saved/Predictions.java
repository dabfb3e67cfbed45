package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.cli.experiment.Results;
import dev.descent.core.Tensor;
import dev.descent.train.data.CsvReader;
import dev.descent.train.data.Dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved run's predictions for the rows of a CSV file, as Keras's {@code model.predict} followed by a softmax: each
 * row is standardized with the run's statistics and passed through the network in evaluation mode; its class
 * probabilities are the softmax of the logits,
 * <pre>  p_c = exp(z_c − max z) / Σ_k exp(z_k − max z)</pre>
 * and its predicted class the argmax of the logits (the first on ties, as {@code torch.argmax}) — the class
 * {@code descent evaluate} counts.
 *
 * <p>The file holds numbers only, with or without a header line. Its column count decides what it holds: the
 * model's feature count D means features only; D + 1 means features and then the label, a class index, which is
 * kept to be copied out and scored. (A one-feature model's input needs the label column: a CSV row of one cell is
 * not read.)
 */
public final class Predictions {

    private final RunRecord record;
    private final int[] labels;
    private final int[] predicted;
    private final Tensor probabilities;

    private Predictions(RunRecord record, int[] labels, int[] predicted, Tensor probabilities) {
        this.record = record;
        this.labels = labels;
        this.predicted = predicted;
        this.probabilities = probabilities;
    }

    /**
     * The predictions of {@code run} for the rows of {@code csv}.
     *
     * @throws IOException       if the file cannot be read or is not a CSV file of numbers (naming line and column)
     * @throws BadInputException if its column count is neither the model's feature count nor one more, or a label
     *                           is not one of the model's classes
     */
    public static Predictions of(SavedRun run, Path csv) throws IOException {
        RunRecord record = run.record();
        // Read with the last column as a "target" so that the reader's checks (numbers, one column count) apply
        // whether or not that column is a label; the count then says which it is.
        Dataset read = CsvReader.regression().read(csv);
        int columns = read.featureCount() + 1, inputs = record.inputs();
        Tensor features;
        int[] labels = null;
        if (columns == inputs) {
            features = Tensor.concat(1, read.features(), read.targets());
        } else if (columns == inputs + 1) {
            features = read.features();
            labels = labels(read, record.classes(), csv);
        } else {
            throw new BadInputException(csv + " has " + columns + " columns, but the model takes " + inputs
                    + " features: give " + inputs + " columns of features, or " + (inputs + 1)
                    + " with the label last");
        }
        Tensor logits = run.evaluator().predict(run.standardize(features, csv.toString()));
        return new Predictions(record, labels, logits.argmax(1), logits.softmax(1));
    }

    private static int[] labels(Dataset read, int classes, Path csv) {
        Tensor column = read.targets().reshape(read.size());
        try {
            return Dataset.classification(read.features(), column, classes).labels();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(csv + ": " + e.getMessage() + " (the file has one column more than the model's "
                    + "features, so its last column is read as the label)", e);
        }
    }

    /** How many rows were predicted. */
    public int rows() {
        return predicted.length;
    }

    /** The predicted class of each row. */
    public int[] predicted() {
        return predicted.clone();
    }

    /** {@code [rows, classes]}: each row's class probabilities. */
    public Tensor probabilities() {
        return probabilities;
    }

    /** Whether the input had a label column. */
    public boolean labelled() {
        return labels != null;
    }

    /** How many rows were predicted as their label (0 without labels). */
    public int correct() {
        int n = 0;
        for (int i = 0; labels != null && i < labels.length; i++) {
            n += labels[i] == predicted[i] ? 1 : 0;
        }
        return n;
    }

    /** The fraction of rows predicted as their label (NaN without labels). */
    public double accuracy() {
        return labels == null ? Double.NaN : (double) correct() / rows();
    }

    /**
     * The CSV: a header, then per row {@code [label,] predicted, probability, p_<class>…} — classes by name when
     * the run knows them, else by index; probabilities as the shortest decimal that reads back as the same float.
     */
    public String toCsv() {
        int classes = record.classes();
        StringBuilder sb = new StringBuilder();
        if (labels != null) {
            sb.append("label,");
        }
        sb.append("predicted,probability");
        for (int c = 0; c < classes; c++) {
            sb.append(',').append(Results.csv("p_" + record.className(c)));
        }
        sb.append('\n');
        for (int i = 0; i < predicted.length; i++) {
            if (labels != null) {
                sb.append(Results.csv(record.className(labels[i]))).append(',');
            }
            sb.append(Results.csv(record.className(predicted[i]))).append(',')
                    .append(probabilities.get(i, predicted[i]));
            for (int c = 0; c < classes; c++) {
                sb.append(',').append(probabilities.get(i, c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
