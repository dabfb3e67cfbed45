package dev.descent.train.metrics;

import dev.descent.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfusionMatrixProperties {

    static ConfusionMatrix random(int classes, int n, long seed) {
        int[][] labels = labels(classes, n, seed);
        return new ConfusionMatrix(labels[0], labels[1], classes);
    }

    /** Actual and predicted labels of n examples. */
    static int[][] labels(int classes, int n, long seed) {
        Rng rng = new Rng(seed);
        int[] actual = new int[n], predicted = new int[n];
        for (int i = 0; i < n; i++) {
            actual[i] = rng.nextInt(classes);
            // Often right, so that the diagonal is not just chance.
            predicted[i] = rng.nextInt(3) == 0 ? actual[i] : rng.nextInt(classes);
        }
        return new int[][] {actual, predicted};
    }

    @Property(tries = 200)
    void microScoresAreTheAccuracy(@ForAll @IntRange(min = 1, max = 7) int classes,
                                   @ForAll @IntRange(min = 1, max = 80) int n, @ForAll long seed) {
        ConfusionMatrix m = random(classes, n, seed);
        // Pooled counts, from the definition rather than through accuracy().
        long tp = 0, predicted = 0, support = 0;
        for (int c = 0; c < classes; c++) {
            tp += m.count(c, c);
            predicted += m.predictedCount(c);
            support += m.support(c);
        }
        double p = (double) tp / predicted, r = (double) tp / support;
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        assertEquals(m.accuracy(), p, 1e-15);
        assertEquals(m.accuracy(), r, 1e-15);
        assertEquals(m.accuracy(), f1, 1e-12);
        assertEquals(p, m.precision(Average.MICRO), 1e-15);
        assertEquals(r, m.recall(Average.MICRO), 1e-15);
        assertEquals(f1, m.f1(Average.MICRO), 1e-12);
    }

    @Property(tries = 200)
    void theMatrixSumsToNAndItsRowsAreTheSupports(@ForAll @IntRange(min = 1, max = 7) int classes,
                                                  @ForAll @IntRange(min = 1, max = 80) int n, @ForAll long seed) {
        int[][] labels = labels(classes, n, seed);
        ConfusionMatrix m = new ConfusionMatrix(labels[0], labels[1], classes);
        long[] support = new long[classes];
        for (int a : labels[0]) {
            support[a]++;
        }
        long sum = 0;
        for (int a = 0; a < classes; a++) {
            long row = 0;
            for (int p = 0; p < classes; p++) {
                row += m.count(a, p);
            }
            assertEquals(support[a], row, "row " + a + " counts the examples of class " + a);
            assertEquals(support[a], m.support(a));
            sum += row;
        }
        assertEquals(n, sum);
        assertEquals(n, m.total());
    }

    /** F1 as the harmonic mean of precision and recall (0 when both are 0) equals the counting formula. */
    @Property(tries = 200)
    void f1IsTheHarmonicMeanOfPrecisionAndRecall(@ForAll @IntRange(min = 1, max = 7) int classes,
                                                 @ForAll @IntRange(min = 1, max = 80) int n, @ForAll long seed) {
        ConfusionMatrix m = random(classes, n, seed);
        for (int c = 0; c < classes; c++) {
            double p = m.precision(c), r = m.recall(c);
            assertEquals(p + r == 0 ? 0 : 2 * p * r / (p + r), m.f1(c), 1e-12, "class " + c);
        }
    }
}
