package dev.descent.cli.experiment;

import dev.descent.train.EpochLogs;
import dev.descent.train.callbacks.ReduceLROnPlateau;

/**
 * {@code --plateau [FACTOR[:PATIENCE[:COOLDOWN[:MIN_LR]]]]}: train's {@link ReduceLROnPlateau} on {@code val_loss}
 * with Keras 3's rule and defaults (factor 0.1, patience 10, cooldown 0, min_lr 0; min_delta 1e-4): after PATIENCE
 * epochs without a lower {@code val_loss}, {@code lr ← max(lr · FACTOR, MIN_LR)}, then COOLDOWN epochs in which
 * nothing counts.
 *
 * @param factor   the multiplier of a cut, in (0, 1)
 * @param patience epochs without improvement before a cut, ≥ 0
 * @param cooldown epochs after a cut that do not count, ≥ 0
 * @param minLr    the floor of the rate, ≥ 0
 */
public record PlateauSpec(double factor, int patience, int cooldown, double minLr) {

    static final String USAGE = "FACTOR[:PATIENCE[:COOLDOWN[:MIN_LR]]]";

    /** Keras's defaults: what {@code --plateau} alone means. */
    public static final String DEFAULT = "0.1:10:0:0";

    public static PlateauSpec parse(String text) {
        SpecParts p = SpecParts.of("--plateau", text);
        p.expect(USAGE);
        double factor = p.within(0, "FACTOR", 0, true, 1, true);
        int patience = p.has(1) ? (int) Math.min(p.whole(1, "PATIENCE", 0), 100_000) : 10;
        int cooldown = p.has(2) ? (int) Math.min(p.whole(2, "COOLDOWN", 0), 100_000) : 0;
        double minLr = p.has(3) ? p.nonNegative(3, "MIN_LR") : 0;
        return new PlateauSpec(factor, patience, cooldown, minLr);
    }

    /** The callback; {@code verbose} prints each cut. */
    public ReduceLROnPlateau callback(boolean verbose) {
        return new ReduceLROnPlateau(EpochLogs.VAL_LOSS).factor(factor).patience(patience).cooldown(cooldown)
                .minLr(minLr).verbose(verbose);
    }

    @Override
    public String toString() {
        return "lr × " + factor + " after " + patience + " epochs without a lower val_loss"
                + (cooldown > 0 ? ", cooldown " + cooldown : "") + (minLr > 0 ? ", floor " + minLr : "");
    }
}
