package dev.descent.core;

/**
 * The positions of a box of sizes {@code d₀ … d_{r−1}} in row-major order (the last index fastest), with one offset
 * per strided array that moves along: at position {@code (i₀, …, i_{r−1})},
 * <pre>
 *   offsets[o] = Σₖ iₖ · strides[o][k]
 * </pre>
 * It is the loop behind every walk of a tensor that is not one flat run — broadcasting ({@link BroadcastPlan}),
 * strided copies ({@link StridedCopy}) and indexing ({@link Indexing}) — written once. A step adds the strides of
 * the axis that moved; where an index wraps back to 0 it takes back everything that axis had added and carries into
 * the axis before, like the wheels of a mileage counter. No multiplication per position, no division.
 */
final class Odometer {
    private final int[] sizes;
    private final int[][] strides;
    /** The current position, one index per axis. */
    final int[] position;
    /** The current offset in each array, counted from the array's first element. */
    final int[] offsets;

    /**
     * @param sizes   the box's sizes, outermost first
     * @param strides one stride per axis for each array (arrays may be longer than {@code sizes}; the rest is unused)
     */
    Odometer(int[] sizes, int[]... strides) {
        this.sizes = sizes;
        this.strides = strides;
        this.position = new int[sizes.length];
        this.offsets = new int[strides.length];
    }

    /** Moves to the next position in row-major order (after the last one, back to the first). */
    void next() {
        for (int k = sizes.length - 1; k >= 0; k--) {
            position[k]++;
            for (int o = 0; o < strides.length; o++) {
                offsets[o] += strides[o][k];
            }
            if (position[k] < sizes[k]) {
                return;
            }
            for (int o = 0; o < strides.length; o++) {
                offsets[o] -= strides[o][k] * sizes[k];
            }
            position[k] = 0;
        }
    }
}
