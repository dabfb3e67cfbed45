package dev.descent.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Descent's own thread pool: numbered tasks spread over a fixed set of daemon threads plus the calling thread.
 *
 * <p>Callers split work by <em>output</em> (for example tiles of a matrix product), never inside a reduction, so a
 * result is the same bits whatever the thread count. The count comes from the system property
 * {@code descent.threads} (default: the available processors) and can be changed with {@link #setThreads(int)}.
 * A task that itself calls {@link #forEach} runs its inner tasks on its own thread, so nesting cannot deadlock.
 */
public final class Parallel {
    /** The system property that sets the thread count. */
    public static final String THREADS_PROPERTY = "descent.threads";

    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);
    private static volatile Pool pool = new Pool(initialThreads());

    private Parallel() {
    }

    private static int initialThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive integer, got '"
                + value + "'");
    }

    /** The number of threads work is spread over, the caller's included. */
    public static int threads() {
        return pool.threads;
    }

    /**
     * Sets the thread count (≥ 1) for the work that starts after this call. Meant for benchmarks and tests; a
     * program normally sets {@code -Ddescent.threads}.
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        if (threads != pool.threads) {
            Pool old = pool;
            pool = new Pool(threads);
            old.shutdown();
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code 0..tasks-1}, spread over the pool, and returns when all
     * are done. Tasks are handed out in order; which thread runs which task is not fixed, so tasks must write disjoint
     * outputs. An exception thrown by a task is rethrown here after all tasks have stopped.
     */
    public static void forEach(int tasks, IntConsumer body) {
        Pool p = pool;
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || p.threads == 1 || IN_TASK.get()) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        p.run(tasks, body);
    }

    private static final class Pool {
        final int threads;
        final ExecutorService workers;

        Pool(int threads) {
            this.threads = threads;
            AtomicInteger count = new AtomicInteger();
            this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "descent-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        void run(int tasks, IntConsumer body) {
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int helpers = Math.min(threads - 1, tasks - 1);
            Phaser done = new Phaser(helpers + 1);
            Runnable drain = () -> {
                boolean outer = IN_TASK.get();
                IN_TASK.set(true);
                try {
                    for (int t; (t = next.getAndIncrement()) < tasks && failure.get() == null; ) {
                        body.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    IN_TASK.set(outer);
                    done.arrive();
                }
            };
            for (int h = 0; h < helpers; h++) {
                workers.execute(drain);
            }
            drain.run();
            done.awaitAdvance(0);
            Throwable e = failure.get();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }

        void shutdown() {
            if (workers != null) {
                workers.shutdown();
            }
        }
    }
}
