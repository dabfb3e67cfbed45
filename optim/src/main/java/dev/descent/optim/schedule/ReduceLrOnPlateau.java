package dev.descent.optim.schedule;

import dev.descent.optim.Check;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cut the learning rate when a monitored metric stops improving — the one schedule that is not a function of t but
 * of the run's history, so it keeps state (and can save it: {@link #stateDict()}).
 *
 * <p>After each epoch, {@link #step(double)} with the metric (validation loss, say):
 * <pre>
 * better  ⇔  min/rel: m &lt; best·(1 − threshold)    min/abs: m &lt; best − threshold
 *            max/rel: m &gt; best·(1 + threshold)    max/abs: m &gt; best + threshold
 * better:                  best ← m, bad ← 0;   otherwise bad ← bad + 1
 * in cooldown:             cooldown ← cooldown − 1, bad ← 0
 * bad &gt; patience:          every group g: lr ← max(lr·factor, minLr_g) (if that changes it by more than eps),
 *                          cooldown ← cooldown epochs, bad ← 0
 * </pre>
 * PyTorch's {@code ReduceLROnPlateau} with its defaults. (Keras's callback differs: it reduces once
 * {@code wait ≥ patience}, and its {@code min_delta} is absolute.) A NaN metric counts as no improvement.
 * {@code minLr_g} is {@link Options#minLr()} for every group, or a floor per group given to
 * {@link #ReduceLrOnPlateau(Optimizer, Options, List)} (PyTorch's {@code min_lr=[…]}).
 */
public final class ReduceLrOnPlateau {
    /** Whether lower or higher metrics are better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is a fraction of the best value or an amount. */
    public enum ThresholdMode { REL, ABS }

    /**
     * The policy.
     *
     * @param mode          MIN (default) for losses, MAX for accuracies
     * @param factor        multiplier in (0, 1) applied to the rate (default 0.1)
     * @param patience      epochs without improvement tolerated before cutting (default 10)
     * @param threshold     ≥ 0, how much better counts as better (default 1e-4)
     * @param thresholdMode REL (default) or ABS
     * @param cooldown      epochs to wait after a cut before counting again (default 0)
     * @param minLr         ≥ 0, the floor (default 0)
     * @param eps           ≥ 0, cuts smaller than this are skipped (default 1e-8)
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double minLr, double eps) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("ReduceLrOnPlateau factor must be in (0, 1), got " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("ReduceLrOnPlateau patience must be ≥ 0, got " + patience);
            }
            Check.nonNegative("ReduceLrOnPlateau threshold", threshold);
            if (cooldown < 0) {
                throw new IllegalArgumentException("ReduceLrOnPlateau cooldown must be ≥ 0, got " + cooldown);
            }
            Check.nonNegative("ReduceLrOnPlateau minLr", minLr);
            Check.nonNegative("ReduceLrOnPlateau eps", eps);
        }

        public Options withMode(Mode mode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withFactor(double factor) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withPatience(int patience) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withThreshold(double threshold, ThresholdMode thresholdMode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withCooldown(int cooldown) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withMinLr(double minLr) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    /** PyTorch's defaults. */
    public static Options defaults() {
        return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    private final Optimizer<?> optimizer;
    private final Options options;
    /** The floor of each group, in the groups' order. */
    private final List<Double> minLrs;
    private double best;
    private int badEpochs;
    private int cooldownLeft;
    private long epochs;

    /** Cuts every group's rate down to at most {@code options.minLr()}. */
    public ReduceLrOnPlateau(Optimizer<?> optimizer, Options options) {
        this(optimizer, options, Collections.nCopies(Objects.requireNonNull(optimizer, "optimizer").groups().size(),
                Objects.requireNonNull(options, "options").minLr()));
    }

    /**
     * Cuts group g's rate down to at most {@code minLrs.get(g)}, in place of {@code options.minLr()}.
     *
     * @throws IllegalArgumentException unless there is one finite floor ≥ 0 per group
     */
    public ReduceLrOnPlateau(Optimizer<?> optimizer, Options options, List<Double> minLrs) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.options = Objects.requireNonNull(options, "options");
        this.minLrs = List.copyOf(Objects.requireNonNull(minLrs, "minLrs"));
        int groups = optimizer.groups().size();
        if (this.minLrs.size() != groups) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: " + this.minLrs.size() + " minLrs for " + groups
                    + " parameter groups of " + optimizer.name() + "; give one per group");
        }
        for (int g = 0; g < groups; g++) {
            Check.nonNegative("ReduceLrOnPlateau minLr of group " + g, this.minLrs.get(g));
        }
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records one epoch's metric, and cuts the learning rates if it has stopped improving. */
    public void step(double metric) {
        epochs++;
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > options.patience()) {
            List<? extends ParamGroup<?>> groups = optimizer.groups();
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup<?> g = groups.get(i);
                double old = g.lr();
                double cut = Math.max(old * options.factor(), minLrs.get(i));
                if (old - cut > options.eps()) {
                    g.setLr(cut);
                }
            }
            cooldownLeft = options.cooldown();
            badEpochs = 0;
        }
    }

    private boolean isBetter(double m) {
        double t = options.threshold();
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        return options.mode() == Mode.MIN
                ? m < (rel ? best * (1 - t) : best - t)
                : m > (rel ? best * (1 + t) : best + t);
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs since the last improvement (reset by a cut and during cooldown). */
    public int badEpochs() {
        return badEpochs;
    }

    /** Its state: {@code best}, {@code badEpochs}, {@code cooldownLeft}, {@code epochs}. */
    public Map<String, Double> stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("badEpochs", (double) badEpochs);
        s.put("cooldownLeft", (double) cooldownLeft);
        s.put("epochs", (double) epochs);
        return s;
    }

    /** Restores {@link #stateDict()}'s entries, all checked first. */
    public void loadStateDict(Map<String, Double> s) {
        double savedBest = entry(s, "best");
        if (Double.isNaN(savedBest)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau state entry best is NaN");
        }
        int bad = (int) count(s, "badEpochs");
        int cool = (int) count(s, "cooldownLeft");
        long ep = count(s, "epochs");
        if (s.size() != 4) {
            throw new IllegalArgumentException("ReduceLrOnPlateau state has unknown entries: " + s.keySet());
        }
        best = savedBest;
        badEpochs = bad;
        cooldownLeft = cool;
        epochs = ep;
    }

    private static double entry(Map<String, Double> s, String key) {
        Double v = s.get(key);
        if (v == null) {
            throw new IllegalArgumentException("ReduceLrOnPlateau state has no entry " + key);
        }
        return v;
    }

    private static long count(Map<String, Double> s, String key) {
        double v = entry(s, key);
        if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ReduceLrOnPlateau state entry " + key + " must be a whole number ≥ 0, "
                    + "got " + v);
        }
        return (long) v;
    }
}
