package dev.descent.train.data;

import dev.descent.core.Tensor;

import java.util.Arrays;

/**
 * A per-feature affine map {@code x' = (x − shift) · scale}, fitted on the training split only and then applied,
 * unchanged, to every split — fitting on validation or test data would leak them into training.
 *
 * <p>{@code shift} and {@code scale} are kept in double precision and the map is computed in double, then rounded to
 * float32 once, as scikit-learn does in float64: a float32 scale would overflow for a feature whose range is tiny
 * (1e-45 wide: scale 7e44) and {@code x − shift} would overflow for one spanning ±3e38, turning the training data
 * itself into NaN or infinities.
 *
 * <p>Features are counted as in {@link Dataset#featureCount()}: an example of shape {@code [28, 28]} has 784, each
 * scaled on its own.
 */
public abstract class FeatureScaler {
    private final double[] shift;
    private final double[] scale;

    FeatureScaler(double[] shift, double[] scale) {
        this.shift = shift;
        this.scale = scale;
    }

    /** The number of features this scaler was fitted on. */
    public int featureCount() {
        return shift.length;
    }

    /** The value subtracted from each feature. */
    public double[] shift() {
        return shift.clone();
    }

    /** The factor each shifted feature is multiplied by. */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * {@code (x − shift) · scale} for every example of {@code features} ({@code [N, …]}), as a new tensor.
     *
     * @throws IllegalArgumentException if the examples do not have the fitted feature count
     */
    public Tensor transform(Tensor features) {
        Tensor out = Tensor.zeros(features.shape());
        float[] src = features.array(), dst = out.array();
        int d = checkFeatures(features), rows = features.dim(0), base = features.offset();
        for (int r = 0; r < rows; r++) {
            for (int j = 0, i = r * d; j < d; j++, i++) {
                dst[i] = (float) ((src[base + i] - shift[j]) * scale[j]);
            }
        }
        return out;
    }

    /** The dataset with its features transformed; the targets are shared. */
    public Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    /** The inverse map, {@code x'/scale + shift}. */
    public Tensor inverseTransform(Tensor scaled) {
        Tensor out = Tensor.zeros(scaled.shape());
        float[] src = scaled.array(), dst = out.array();
        int d = checkFeatures(scaled), rows = scaled.dim(0), base = scaled.offset();
        for (int r = 0; r < rows; r++) {
            for (int j = 0, i = r * d; j < d; j++, i++) {
                dst[i] = (float) (src[base + i] / scale[j] + shift[j]);
            }
        }
        return out;
    }

    private int checkFeatures(Tensor features) {
        int d = features.rank() < 1 ? -1 : features.shape().innerSize(0);
        if (d != shift.length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " was fitted on " + shift.length
                    + " features but got examples of shape " + features.shape());
        }
        return d;
    }

    /** Per-feature statistics of {@code [N, …]} examples, accumulated in double precision. */
    static final class ColumnStats {
        final double[] mean, variance, min, max;

        ColumnStats(Tensor features) {
            if (features.rank() < 1 || features.dim(0) == 0) {
                throw new IllegalArgumentException("cannot fit a scaler on no examples, got shape " + features.shape());
            }
            int rows = features.dim(0), d = features.shape().innerSize(0), base = features.offset();
            float[] a = features.array();
            mean = new double[d];
            variance = new double[d];
            min = new double[d];
            max = new double[d];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int r = 0; r < rows; r++) {
                for (int j = 0, i = base + r * d; j < d; j++, i++) {
                    double x = a[i];
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("cannot fit a scaler: feature " + j + " of example " + r
                                + " is " + a[i]);
                    }
                    mean[j] += x;
                    min[j] = Math.min(min[j], x);
                    max[j] = Math.max(max[j], x);
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= rows;
            }
            // A second pass for the variance: Σ(x − mean)² has none of the cancellation of Σx² − N·mean².
            for (int r = 0; r < rows; r++) {
                for (int j = 0, i = base + r * d; j < d; j++, i++) {
                    double dev = a[i] - mean[j];
                    variance[j] += dev * dev;
                }
            }
            for (int j = 0; j < d; j++) {
                variance[j] /= rows;
            }
        }
    }
}
