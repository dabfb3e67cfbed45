package dev.descent.train.data;

import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    /** Example i has features [i, 100 + i] and target i % 7, so a batch tells which examples it holds. */
    static Dataset numbered(int n) {
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i % 7;
        }
        return Dataset.classification(Tensor.of(x, n, 2), Tensor.of(y, n), 7);
    }

    static List<Integer> examplesOf(Iterable<Batch> epoch) {
        List<Integer> seen = new ArrayList<>();
        for (Batch b : epoch) {
            for (int r = 0; r < b.size(); r++) {
                int i = (int) b.features().get(r, 0);
                assertEquals(100 + i, b.features().get(r, 1));
                assertEquals(i % 7, b.targets().get(r));
                seen.add(i);
            }
        }
        return seen;
    }

    @Test
    void sequentialBatchesAreViewsInOrder() {
        Dataset d = numbered(10);
        DataLoader loader = DataLoader.sequential(d, 4);
        assertEquals(3, loader.batchCount());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : loader.epoch(0)) {
            assertSame(d.features().array(), b.features().array(), "a sequential batch copies nothing");
            sizes.add(b.size());
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), examplesOf(loader.epoch(3)));
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader loader = DataLoader.shuffled(numbered(10), 4, 1).dropLast(true);
        assertEquals(2, loader.batchCount());
        assertEquals(8, loader.examplesPerEpoch());
        assertEquals(8, examplesOf(loader.epoch(0)).size());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.sequential(numbered(3), 4).dropLast(true));
    }

    @Test
    void shuffledEpochsAreSeededAndDiffer() {
        DataLoader a = DataLoader.shuffled(numbered(50), 8, 42);
        DataLoader b = DataLoader.shuffled(numbered(50), 8, 42);
        assertEquals(examplesOf(a.epoch(0)), examplesOf(b.epoch(0)));
        assertFalse(examplesOf(a.epoch(0)).equals(examplesOf(a.epoch(1))), "each epoch has its own order");
        assertFalse(Arrays.equals(a.order(0), DataLoader.shuffled(numbered(50), 8, 43).order(0)));
    }

    @Test
    void theEpochCounterReshufflesAndCanBeSet() {
        DataLoader loader = DataLoader.shuffled(numbered(20), 5, 7);
        List<Integer> first = examplesOf(loader), second = examplesOf(loader);
        assertEquals(examplesOf(loader.epoch(0)), first);
        assertEquals(examplesOf(loader.epoch(1)), second);
        loader.setNextEpoch(1);
        assertEquals(second, examplesOf(loader));
    }

    @Test
    void badBatchSizesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.sequential(numbered(4), 0));
        assertEquals("batch size must be ≥ 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.shuffled(numbered(4), -3, 1));
    }

    @Property(tries = 60)
    void everyEpochVisitsEachExampleOnce(@ForAll @IntRange(min = 1, max = 70) int n,
                                         @ForAll @IntRange(min = 1, max = 20) int batch,
                                         @ForAll @IntRange(min = 0, max = 5) int epoch) {
        DataLoader loader = DataLoader.shuffled(numbered(n), batch, 3);
        List<Integer> seen = examplesOf(loader.epoch(epoch));
        int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(), sorted);
        int batches = 0;
        for (Batch b : loader.epoch(epoch)) {
            batches++;
            assertTrue(b.size() == batch || batches == loader.batchCount());
        }
        assertEquals(loader.batchCount(), batches);
    }

    @Test
    void aSamplerGivesEachEpochItsOrder() {
        Dataset d = numbered(5);
        DataLoader loader = DataLoader.ordered(d, 2, Sampler.of(new int[] {4, 0, 3, 1, 2}, new int[] {1, 2, 3, 4, 0}));
        assertEquals(3, loader.batchCount());
        assertEquals(List.of(1, 2, 3, 4, 0), examplesOf(loader.epoch(1)));
        assertEquals(List.of(4, 0, 3, 1, 2), examplesOf(loader), "the counter starts at epoch 0");
        assertEquals(List.of(1, 2, 3, 4, 0), examplesOf(loader));
        assertArrayEquals(new int[] {4, 0, 3, 1, 2}, loader.order(0));
        assertEquals(List.of(4, 0, 3, 1), examplesOf(loader.dropLast(true).epoch(0)));
        String past = assertThrows(IllegalArgumentException.class, () -> loader.epoch(2)).getMessage();
        assertTrue(past.contains("2 epochs") && past.contains("epoch 2"), past);
    }

    @Test
    void aSamplerOrderThatIsNotAPermutationIsRefusedNamingTheIndex() {
        Dataset d = numbered(4);
        String repeated = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.ordered(d, 2, (e, n) -> new int[] {0, 1, 1, 3}).epoch(0)).getMessage();
        assertTrue(repeated.contains("position 2 holds 1, already visited"), repeated);
        String outside = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.ordered(d, 2, (e, n) -> new int[] {0, 1, 2, 4}).epoch(0)).getMessage();
        assertTrue(outside.contains("position 3 holds 4, out of range"), outside);
        String shorter = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.ordered(d, 2, (e, n) -> new int[] {0, 1, 2}).epoch(0)).getMessage();
        assertTrue(shorter.contains("has 3 indices, but the dataset has 4 examples"), shorter);
    }

    @Test
    void aFixedSamplerKeepsItsOwnCopy() {
        int[] order = {1, 0};
        Sampler s = Sampler.of(order);
        order[0] = 0;
        s.order(0, 2)[1] = 5;
        assertArrayEquals(new int[] {1, 0}, s.order(0, 2));
    }
}
