package dev.descent.train.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {
    static final double EPS = 1e-15;

    /**
     * 3 classes, 10 examples; class 1 is never predicted, class 2 never occurs.
     * <pre>
     *            predicted 0  1  2
     *   actual 0           4  0  2
     *   actual 1           3  0  1
     *   actual 2           0  0  0
     * </pre>
     */
    static final int[] ACTUAL = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    static final int[] PREDICTED = {0, 0, 0, 0, 2, 2, 0, 0, 0, 2};

    @Test
    void countsByActualRowAndPredictedColumn() {
        ConfusionMatrix m = new ConfusionMatrix(ACTUAL, PREDICTED, 3);
        long[][] expected = {{4, 0, 2}, {3, 0, 1}, {0, 0, 0}};
        for (int a = 0; a < 3; a++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[a][p], m.count(a, p), "count(" + a + ", " + p + ")");
            }
        }
        assertEquals(10, m.total());
        assertEquals(6, m.support(0));
        assertEquals(4, m.support(1));
        assertEquals(0, m.support(2));
        assertEquals(7, m.predictedCount(0));
        assertEquals(0, m.predictedCount(1));
        assertEquals(3, m.predictedCount(2));
    }

    @Test
    void perClassScoresByHand() {
        ConfusionMatrix m = new ConfusionMatrix(ACTUAL, PREDICTED, 3);
        // accuracy = trace / n = 4 / 10
        assertEquals(0.4, m.accuracy(), EPS);
        // class 0: TP 4, predicted 7, support 6 → P = 4/7, R = 4/6, F1 = 2·4 / (7 + 6) = 8/13
        assertEquals(4.0 / 7, m.precision(0), EPS);
        assertEquals(4.0 / 6, m.recall(0), EPS);
        assertEquals(8.0 / 13, m.f1(0), EPS);
        // class 1: never predicted → P = 0 (zero_division); TP 0 of support 4 → R = 0; P + R = 0 → F1 = 0
        assertEquals(0, m.precision(1));
        assertEquals(0, m.recall(1));
        assertEquals(0, m.f1(1));
        // class 2: never present → R = 0 (zero_division); TP 0 of 3 predicted → P = 0; F1 = 0
        assertEquals(0, m.precision(2));
        assertEquals(0, m.recall(2));
        assertEquals(0, m.f1(2));
    }

    @Test
    void averagesByHand() {
        ConfusionMatrix m = new ConfusionMatrix(ACTUAL, PREDICTED, 3);
        // macro: mean over the 3 classes, the absent and the never-predicted one counted as 0
        assertEquals((4.0 / 7) / 3, m.precision(Average.MACRO), EPS);   // 4/21  ≈ 0.1905
        assertEquals((4.0 / 6) / 3, m.recall(Average.MACRO), EPS);      // 2/9   ≈ 0.2222
        assertEquals((8.0 / 13) / 3, m.f1(Average.MACRO), EPS);         // 8/39  ≈ 0.2051
        // weighted by support 6, 4, 0 over n = 10
        assertEquals(6 * (4.0 / 7) / 10, m.precision(Average.WEIGHTED), EPS); // 12/35 ≈ 0.3429
        assertEquals(6 * (4.0 / 6) / 10, m.recall(Average.WEIGHTED), EPS);    // 0.4
        assertEquals(6 * (8.0 / 13) / 10, m.f1(Average.WEIGHTED), EPS);       // 24/65 ≈ 0.3692
        // micro: pooled TP 4 over 10 decisions
        for (Average micro : new Average[] {Average.MICRO}) {
            assertEquals(0.4, m.precision(micro), EPS);
            assertEquals(0.4, m.recall(micro), EPS);
            assertEquals(0.4, m.f1(micro), EPS);
        }
    }

    @Test
    void aClassNeitherPresentNorPredictedScoresZeroAndStillCountsInTheMacroMean() {
        ConfusionMatrix m = new ConfusionMatrix(ACTUAL, PREDICTED, 4);
        assertEquals(0, m.precision(3));
        assertEquals(0, m.recall(3));
        assertEquals(0, m.f1(3), "0/0 F1 is 0, not NaN");
        assertEquals((8.0 / 13) / 4, m.f1(Average.MACRO), EPS);
        assertEquals(6 * (8.0 / 13) / 10, m.f1(Average.WEIGHTED), EPS, "support 0 weighs nothing");
    }

    /**
     * scikit-learn's classification_report docstring: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]. Its macro
     * recall is 0.56 = (1 + 0 + 2/3) / 3 (a recollection of 0.33 for it does not add up: no mean of 1, 0 and 2/3
     * is 1/3).
     */
    @Test
    void scikitLearnsDocumentedExample() {
        ConfusionMatrix m = new ConfusionMatrix(new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}, 3);
        double[] precision = {0.50, 0.00, 1.00}, recall = {1.00, 0.00, 0.67}, f1 = {0.67, 0.00, 0.80};
        long[] support = {1, 1, 3};
        for (int c = 0; c < 3; c++) {
            assertEquals(precision[c], m.precision(c), 0.005);
            assertEquals(recall[c], m.recall(c), 0.005);
            assertEquals(f1[c], m.f1(c), 0.005);
            assertEquals(support[c], m.support(c));
        }
        assertEquals(0.60, m.accuracy(), 0.005);
        assertEquals(0.50, m.precision(Average.MACRO), 0.005);
        assertEquals(0.56, m.recall(Average.MACRO), 0.005);
        assertEquals((1 + 0 + 2.0 / 3) / 3, m.recall(Average.MACRO), EPS);
        assertEquals(0.49, m.f1(Average.MACRO), 0.005);
        assertEquals(0.70, m.precision(Average.WEIGHTED), 0.005);
        assertEquals(0.60, m.recall(Average.WEIGHTED), 0.005);
        assertEquals(0.61, m.f1(Average.WEIGHTED), 0.005);
    }

    @Test
    void badInputNamesTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(new int[] {0, 1, 3}, new int[] {0, 1, 2}, 3));
        assertEquals("actual label of example 2 is 3, not a class in [0, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(new int[] {0, 1}, new int[] {0, -1}, 3));
        assertEquals("predicted label of example 1 is -1, not a class in [0, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(new int[] {0, 1}, new int[] {0}, 3));
        assertTrue(e.getMessage().contains("2 vs 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new int[] {0}, new int[] {0}, 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new int[0], new int[0], 2));
        assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(ACTUAL, PREDICTED, 3).report(new String[] {"a", "b"}, 2));
    }
}
