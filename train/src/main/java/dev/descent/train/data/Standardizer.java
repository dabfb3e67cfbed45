package dev.descent.train.data;

import dev.descent.core.Tensor;

/**
 * Standardization, as scikit-learn's {@code StandardScaler}: each feature becomes
 * <pre>  x' = (x − μ) / σ</pre>
 * with μ and σ the mean and the population standard deviation (divisor N) of that feature over the training
 * examples. A constant feature (σ = 0) is only centred (σ taken as 1), so it maps to 0 instead of NaN.
 */
public final class Standardizer extends FeatureScaler {
    private Standardizer(double[] mean, double[] inverseStd) {
        super(mean, inverseStd);
    }

    /** Fitted on the training features {@code [N, …]}. */
    public static Standardizer fit(Tensor trainFeatures) {
        ColumnStats s = new ColumnStats(trainFeatures);
        int d = s.mean.length;
        double[] mean = new double[d], inverseStd = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = s.mean[j];
            double std = Math.sqrt(s.variance[j]);
            inverseStd[j] = std > 0 ? 1 / std : 1;
        }
        return new Standardizer(mean, inverseStd);
    }

    /** Fitted on the training split's features. */
    public static Standardizer fit(Dataset train) {
        return fit(train.features());
    }

    /** μ per feature. */
    public double[] mean() {
        return shift();
    }
}
