package dev.descent.core.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each part is filled before anyone reads it, once when nobody stalls, and a stalled filler does not block others. */
class PartsOnDemandTest {
    @Test
    void racingThreadsFillEveryPartOnceAndSeeItFilled() throws InterruptedException {
        int parts = 64;
        AtomicIntegerArray fills = new AtomicIntegerArray(parts);
        int[] data = new int[parts];
        PartsOnDemand demand = new PartsOnDemand(parts, 8, i -> {
            fills.incrementAndGet(i);
            data[i] = i + 1;
        });
        Thread[] threads = new Thread[4];
        boolean[] sawEmpty = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < parts; i++) {
                    int part = (i * (id + 1)) % parts;
                    demand.ensure(part);
                    sawEmpty[id] |= data[part] != part + 1;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < parts; i++) {
            assertEquals(i + 1, data[i]);
            assertTrue(fills.get(i) >= 1, "part " + i + " never filled");
        }
        for (boolean empty : sawEmpty) {
            assertTrue(!empty, "a thread read a part before it was filled");
        }
    }

    @Test
    void oneThreadFillsEachPartExactlyOnceInTheOrderItAsks() {
        StringBuilder order = new StringBuilder();
        PartsOnDemand demand = new PartsOnDemand(6, 3, order::append);
        for (int i : new int[] {2, 0, 2, 5, 1, 0, 3, 4}) {
            demand.ensure(i);
        }
        assertEquals("205134", order.toString());
    }

    @Test
    void aStalledFillerIsOvertakenAfterThePatience() throws InterruptedException {
        CountDownLatch stalled = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicIntegerArray fills = new AtomicIntegerArray(1);
        PartsOnDemand demand = new PartsOnDemand(1, 1, i -> {
            if (fills.incrementAndGet(i) == 1) {
                stalled.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread slow = new Thread(() -> demand.ensure(0));
        slow.start();
        assertTrue(stalled.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        demand.ensure(0);
        long waited = System.nanoTime() - start;
        assertEquals(2, fills.get(0), "the waiter filled the part itself");
        assertTrue(waited >= PartsOnDemand.PATIENCE_NANOS, "gave up after " + waited + " ns");
        release.countDown();
        slow.join();
    }
}
