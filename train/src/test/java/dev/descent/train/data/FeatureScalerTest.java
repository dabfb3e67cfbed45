package dev.descent.train.data;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureScalerTest {
    private static final Tensor TRAIN = Tensor.of(new float[] {1, 10, 5, 3, 20, 5, 5, 30, 5}, 3, 3);

    @Test
    void standardizerCentresAndScalesTheTrainingData() {
        Standardizer s = Standardizer.fit(TRAIN);
        assertArrayEquals(new double[] {3, 20, 5}, s.mean());
        Tensor z = s.transform(TRAIN);
        float k = (float) Math.sqrt(1.5); // population std of {1, 3, 5} is sqrt(8/3); 2/sqrt(8/3) = sqrt(1.5)
        assertArrayEquals(new float[] {-k, -k, 0, 0, 0, 0, k, k, 0}, z.toArray(), 1e-6f);
    }

    @Test
    void otherSplitsUseTheTrainingStatistics() {
        Standardizer s = Standardizer.fit(TRAIN);
        Tensor test = Tensor.of(new float[] {3, 20, 7}, 1, 3);
        // The constant third feature is only centred: 7 − 5 = 2.
        assertArrayEquals(new float[] {0, 0, 2}, s.transform(test).toArray(), 1e-6f);
    }

    @Test
    void aStandardizerRebuiltFromItsStatisticsTransformsTheSameBits() {
        Tensor x = Tensor.uniform(new dev.descent.core.Rng(4), -3f, 40f, 50, 7);
        Standardizer fitted = Standardizer.fit(x);
        Standardizer rebuilt = Standardizer.of(fitted.mean(), fitted.std());
        assertArrayEquals(fitted.transform(x).toArray(), rebuilt.transform(x).toArray());
        assertArrayEquals(fitted.scale(), rebuilt.scale());
    }

    @Test
    void theStdOfAConstantFeatureIsOne() {
        Standardizer s = Standardizer.fit(TRAIN);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(200.0 / 3), 1}, s.std(), 1e-12);
        assertArrayEquals(new double[] {1 / Math.sqrt(8.0 / 3), 1 / Math.sqrt(200.0 / 3), 1}, s.scale(), 1e-12);
    }

    @Test
    void givenStatisticsAreChecked() {
        assertEquals("the standard deviation of feature 1 is 0.0; it must be positive and finite (1 for a constant"
                        + " feature)", assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {0, 0}, new double[] {1, 0})).getMessage());
        assertEquals("the mean of feature 0 is NaN", assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {Double.NaN}, new double[] {1})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {0}, new double[] {Double.POSITIVE_INFINITY}));
        double[] mean = {1, 2};
        Standardizer s = Standardizer.of(mean, new double[] {2, 4});
        mean[0] = 100;
        assertArrayEquals(new double[] {1, 2}, s.mean(), "the arrays are copied");
        assertArrayEquals(new float[] {0.5f, -0.25f}, s.transform(Tensor.of(new float[] {2, 1}, 1, 2)).toArray());
    }

    @Test
    void minMaxMapsTheTrainingRange() {
        MinMaxScaler m = MinMaxScaler.fit(TRAIN, -1, 1);
        assertArrayEquals(new float[] {-1, -1, -1, 0, 0, -1, 1, 1, -1}, m.transform(TRAIN).toArray(), 1e-6f);
        Tensor outside = Tensor.of(new float[] {7, 0, 5}, 1, 3);
        assertArrayEquals(new float[] {2, -2, -1}, m.transform(outside).toArray(), 1e-6f);
        assertArrayEquals(outside.toArray(), m.inverseTransform(m.transform(outside)).toArray(), 1e-5f);
    }

    @Test
    void datasetsKeepTheirTargets() {
        Dataset d = Datasets.digits();
        Dataset scaled = MinMaxScaler.fit(d).transform(d);
        assertEquals(d.targets(), scaled.targets());
        assertTrue(scaled.features().max() <= 1f && scaled.features().min() >= 0f);
    }

    @Test
    void aFeatureCountMismatchNamesTheShapes() {
        Standardizer s = Standardizer.fit(TRAIN);
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 4)));
        assertEquals("Standardizer was fitted on 3 features but got examples of shape [2, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.fit(TRAIN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Tensor.zeros(0, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(Tensor.of(new float[] {1, Float.NaN}, 1, 2)));
    }

    @Test
    void extremeButFiniteFeaturesScaleToFiniteValues() {
        Tensor tiny = Tensor.of(new float[][] {{0}, {Float.MIN_VALUE}});
        assertArrayEquals(new float[] {0, 1}, MinMaxScaler.fit(tiny).transform(tiny).toArray(),
                "a range of one denormal: its float32 scale (7e44) would be infinite, and 0·∞ NaN");
        Tensor huge = Tensor.of(new float[][] {{-Float.MAX_VALUE}, {Float.MAX_VALUE}});
        assertArrayEquals(new float[] {-1, 1}, Standardizer.fit(huge).transform(huge).toArray(), 1e-6f,
                "x − mean spans 6.8e38, beyond float32");
        assertArrayEquals(new float[] {0, 1}, MinMaxScaler.fit(huge).transform(huge).toArray(), 1e-6f);
    }
}
