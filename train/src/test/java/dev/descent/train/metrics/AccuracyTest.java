package dev.descent.train.metrics;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccuracyTest {
    /** Rows: label 0 ranked 1st; label 2 ranked 3rd; label 1 tied with two others at the top. */
    static final Tensor SCORES = Tensor.of(new float[][] {
            {0.9f, 0.05f, 0.05f, 0.0f},
            {0.4f, 0.3f, 0.2f, 0.1f},
            {0.3f, 0.3f, 0.3f, 0.1f}});
    static final int[] LABELS = {0, 2, 1};

    @Test
    void countsTheLabelWhenFewerThanKScoresAreStrictlyGreater() {
        // greater-than counts: row 0 → 0, row 1 → 2, row 2 → 0 (ties are not greater)
        assertEquals(2.0 / 3, Accuracy.topK(SCORES, LABELS, 1), 1e-15);
        assertEquals(2.0 / 3, Accuracy.topK(SCORES, LABELS, 2), 1e-15);
        assertEquals(1.0, Accuracy.topK(SCORES, LABELS, 3));
        assertEquals(1.0, Accuracy.topK(SCORES, LABELS, 4));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(SCORES, LABELS, 0));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(SCORES, LABELS, 5));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(SCORES, new int[] {0, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(SCORES, new int[] {0, 1, 4}, 1));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(Tensor.zeros(3), LABELS, 1));
        Tensor nan = Tensor.of(new float[][] {{Float.NaN, 1}});
        assertThrows(IllegalArgumentException.class, () -> Accuracy.topK(nan, new int[] {1}, 1));
    }
}
