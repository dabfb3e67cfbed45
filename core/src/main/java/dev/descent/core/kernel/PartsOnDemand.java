package dev.descent.core.kernel;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * The parts of a buffer that threads share, each filled once, when some thread first needs it, by that thread: the
 * packed B block of a {@link Gemm} product. The alternative — all threads pack the block together, wait for each
 * other, then multiply — makes every thread wait for the slowest packer, and on a busy machine that is a thread the
 * OS has put aside for milliseconds.
 *
 * <p>A thread that needs a part nobody has claimed claims and fills it. One that needs a part another thread is
 * filling first fills the later parts of the same group nobody has claimed (it needs them next), then waits for the
 * part — but only for {@link #PATIENCE_NANOS}: if the filler is still not done, it has probably been descheduled, and
 * the waiter fills the part itself. Filling is deterministic, so a part filled twice holds the same values whichever
 * write lands last. A part is read only after its state has been seen {@code READY} (a volatile read that follows
 * the filler's volatile write), so a reader always sees a complete fill.
 */
final class PartsOnDemand {
    /** How long a thread waits for a part another thread is filling before it fills the part too. */
    static final long PATIENCE_NANOS = 100_000;

    private static final int FREE = 0;
    private static final int CLAIMED = 1;
    private static final int READY = 2;

    private final AtomicIntegerArray state;
    private final int groupSize;
    private final IntConsumer fill;

    /**
     * @param parts     how many parts
     * @param groupSize parts {@code g·groupSize ..} form group {@code g}; a waiting thread only fills ahead within
     *                  the group of the part it waits for
     * @param fill      fills part {@code i}; must write the same values however often it runs
     */
    PartsOnDemand(int parts, int groupSize, IntConsumer fill) {
        this.state = new AtomicIntegerArray(parts);
        this.groupSize = groupSize;
        this.fill = fill;
    }

    /** Returns once part {@code i} is filled, filling it (and maybe others) on this thread if need be. */
    void ensure(int i) {
        if (state.get(i) == READY || claimAndFill(i)) {
            return;
        }
        int groupEnd = Math.min(state.length(), (i / groupSize + 1) * groupSize);
        for (int j = i + 1; j < groupEnd && state.get(i) != READY; j++) {
            claimAndFill(j);
        }
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (state.get(i) != READY) {
            if (System.nanoTime() > giveUp) {
                fill.accept(i);
                state.set(i, READY);
                return;
            }
            Thread.onSpinWait();
        }
    }

    private boolean claimAndFill(int i) {
        if (!state.compareAndSet(i, FREE, CLAIMED)) {
            return false;
        }
        fill.accept(i);
        state.set(i, READY);
        return true;
    }
}
