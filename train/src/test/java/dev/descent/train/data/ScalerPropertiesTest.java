package dev.descent.train.data;

import dev.descent.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For any finite float32 training features — tiny ranges near the denormals, spans near ±3.4e38, constant columns —
 * a fitted scaler maps the training data to finite values (min-max: into [lo, hi]; standardized: mean ≈ 0), so no
 * NaN or infinity starts from the scaler. Non-finite training data is refused, naming the example and feature.
 */
class ScalerPropertiesTest {
    @Provide
    Arbitrary<float[][]> columns() {
        Arbitrary<Float> value = Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.floats().between(-1, 1),
                Arbitraries.of(0f, Float.MIN_VALUE, -Float.MIN_VALUE, 2 * Float.MIN_VALUE, Float.MAX_VALUE,
                        -Float.MAX_VALUE, 1e-40f, 1e30f));
        return value.array(float[].class).ofSize(3).array(float[][].class).ofMinSize(1).ofMaxSize(6);
    }

    private static Tensor tensor(float[][] rows) {
        return Tensor.of(rows);
    }

    @Property(tries = 150)
    void minMaxMapsTheTrainingDataIntoItsRange(@ForAll("columns") float[][] rows) {
        Tensor x = tensor(rows);
        MinMaxScaler m = MinMaxScaler.fit(x, -1, 1);
        for (float v : m.transform(x).toArray()) {
            assertTrue(v >= -1.0001f && v <= 1.0001f, "min-max gave " + v);
        }
        for (double s : m.scale()) {
            assertTrue(Double.isFinite(s) && s > 0, "scale " + s);
        }
    }

    @Property(tries = 150)
    void standardizingTheTrainingDataStaysFinite(@ForAll("columns") float[][] rows) {
        Tensor x = tensor(rows);
        Standardizer s = Standardizer.fit(x);
        float[] z = s.transform(x).toArray();
        for (float v : z) {
            // |z| ≤ √N for a population standard deviation.
            assertTrue(Float.isFinite(v) && Math.abs(v) <= Math.sqrt(rows.length) + 1e-3, "standardized to " + v);
        }
    }

    @Property(tries = 40)
    void nonFiniteTrainingDataIsRefused(@ForAll("columns") float[][] rows, @ForAll @IntRange(max = 100) int at,
                                        @ForAll @IntRange(max = 2) int kind) {
        float bad = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[kind];
        int r = at % rows.length, j = at % 3;
        rows[r][j] = bad;
        var e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(tensor(rows)));
        assertTrue(e.getMessage().startsWith("cannot fit a scaler: feature "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.fit(tensor(rows)));
    }

    @Property(tries = 20)
    void transformIsAffineAndInvertible(@ForAll @IntRange(min = -1000, max = 1000) int a,
                                        @ForAll @IntRange(min = 1, max = 1000) int span) {
        Tensor x = Tensor.of(new float[][] {{a}, {a + span}, {a + span / 2f}});
        MinMaxScaler m = MinMaxScaler.fit(x);
        assertEquals(0f, m.transform(x).toArray()[0], 1e-6f);
        assertEquals(1f, m.transform(x).toArray()[1], 1e-6f);
        float[] back = m.inverseTransform(m.transform(x)).toArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(x.toArray()[i], back[i], 1e-4f * (Math.abs(a) + span));
        }
    }
}
