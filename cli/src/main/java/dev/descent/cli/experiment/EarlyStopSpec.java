package dev.descent.cli.experiment;

import dev.descent.train.EpochLogs;
import dev.descent.train.callbacks.EarlyStopping;

/**
 * {@code --early-stop PATIENCE[:MIN_DELTA]}: train's {@link EarlyStopping} on {@code val_loss} with the best weights
 * restored — Keras 3's rule: stop once {@code val_loss} has not fallen below its best by more than MIN_DELTA (0) for
 * PATIENCE epochs; at the end (stopped or not) the model gets the weights of its best epoch back.
 *
 * @param patience epochs without improvement to tolerate, ≥ 0
 * @param minDelta how much lower counts as lower, ≥ 0
 */
public record EarlyStopSpec(int patience, double minDelta) {

    static final String USAGE = "PATIENCE[:MIN_DELTA]";

    public static EarlyStopSpec parse(String text) {
        SpecParts p = SpecParts.of("--early-stop", text);
        p.expect(USAGE);
        int patience = (int) Math.min(p.whole(0, "PATIENCE", 0), 100_000);
        double minDelta = p.has(1) ? p.nonNegative(1, "MIN_DELTA") : 0;
        return new EarlyStopSpec(patience, minDelta);
    }

    /**
     * The callback, silent: the commands report the stop and the restored epoch once, after the run (a verbose
     * callback printed Keras's two lines just above that summary).
     */
    public EarlyStopping callback() {
        return new EarlyStopping(EpochLogs.VAL_LOSS).patience(patience).minDelta(minDelta).restoreBestWeights(true);
    }

    @Override
    public String toString() {
        return "early stop after " + patience + " epochs without a lower val_loss"
                + (minDelta > 0 ? " (by " + minDelta + ")" : "");
    }
}
