package dev.descent.core;

import java.util.Arrays;

/**
 * How to walk an output shape and the operands broadcast into it with long contiguous inner runs.
 *
 * <p>Each operand gets a stride per output axis, 0 where it is broadcast. Axes of size 1 are dropped and adjacent
 * axes are merged wherever every operand is either contiguous across both or broadcast across both, so that, for
 * example, {@code [64, 128] + [128]} becomes 64 runs of 128 and {@code [64, 128] + [64, 1]} becomes 64 runs with the
 * second operand fixed. What is left is an odometer over the outer axes and one run of {@link #runLength} elements
 * whose stride in each operand is 1 or 0.
 */
final class BroadcastPlan {
    /** Merged axis sizes, outermost first; the last one is the run. */
    private final int[] sizes;
    /** {@code strides[o][k]}: operand o's stride along merged axis k (0 = broadcast). */
    private final int[][] strides;

    private BroadcastPlan(int[] sizes, int[][] strides) {
        this.sizes = sizes;
        this.strides = strides;
    }

    /** Plans a walk over {@code out} for operands whose shapes broadcast to it. */
    static BroadcastPlan of(Shape out, Shape... operands) {
        int rank = out.rank();
        int[] outDims = out.dims();
        int[][] full = new int[operands.length][];
        for (int o = 0; o < operands.length; o++) {
            full[o] = alignedStrides(operands[o], rank, outDims);
        }
        // Keep axes of size > 1, merging an axis into the one after it when every operand allows.
        int[] sizes = new int[Math.max(rank, 1)];
        int[][] strides = new int[operands.length][Math.max(rank, 1)];
        int count = 0;
        for (int k = 0; k < rank; k++) {
            if (outDims[k] == 1) {
                continue;
            }
            if (count > 0 && mergeable(full, k, strides, count - 1, outDims[k])) {
                sizes[count - 1] *= outDims[k];
                for (int o = 0; o < operands.length; o++) {
                    strides[o][count - 1] = full[o][k];
                }
                continue;
            }
            sizes[count] = outDims[k];
            for (int o = 0; o < operands.length; o++) {
                strides[o][count] = full[o][k];
            }
            count++;
        }
        if (count == 0) { // a single element
            sizes[0] = 1;
            count = 1;
        }
        int[] s = Arrays.copyOf(sizes, count);
        int[][] st = new int[operands.length][];
        for (int o = 0; o < operands.length; o++) {
            st[o] = Arrays.copyOf(strides[o], count);
        }
        return new BroadcastPlan(s, st);
    }

    /**
     * Axis k (of {@code size}) can be merged into the previous kept axis if, for every operand, either both are
     * broadcast or the previous stride equals this stride times this axis' size (contiguous across both).
     */
    private static boolean mergeable(int[][] full, int k, int[][] kept, int prev, int size) {
        for (int o = 0; o < full.length; o++) {
            int before = kept[o][prev];
            int here = full[o][k];
            boolean bothBroadcast = before == 0 && here == 0;
            boolean contiguous = here != 0 && before == here * size;
            if (!bothBroadcast && !contiguous) {
                return false;
            }
        }
        return true;
    }

    private static int[] alignedStrides(Shape s, int rank, int[] outDims) {
        int[] own = s.strides();
        int[] dims = s.dims();
        int[] result = new int[rank];
        int shift = rank - dims.length;
        for (int k = shift; k < rank; k++) {
            int d = dims[k - shift];
            result[k] = (d == 1 && outDims[k] != 1) ? 0 : own[k - shift];
        }
        return result;
    }

    /** Elements in one inner run. */
    int runLength() {
        return sizes[sizes.length - 1];
    }

    /** Operand o's stride within a run: 1 (contiguous) or 0 (one value repeated). */
    int runStride(int operand) {
        return strides[operand][sizes.length - 1];
    }

    /** Number of runs. */
    int runs() {
        int n = 1;
        for (int k = 0; k < sizes.length - 1; k++) {
            n *= sizes[k];
        }
        return n;
    }

    /** Visits every run in order with each operand's starting offset (relative to the operand's first element). */
    void forEachRun(RunVisitor visitor) {
        Odometer walk = new Odometer(Arrays.copyOf(sizes, sizes.length - 1), strides);
        for (int r = runs(); r > 0; r--, walk.next()) {
            visitor.run(walk.offsets);
        }
    }

    /** Receives each run's starting offsets, one per operand (the array is reused between calls). */
    @FunctionalInterface
    interface RunVisitor {
        void run(int[] offsets);
    }
}
