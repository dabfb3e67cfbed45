package dev.descent.train.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetSplitTest {
    private static Set<Integer> ids(Dataset d) {
        Set<Integer> s = new HashSet<>();
        for (int r = 0; r < d.size(); r++) {
            s.add((int) d.features().get(r, 0));
        }
        return s;
    }

    @Test
    void partsAreDisjointAndCoverTheData() {
        Dataset d = DataLoaderTest.numbered(100);
        DatasetSplit s = DatasetSplit.of(d, 0.15, 0.2, 5, false);
        assertEquals(65, s.train().size());
        assertEquals(15, s.validation().size());
        assertEquals(20, s.test().size());
        Set<Integer> all = new HashSet<>(ids(s.train()));
        all.addAll(ids(s.validation()));
        all.addAll(ids(s.test()));
        assertEquals(100, all.size());
        assertEquals(7, s.test().classCount());
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Dataset d = DataLoaderTest.numbered(60);
        DatasetSplit a = DatasetSplit.of(d, 0.1, 0.1, 9, true), b = DatasetSplit.of(d, 0.1, 0.1, 9, true);
        assertArrayEquals(a.train().features().toArray(), b.train().features().toArray());
        DatasetSplit c = DatasetSplit.of(d, 0.1, 0.1, 10, true);
        assertTrue(!ids(a.test()).equals(ids(c.test())));
    }

    @Test
    void stratifiedPartsKeepTheClassProportions() {
        Dataset digits = Datasets.digits();
        DatasetSplit s = DatasetSplit.of(digits, 0.2, 0.2, 1, true);
        int[] all = digits.classCounts(), test = s.test().classCounts(), val = s.validation().classCounts();
        for (int c = 0; c < all.length; c++) {
            assertEquals(Math.round(0.2 * all[c]), test[c], "class " + c);
            assertEquals(Math.round(0.2 * all[c]), val[c], "class " + c);
        }
    }

    @Test
    void trainTestLeavesValidationEmpty() {
        DatasetSplit s = DatasetSplit.trainTest(DataLoaderTest.numbered(10), 0.3, 1, false);
        assertEquals(0, s.validation().size());
        assertEquals(3, s.test().size());
    }

    @Test
    void badFractionsAreRejected() {
        Dataset d = DataLoaderTest.numbered(10);
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of(d, -0.1, 0.2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of(d, 0.5, 1.0, 1, false));
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetSplit.of(d, 0.5, 0.5, 1, false));
        assertTrue(e.getMessage().contains("leave none to train on"), e.getMessage());
    }
}
