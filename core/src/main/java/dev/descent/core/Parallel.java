package dev.descent.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Descent's own thread pool: numbered tasks spread over a fixed set of daemon threads plus the calling thread.
 *
 * <p>Callers split work by <em>output</em> (for example tiles of a matrix product), never inside a reduction, so a
 * result is the same bits whatever the thread count. The count comes from the system property
 * {@code descent.threads} (default: the available processors) and can be changed with {@link #setThreads(int)}.
 * A task that itself calls {@link #forEach} runs its inner tasks on its own thread, and so does a second thread
 * calling while the pool is busy with another's job: nothing ever waits for the pool, so nothing can deadlock.
 *
 * <p>Why not an {@code ExecutorService}: a 128 × 128 matrix product takes about 55 µs on one core, and waking a
 * parked thread through a queue costs tens of microseconds. Here a worker that has just finished a job spins for a
 * short while ({@link #SPIN_NANOS}) watching for the next one before it parks, so back-to-back calls — the forward
 * and backward products of a training step — hand work over through one volatile field, without a system call; an
 * idle pool parks and costs nothing. The caller never waits for a worker that has not started: it runs the tasks
 * nobody has taken itself.
 */
public final class Parallel {
    /** The system property that sets the thread count. */
    public static final String THREADS_PROPERTY = "descent.threads";
    /**
     * How long an idle worker keeps watching for the next job before it parks: 200 µs, or the system property
     * {@code descent.spinNanos} (for experiments — 0 parks at once and makes every job wake its workers).
     */
    static final long SPIN_NANOS = Long.getLong("descent.spinNanos", 200_000);

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
        if (tasks == 1 || p.threads == 1 || IN_TASK.get() || !p.tryAcquire()) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        try {
            p.run(tasks, body);
        } finally {
            p.release();
        }
    }

    /** A piece of work over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into pieces of {@code grain} indices (the last may be shorter), spread
     * over the pool; in one piece on the calling thread when {@code n ≤ grain} or the pool has one thread. So the
     * cuts depend on whether there is more than one thread, and a caller that wants the same bits on any thread count
     * must make every output independent of where they fall: split by output (rows, features, elements), never
     * inside a sum.
     *
     * @throws IllegalArgumentException if {@code grain < 1}
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("forRange: grain must be ≥ 1, got " + grain);
        }
        if (n <= 0) {
            return;
        }
        if (n <= grain || pool.threads == 1) {
            body.run(0, n);
            return;
        }
        int pieces = (int) ((n + (long) grain - 1) / grain);
        forEach(pieces, t -> body.run(t * grain, (int) Math.min(n, (long) (t + 1) * grain)));
    }

    /** One call of {@link #forEach}: its tasks, the next task to hand out, and who is still working on it. */
    private static final class Job {
        /** Set in {@link #active} once the caller has finished: no worker may join after that. */
        static final int CLOSED = 1 << 30;

        final int tasks;
        final IntConsumer body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        /** Workers inside {@link #drain}, plus {@link #CLOSED} once the caller stops accepting helpers. */
        final AtomicInteger active = new AtomicInteger();
        volatile Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
            this.caller = Thread.currentThread();
        }

        void drain() {
            boolean outer = IN_TASK.get();
            IN_TASK.set(true);
            try {
                for (int t; failure == null && (t = next.getAndIncrement()) < tasks; ) {
                    body.accept(t);
                }
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                IN_TASK.set(outer);
            }
        }

        /** A worker joins unless the caller has closed the job or nothing is left to hand out. */
        boolean join() {
            for (int s; ((s = active.get()) & CLOSED) == 0 && next.get() < tasks; ) {
                if (active.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
            return false;
        }

        void leave() {
            if (active.decrementAndGet() == CLOSED) {
                LockSupport.unpark(caller);
            }
        }

        /** Called by the caller after its own drain: stop new helpers, then wait for the ones still working. */
        void closeAndAwait() {
            active.getAndAdd(CLOSED);
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (active.get() != CLOSED) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000);
                }
            }
        }
    }

    private static final class Pool {
        final int threads;
        final Worker[] workers;
        /** The latest job; workers compare it with the last one they saw. */
        volatile Job job;
        volatile boolean stopped;
        private final AtomicBoolean busy = new AtomicBoolean();

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, "descent-worker-" + (i + 1));
                workers[i].start();
            }
        }

        /** Claims the pool for one job; false if another thread's job is running (the caller then runs inline). */
        boolean tryAcquire() {
            return busy.compareAndSet(false, true);
        }

        void release() {
            busy.set(false);
        }

        void run(int tasks, IntConsumer body) {
            Job j = new Job(tasks, body);
            job = j;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            j.drain();
            j.closeAndAwait();
            Throwable e = j.failure;
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
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (!pool.stopped) {
                Job j = awaitJob(seen);
                if (j == null) {
                    continue;
                }
                seen = j;
                if (j.join()) {
                    try {
                        j.drain();
                    } finally {
                        j.leave();
                    }
                }
            }
        }

        /** Spins for a while, then parks, until a job other than {@code seen} is published; null on a spurious wake. */
        private Job awaitJob(Job seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            for (; ; ) {
                Job j = pool.job;
                if (j != seen || pool.stopped) {
                    return j == seen ? null : j;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (pool.job == seen && !pool.stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                return null;
            }
        }
    }
}
