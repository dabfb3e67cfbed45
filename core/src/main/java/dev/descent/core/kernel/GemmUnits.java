package dev.descent.core.kernel;

import java.util.Arrays;

/**
 * How the output of one block of a {@link Gemm} product is cut into units of work for the threads: ranges of A
 * panels (rows of C) times ranges of B panels (columns of C). Unit {@code u} covers A panels
 * {@code rowStart(u)..rowEnd(u)-1} and B panels {@code colStart(u)..colStart(u)+colChunkPanels-1} (clipped to the
 * block), through the whole depth.
 *
 * <p>On one thread the rows are cut into blocks of {@code maxBlockPanels} (the A block that stays in L2). On several
 * they are cut by <em>guided self-scheduling</em> (Polychronopoulos and Kuck, 1987): each unit takes
 * {@code 1/(2·threads)} of the rows still left, between {@link #MIN_UNIT_PANELS} and {@code maxBlockPanels} panels.
 * The units are handed out in order, so the large ones go first and the small ones last, and the threads finish
 * within a small unit of each other even when one of them runs slower (a busy core) — with equal units the faster
 * thread waits up to a whole unit at the end. Only when the rows are too few to give every thread a unit of
 * {@link #MIN_UNIT_PANELS} panels (a weight gradient with 10 rows) are the columns cut instead, into one chunk per
 * thread.
 *
 * <p>A unit never splits the depth: the sum behind every element of C is taken by one unit in one order, so the
 * result has the same bits whatever the cut.
 */
record GemmUnits(int[] rowStarts, int colChunkPanels, int colChunks) {
    /** The fewest A panels in a unit of rows (16 rows with a 4-row tile): smaller units reread B too often. */
    static final int MIN_UNIT_PANELS = 4;

    static GemmUnits of(int rowPanels, int colPanels, int maxBlockPanels, int threads) {
        if (threads > 1 && rowPanels < threads * MIN_UNIT_PANELS && colPanels >= threads) {
            int chunk = ceilDiv(colPanels, threads);
            return new GemmUnits(rowStarts(rowPanels, maxBlockPanels, 1), chunk, ceilDiv(colPanels, chunk));
        }
        return new GemmUnits(rowStarts(rowPanels, maxBlockPanels, threads), colPanels, 1);
    }

    /** Unit boundaries in A panels: blocks of {@code maxBlockPanels} on one thread, guided sizes on several. */
    static int[] rowStarts(int rowPanels, int maxBlockPanels, int threads) {
        int[] starts = new int[rowPanels + 1];
        int units = 0;
        for (int r = 0; r < rowPanels; units++) {
            starts[units] = r;
            int left = rowPanels - r;
            int size = threads == 1 ? maxBlockPanels
                    : Math.max(MIN_UNIT_PANELS, Math.min(maxBlockPanels, ceilDiv(left, 2 * threads)));
            r += Math.min(left, size);
        }
        starts[units] = rowPanels;
        return Arrays.copyOf(starts, units + 1);
    }

    int count() {
        return (rowStarts.length - 1) * colChunks;
    }

    int rowStart(int u) {
        return rowStarts[u / colChunks];
    }

    int rowEnd(int u) {
        return rowStarts[u / colChunks + 1];
    }

    int colStart(int u) {
        return u % colChunks * colChunkPanels;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
