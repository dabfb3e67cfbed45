package dev.descent.train.data;

import dev.descent.core.Tensor;

/**
 * Min-max scaling, as scikit-learn's {@code MinMaxScaler}: each feature is mapped linearly so that its training
 * minimum goes to {@code lo} and its training maximum to {@code hi}:
 * <pre>  x' = lo + (x − min) · (hi − lo) / (max − min)</pre>
 * Other splits may fall outside {@code [lo, hi]}; that is the honest result. A constant feature (max = min) is only
 * shifted to {@code lo}.
 */
public final class MinMaxScaler extends FeatureScaler {
    private MinMaxScaler(double[] shift, double[] scale) {
        super(shift, scale);
    }

    /** Fitted on the training features {@code [N, …]}, mapping them onto {@code [0, 1]}. */
    public static MinMaxScaler fit(Tensor trainFeatures) {
        return fit(trainFeatures, 0, 1);
    }

    /** Fitted on the training split's features, mapping them onto {@code [0, 1]}. */
    public static MinMaxScaler fit(Dataset train) {
        return fit(train.features(), 0, 1);
    }

    /**
     * Fitted on the training features {@code [N, …]}, mapping them onto {@code [lo, hi]}.
     *
     * @throws IllegalArgumentException if {@code lo ≥ hi}
     */
    public static MinMaxScaler fit(Tensor trainFeatures, float lo, float hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("min-max range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        ColumnStats s = new ColumnStats(trainFeatures);
        int d = s.mean.length;
        // x' = (x − shift)·scale with shift = min − lo/scale, which is lo + (x − min)·scale.
        double[] shift = new double[d], scale = new double[d];
        for (int j = 0; j < d; j++) {
            double range = s.max[j] - s.min[j];
            double k = range > 0 ? (hi - lo) / range : 1;
            scale[j] = k;
            shift[j] = s.min[j] - lo / k;
        }
        return new MinMaxScaler(shift, scale);
    }
}
