package dev.descent.nn;

import dev.descent.core.Parallel;

/**
 * How the element-wise layers (ReLU, Dropout) share a large tensor among {@link Parallel}'s threads: in pieces of
 * {@link #ELEMENTS} consecutive elements, whatever the thread count. Each element is computed on its own, so the
 * result is the same bits on any number of threads.
 */
final class Pieces {
    /**
     * Elements per piece: 32 KiB of floats, a few microseconds of work — enough to outweigh handing it to another
     * thread. Even, so that Dropout's pieces each start on a random draw of their own.
     */
    static final int ELEMENTS = 1 << 13;

    private Pieces() {
    }

    /** Runs {@code body} over {@code [0, n)} in pieces of {@link #ELEMENTS}, spread over the threads. */
    static void forEach(int n, Parallel.RangeBody body) {
        Parallel.forRange(n, ELEMENTS, body);
    }
}
