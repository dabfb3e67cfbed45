package dev.descent.train;

import java.util.Arrays;
import java.util.List;

/**
 * What a learning-rate range test ({@link LrFinder}) recorded: for every step i the rate lrᵢ it trained with, the
 * batch's loss before the step, and that loss smoothed ({@link SmoothedLoss}); why it stopped early, if it did; and
 * fastai's two {@linkplain LrSuggestion suggestions}.
 *
 * <p><b>Which points the suggestions read</b>, as fastai's {@code lr_find}: the smoothed losses of points
 * {@code [n/10, recorded − 5)}, n being the steps asked for — the first tenth is still dominated by the starting loss
 * and the last five by the divergence — cut before the first non-finite value. A test that stopped so early that
 * fewer than two points remain (fastai fails there) reads all its finite points instead.
 */
public final class LrCurve {
    private final double[] lrs;
    private final double[] losses;
    private final double[] smoothed;
    private final int requestedSteps;
    private final String stopReason;
    private final LrSuggestion steep;
    private final LrSuggestion minimum;

    /**
     * A curve of {@code lrs.length} points out of {@code requestedSteps} asked for.
     *
     * @param stopReason why the test stopped before {@code requestedSteps}, or null if it ran them all
     */
    public LrCurve(double[] lrs, double[] losses, double[] smoothed, int requestedSteps, String stopReason) {
        if (lrs.length != losses.length || lrs.length != smoothed.length) {
            throw new IllegalArgumentException("a curve needs as many rates, losses and smoothed losses; got "
                    + lrs.length + ", " + losses.length + " and " + smoothed.length);
        }
        if (lrs.length > requestedSteps) {
            throw new IllegalArgumentException(lrs.length + " points but only " + requestedSteps + " steps asked for");
        }
        this.lrs = lrs.clone();
        this.losses = losses.clone();
        this.smoothed = smoothed.clone();
        this.requestedSteps = requestedSteps;
        this.stopReason = stopReason;
        int finite = firstNonFinite(smoothed);
        int from = requestedSteps / 10, to = Math.min(lrs.length - 5, finite);
        if (to - from < 2) {
            from = 0;
            to = finite;
        }
        this.steep = LrSuggestion.steep(lrs, smoothed, from, to);
        this.minimum = LrSuggestion.minimum(lrs, smoothed, from, to);
    }

    private static int firstNonFinite(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return v.length;
    }

    /** The number of points recorded. */
    public int size() {
        return lrs.length;
    }

    /** The steps the test was asked to run. */
    public int requestedSteps() {
        return requestedSteps;
    }

    /** The learning rate of each step. */
    public double[] lrs() {
        return lrs.clone();
    }

    /** Each step's batch loss, computed before the step. */
    public double[] losses() {
        return losses.clone();
    }

    /** The losses smoothed with bias correction ({@link SmoothedLoss}, β = 0.98). */
    public double[] smoothedLosses() {
        return smoothed.clone();
    }

    /** Why the test stopped before its last step (divergence, a non-finite loss), or null if it ran every step. */
    public String stopReason() {
        return stopReason;
    }

    /** fastai's {@code steep}: the rate at the steepest descent of the smoothed loss against log lr. */
    public LrSuggestion steep() {
        return steep;
    }

    /** fastai's {@code minimum}: a tenth of the rate at the lowest smoothed loss. */
    public LrSuggestion minimum() {
        return minimum;
    }

    /** Both suggestions: steep, then minimum/10. */
    public List<LrSuggestion> suggestions() {
        return List.of(steep, minimum);
    }

    /** {@code step,lr,loss,smoothed_loss}, one line per step; numbers as {@link Double#toString}, exact. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("step,lr,loss,smoothed_loss\n");
        for (int i = 0; i < lrs.length; i++) {
            sb.append(i).append(',').append(lrs[i]).append(',').append(losses[i]).append(',').append(smoothed[i])
                    .append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "LrCurve[" + lrs.length + " of " + requestedSteps + " steps, lr " + (lrs.length == 0 ? "-"
                : lrs[0] + " … " + lrs[lrs.length - 1]) + ", suggestions " + Arrays.toString(
                suggestions().toArray()) + (stopReason == null ? "" : ", stopped: " + stopReason) + "]";
    }
}
