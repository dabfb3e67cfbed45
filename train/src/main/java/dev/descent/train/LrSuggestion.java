package dev.descent.train;

/**
 * A learning rate read off a range test's smoothed loss curve (see {@link LrFinder}), as fastai's {@code lr_find}
 * suggests them: the rate itself, and the index of the curve's point it comes from (to mark on a chart).
 *
 * @param method {@code "steep"} or {@code "minimum/10"}
 * @param lr     the suggested rate, NaN when the curve has too few points for the method
 * @param index  the point of the curve the suggestion comes from, −1 with a NaN rate
 */
public record LrSuggestion(String method, double lr, int index) {

    /** The names of the two methods. */
    public static final String STEEP = "steep", MINIMUM = "minimum/10";

    /**
     * fastai's {@code steep}: the rate where the loss falls fastest against log lr. Over points {@code [from, to)}
     * the finite differences
     * <pre>
     * gⱼ = (lossⱼ₊₁ − lossⱼ) / (ln lrⱼ₊₁ − ln lrⱼ),   from ≤ j &lt; to − 1
     * </pre>
     * are formed and the suggestion is lrⱼ at the most negative gⱼ (the first, on a tie), the left end of the
     * steepest segment. Needs two points.
     */
    public static LrSuggestion steep(double[] lrs, double[] losses, int from, int to) {
        checkRange(lrs, losses, from, to);
        int best = -1;
        double steepest = Double.POSITIVE_INFINITY;
        for (int j = from; j + 1 < to; j++) {
            double g = (losses[j + 1] - losses[j]) / (Math.log(lrs[j + 1]) - Math.log(lrs[j]));
            if (g < steepest) {
                steepest = g;
                best = j;
            }
        }
        return best < 0 ? new LrSuggestion(STEEP, Double.NaN, -1) : new LrSuggestion(STEEP, lrs[best], best);
    }

    /**
     * fastai's {@code minimum}: a tenth of the rate at the lowest loss of points {@code [from, to)} (the first, on a
     * tie) — the minimum itself is already too fast, the loss about to climb. Needs one point.
     */
    public static LrSuggestion minimum(double[] lrs, double[] losses, int from, int to) {
        checkRange(lrs, losses, from, to);
        int best = -1;
        for (int j = from; j < to; j++) {
            if (best < 0 || losses[j] < losses[best]) {
                best = j;
            }
        }
        return best < 0 ? new LrSuggestion(MINIMUM, Double.NaN, -1) : new LrSuggestion(MINIMUM, lrs[best] / 10, best);
    }

    private static void checkRange(double[] lrs, double[] losses, int from, int to) {
        if (lrs.length != losses.length) {
            throw new IllegalArgumentException(lrs.length + " learning rates but " + losses.length + " losses");
        }
        if (from < 0 || to > lrs.length || from > to) {
            throw new IllegalArgumentException("points [" + from + ", " + to + ") outside a curve of " + lrs.length);
        }
    }
}
