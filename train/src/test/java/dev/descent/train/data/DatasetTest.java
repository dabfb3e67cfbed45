package dev.descent.train.data;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    static Dataset tiny() {
        return Dataset.classification(Tensor.arange(12).reshape(6, 2), Tensor.vector(0, 1, 2, 0, 1, 2), 3);
    }

    @Test
    void classificationKnowsItsShapeAndClasses() {
        Dataset d = tiny();
        assertEquals(6, d.size());
        assertEquals(2, d.featureCount());
        assertEquals(3, d.classCount());
        assertTrue(d.isClassification());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, d.labels());
        assertArrayEquals(new int[] {2, 2, 2}, d.classCounts());
    }

    @Test
    void classCountIsInferredFromTheLargestLabel() {
        Dataset d = Dataset.classification(Tensor.zeros(3, 1), Tensor.vector(0, 4, 1));
        assertEquals(5, d.classCount());
    }

    @Test
    void labelOutOfRangeNamesTheExample() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Tensor.zeros(3, 2), Tensor.vector(0, 1, 3), 3));
        assertEquals("label of example 2 is 3.0, not a class index in [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Tensor.zeros(2, 2), Tensor.vector(0, 0.5f), 3));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Tensor.zeros(2, 2), Tensor.vector(-1, 0), 3));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(Tensor.zeros(2, 2), Tensor.vector(Float.NaN, 0), 3));
    }

    @Test
    void exampleCountsMustAgree() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(Tensor.zeros(4, 2), Tensor.zeros(3, 1)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[3, 1]"), e.getMessage());
    }

    @Test
    void rowsAreViewsAndSubsetsAreCopies() {
        Dataset d = tiny();
        Dataset view = d.rows(2, 4);
        assertSame(d.features().array(), view.features().array());
        assertArrayEquals(new float[] {4, 5, 6, 7}, view.features().toArray());
        Dataset picked = d.subset(5, 0);
        assertFalse(picked.features().array() == d.features().array());
        assertArrayEquals(new float[] {10, 11, 0, 1}, picked.features().toArray());
        assertArrayEquals(new int[] {2, 0}, picked.labels());
    }

    @Test
    void flattenKeepsTheExamples() {
        Dataset images = Dataset.classification(Tensor.zeros(5, 3, 4), Tensor.zeros(5), 2);
        assertEquals("[3, 4]", images.featureShape().toString());
        assertEquals(12, images.featureCount());
        assertEquals("[5, 12]", images.flatten().features().shape().toString());
    }

    @Test
    void regressionHasNoLabels() {
        Dataset r = Dataset.regression(Tensor.zeros(2, 2), Tensor.zeros(2, 1));
        assertEquals(0, r.classCount());
        assertThrows(IllegalStateException.class, r::labels);
    }
}
