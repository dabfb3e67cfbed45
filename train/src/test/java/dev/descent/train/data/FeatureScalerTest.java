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
