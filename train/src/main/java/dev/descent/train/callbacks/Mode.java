package dev.descent.train.callbacks;

import java.util.Set;

/** Whether a monitored metric improves by going down (a loss) or up (an accuracy). */
public enum Mode {
    MIN, MAX,
    /**
     * From the metric's name, by Keras 3's rule ({@code MonitorCallback._set_monitor_op}): drop a {@code val_}
     * prefix; {@code loss} is MIN; a name of one of Keras's built-in metrics takes that metric's direction
     * ({@code accuracy}, {@code auc}, {@code precision}, {@code f1_score}, … are MAX; {@code mean_squared_error},
     * {@code categorical_crossentropy}, … are MIN); any other name is an error, as in Keras 3 — pass MIN or MAX.
     * (Keras 2 guessed MAX for any name containing "acc" and MIN otherwise.)
     */
    AUTO;

    /** Keras's built-in metrics whose {@code _direction} is "up", by their default names. */
    private static final Set<String> UP = Set.of("accuracy", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc",
            "precision", "recall", "precision_at_recall", "recall_at_precision", "sensitivity_at_specificity",
            "specificity_at_sensitivity", "f1_score", "fbeta_score", "pearson_correlation", "concordance_correlation",
            "cosine_similarity", "r2_score");

    /** Keras's built-in metrics whose {@code _direction} is "down". */
    private static final Set<String> DOWN = Set.of("loss", "mean_squared_error", "mean_absolute_error",
            "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "root_mean_squared_error", "logcosh",
            "hinge", "squared_hinge", "categorical_hinge", "binary_crossentropy", "categorical_crossentropy",
            "sparse_categorical_crossentropy", "kl_divergence", "poisson");

    /**
     * Whether {@code current} is an improvement on {@code reference} by more than {@code minDelta} — Keras's
     * {@code MonitorCallback._is_improvement}:
     * <pre>
     * MIN: current + minDelta &lt; reference        MAX: current − minDelta &gt; reference
     * </pre>
     * evaluated in double precision, as Keras's NumPy backend does (its torch, TensorFlow and JAX backends round
     * both sides to float32 first). A tie exactly at {@code minDelta} is no improvement. A NaN {@code reference}
     * means "no value yet": then any {@code current} but NaN improves (Keras 3 takes even a NaN as its first best,
     * after which nothing ever improves on it; Descent never lets a NaN become the best). A NaN {@code current}
     * never improves.
     *
     * @throws IllegalStateException on AUTO, which must be {@link #resolve resolved} first
     */
    public boolean improves(double current, double reference, double minDelta) {
        if (Double.isNaN(reference)) {
            return !Double.isNaN(current);
        }
        return switch (this) {
            case MIN -> current + minDelta < reference;
            case MAX -> current - minDelta > reference;
            case AUTO -> throw new IllegalStateException("Mode.AUTO must be resolved against a metric name first");
        };
    }

    /**
     * MIN or MAX for {@code metric}.
     *
     * @throws IllegalArgumentException if this is AUTO and the name says nothing about the direction
     */
    public Mode resolve(String metric) {
        if (this != AUTO) {
            return this;
        }
        String name = metric.startsWith("val_") ? metric.substring("val_".length()) : metric;
        if (UP.contains(name)) {
            return MAX;
        }
        if (DOWN.contains(name)) {
            return MIN;
        }
        throw new IllegalArgumentException("cannot tell from its name whether '" + metric + "' should be minimized "
                + "or maximized (mode AUTO knows loss and Keras's built-in metric names); give Mode.MIN or Mode.MAX");
    }
}
