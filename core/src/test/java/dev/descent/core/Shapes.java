package dev.descent.core;

/** Random shapes for property tests. */
final class Shapes {
    private Shapes() {
    }

    /** Rank 0..maxRank, each dimension 1..maxDim. */
    static int[] random(Rng rng, int maxRank, int maxDim) {
        int[] d = new int[rng.nextInt(maxRank + 1)];
        for (int k = 0; k < d.length; k++) {
            d[k] = 1 + rng.nextInt(maxDim);
        }
        return d;
    }

    /**
     * A shape that broadcasts to {@code out}: a suffix of it (a rank difference), with some dimensions replaced by
     * 1.
     */
    static int[] broadcastableTo(Rng rng, int[] out) {
        int rank = out.length - rng.nextInt(out.length + 1);
        int[] d = new int[rank];
        for (int k = 0; k < rank; k++) {
            d[k] = rng.nextInt(3) == 0 ? 1 : out[out.length - rank + k];
        }
        return d;
    }
}
