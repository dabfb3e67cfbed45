package dev.descent.core.kernel;

import dev.descent.core.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool runs every task exactly once, on several threads, nests without deadlock and reports failures. */
class ParallelTest {
    private int before;

    @BeforeEach
    void remember() {
        before = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void everyTaskRunsExactlyOnceOnEveryThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            assertEquals(threads, Parallel.threads());
            for (int tasks : new int[] {0, 1, 2, 3, 17, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                for (int call = 0; call < 20; call++) {
                    Parallel.forEach(tasks, runs::incrementAndGet);
                }
                for (int t = 0; t < tasks; t++) {
                    assertEquals(20, runs.get(t), "task " + t + " of " + tasks + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void workIsSharedWithPoolThreads() {
        Parallel.setThreads(2);
        Set<Thread> seen = Collections.synchronizedSet(new HashSet<>());
        for (int call = 0; call < 200 && seen.size() < 2; call++) {
            Parallel.forEach(8, t -> {
                seen.add(Thread.currentThread());
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
        }
        assertEquals(2, seen.size(), "a second thread should take some of the tasks");
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicInteger inner = new AtomicInteger();
        Parallel.forEach(4, t -> Parallel.forEach(5, u -> inner.incrementAndGet()));
        assertEquals(20, inner.get());
    }

    @Test
    void concurrentCallersBothFinish() throws InterruptedException {
        Parallel.setThreads(2);
        AtomicInteger done = new AtomicInteger();
        Runnable caller = () -> {
            for (int call = 0; call < 200; call++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(16);
                Parallel.forEach(16, runs::incrementAndGet);
                for (int t = 0; t < 16; t++) {
                    assertEquals(1, runs.get(t));
                }
            }
            done.incrementAndGet();
        };
        Thread other = new Thread(caller);
        other.start();
        caller.run();
        other.join(60_000);
        assertEquals(2, done.get(), "both callers should finish every call");
    }

    @Test
    void aFailingTaskIsRethrownAfterTheOthersStop() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger running = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forEach(50, t -> {
            running.incrementAndGet();
            try {
                if (t == 3) {
                    throw boom;
                }
            } finally {
                running.decrementAndGet();
            }
        }));
        assertSame(boom, thrown);
        assertEquals(0, running.get(), "no task may still run once forEach has returned");
        AtomicInteger after = new AtomicInteger();
        Parallel.forEach(10, t -> after.incrementAndGet());
        assertEquals(10, after.get(), "the pool keeps working after a failure");
    }

    @Test
    void forRangeCoversEveryIndexOnceInCutsThatDependOnlyOnSizeAndGrain() {
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 5, 64, 65, 1000}) {
                for (int grain : new int[] {1, 7, 64, 5000}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
                    Set<String> cuts = Collections.synchronizedSet(new HashSet<>());
                    Parallel.forRange(n, grain, (from, to) -> {
                        cuts.add(from + ".." + to);
                        for (int i = from; i < to; i++) {
                            runs.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, runs.get(i), "index " + i + " of " + n + ", grain " + grain + ", " + threads
                                + " threads");
                    }
                    assertEquals(expectedCuts(n, grain, threads), cuts, "n=" + n + " grain=" + grain);
                }
            }
        }
    }

    /** Pieces of {@code grain} from 0 (the last shorter); one piece when it fits in a grain or on one thread. */
    private static Set<String> expectedCuts(int n, int grain, int threads) {
        Set<String> cuts = new HashSet<>();
        if (n > 0 && (n <= grain || threads == 1)) {
            cuts.add("0.." + n);
        } else {
            for (int from = 0; from < n; from += grain) {
                cuts.add(from + ".." + Math.min(n, from + grain));
            }
        }
        return cuts;
    }

    @Test
    void forRangeRefusesAGrainBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forRange(10, 0, (from, to) -> { }));
        assertEquals("forRange: grain must be ≥ 1, got 0", e.getMessage());
    }

    @Test
    void threadCountMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertEquals("threads must be ≥ 1, got 0", e.getMessage());
        assertTrue(Parallel.threads() >= 1);
    }
}
