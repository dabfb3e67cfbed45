package dev.descent.train;

/**
 * A model's loss and accuracy on a dataset, from {@link Trainer#evaluate}.
 *
 * @param loss     the mean loss per example
 * @param accuracy the fraction classified correctly (NaN for a regression dataset)
 * @param examples how many examples were evaluated
 */
public record Evaluation(double loss, double accuracy, int examples) {
    @Override
    public String toString() {
        return "loss: " + EpochLogs.formatValue(EpochLogs.LOSS, loss)
                + (Double.isNaN(accuracy) ? "" : " - accuracy: " + EpochLogs.formatValue(EpochLogs.ACCURACY, accuracy))
                + " (" + examples + " examples)";
    }
}
