package dev.descent.train.data;

import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any dataset and any fractions (NaN, negative, 0, 1 and beyond included): a split either is refused with an
 * {@link IllegalArgumentException}, or its three parts hold every example exactly once, with a training part.
 */
class DatasetSplitPropertiesTest {
    static final double[] FRACTIONS = {Double.NaN, -0.1, 0, 0.01, 0.2, 0.5, 0.7, 0.99, 1, 1.5,
            Double.POSITIVE_INFINITY};

    @Property(tries = 150)
    void aSplitIsAPartitionOrRefused(@ForAll @IntRange(min = 1, max = 40) int n,
                                     @ForAll @IntRange(min = 1, max = 4) int classes,
                                     @ForAll @IntRange(max = 10) int validation, @ForAll @IntRange(max = 10) int test,
                                     @ForAll boolean stratified, @ForAll boolean regression, @ForAll long seed) {
        Tensor x = Tensor.arange(n).reshape(n, 1); // each example's feature is its index
        Tensor y = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            y.setFlat(i, (i * 7) % classes);
        }
        Dataset d = regression ? Dataset.regression(x, y.reshape(n, 1)) : Dataset.classification(x, y, classes);
        double v = FRACTIONS[validation], t = FRACTIONS[test];
        DatasetSplit s;
        try {
            s = DatasetSplit.of(d, v, t, seed, stratified);
        } catch (IllegalArgumentException e) {
            boolean badFraction = !(v >= 0 && v < 1) || !(t >= 0 && t < 1);
            assertTrue(badFraction || stratified && regression || e.getMessage().contains("leave none to train on"),
                    e.getMessage());
            return;
        }
        assertTrue(s.train().size() > 0);
        float[] all = new float[n];
        int k = 0;
        for (Dataset part : new Dataset[] {s.train(), s.validation(), s.test()}) {
            for (float f : part.features().toArray()) {
                all[k++] = f;
            }
        }
        assertEquals(n, k, "every example in exactly one part");
        Arrays.sort(all);
        assertArrayEquals(x.toArray(), all);
    }
}
