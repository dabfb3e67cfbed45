package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.cli.experiment.DataSource;
import dev.descent.train.Evaluation;
import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;
import dev.descent.train.metrics.ConfusionMatrix;

import java.util.Locale;

/**
 * A saved run measured on labelled data, as Keras's {@code model.evaluate}: the loss the run was trained on (with its
 * label smoothing, class weights and L1/L2 penalty), the accuracy and the confusion matrix, computed as
 * {@code descent train} computed them on its test set — so that the run's own test split gives its figures again,
 * to the bit.
 *
 * @param data        what was measured, e.g. {@code digits (built in, …), the run's test split (seed 1)}
 * @param evaluation  the mean loss and the accuracy
 * @param confusion   the confusion matrix over the model's classes
 */
public record RunEvaluation(String data, Evaluation evaluation, ConfusionMatrix confusion) {

    /** Which examples of the data to measure. */
    public enum Split {
        /** The test part of the data's split seeded as the run's: on the run's own data, its test set. */
        TEST,
        /** Every example. */
        ALL;

        /** {@code test} or {@code all}. */
        public static Split byName(String name) {
            for (Split s : values()) {
                if (s.name().equalsIgnoreCase(name.strip())) {
                    return s;
                }
            }
            throw new BadInputException("--split must be test or all, got '" + name + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Measures {@code run} on {@code split} of {@code source}, standardized with the run's statistics.
     *
     * @throws BadInputException if the data has another feature count than the model, or labels beyond its classes
     */
    public static RunEvaluation of(SavedRun run, DataSource source, Split split) {
        RunRecord record = run.record();
        int classes = record.classes();
        Dataset raw = split == Split.TEST ? source.split(record.data().seed(), classes).test().flatten()
                : source.all(classes);
        if (raw.classCount() > classes) {
            throw new BadInputException(source.label() + " has " + raw.classCount() + " classes but the model "
                    + "predicts " + classes);
        }
        Dataset data = run.standardize(Dataset.classification(raw.features(), raw.targets(), classes),
                source.label());
        if (data.size() == 0) {
            throw new BadInputException("the " + split + " split of " + source.label() + " has no examples");
        }
        Trainer evaluator = run.evaluator();
        String what = source.label() + ", " + (split == Split.ALL ? "all examples"
                : (source.sameData(record.data().source()) ? "the run's test split" : "the test part of a split")
                + " (seed " + record.data().seed() + ")");
        return new RunEvaluation(what, evaluator.evaluate(data), ConfusionMatrix.of(evaluator, data));
    }
}
