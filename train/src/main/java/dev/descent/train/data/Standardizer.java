package dev.descent.train.data;

import dev.descent.core.Tensor;

/**
 * Standardization, as scikit-learn's {@code StandardScaler}: each feature becomes
 * <pre>  x' = (x − μ) / σ</pre>
 * with μ and σ the mean and the population standard deviation (divisor N) of that feature over the training
 * examples. A constant feature (σ = 0) is only centred (σ taken as 1, scikit-learn's {@code scale_}), so it maps to
 * 0 instead of NaN.
 *
 * <p>{@link #of} rebuilds a standardizer from statistics saved earlier, so that data seen after training is
 * transformed exactly as the training data was.
 */
public final class Standardizer extends FeatureScaler {
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        super(mean, inverses(std));
        this.std = std;
    }

    private static double[] inverses(double[] std) {
        double[] inverse = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            inverse[j] = 1 / std[j];
        }
        return inverse;
    }

    /** Fitted on the training features {@code [N, …]}. */
    public static Standardizer fit(Tensor trainFeatures) {
        ColumnStats s = new ColumnStats(trainFeatures);
        int d = s.mean.length;
        double[] mean = new double[d], std = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = s.mean[j];
            double sigma = Math.sqrt(s.variance[j]);
            std[j] = sigma > 0 ? sigma : 1;
        }
        return new Standardizer(mean, std);
    }

    /** Fitted on the training split's features. */
    public static Standardizer fit(Dataset train) {
        return fit(train.features());
    }

    /**
     * The standardizer with the given statistics, e.g. read back from a file: {@code x' = (x − mean[j]) / std[j]}.
     *
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a mean is not finite, or a
     *                                  standard deviation is not positive and finite (naming the feature)
     */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("a standardizer needs one mean and one standard deviation per feature, "
                    + "got " + mean.length + " means and " + std.length + " standard deviations");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("the mean of feature " + j + " is " + mean[j]);
            }
            if (!(std[j] > 0 && std[j] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("the standard deviation of feature " + j + " is " + std[j]
                        + "; it must be positive and finite (1 for a constant feature)");
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** μ per feature. */
    public double[] mean() {
        return shift();
    }

    /** σ per feature, 1 for a feature that was constant in training (scikit-learn's {@code scale_}). */
    public double[] std() {
        return std.clone();
    }
}
