package dev.descent.core;

/**
 * A seeded pseudo-random generator whose stream depends only on its seed: the same seed gives the same numbers on
 * every JDK and machine. This is SplitMix64 (Steele, Lea and Flood, 2014), the generator behind
 * {@link java.util.SplittableRandom}, written out here so that no JDK change can alter it; normal variates use the
 * Box–Muller transform with {@link StrictMath}, whose results the Java specification fixes bit for bit.
 *
 * <p>Not thread-safe: give each thread (or each layer that needs randomness) its own generator, for example from
 * {@link #split()}.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double TWO_PI = 2 * Math.PI;

    private long state;
    private boolean hasSpare;
    private double spare;

    /** A generator whose stream is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /**
     * Advances the generator as {@code count} calls of {@link #nextLong()} would (a pending Gaussian spare is kept),
     * in constant time: SplitMix64's state moves by a constant at every draw. With {@link #copy()} this lets several
     * threads fill disjoint parts of one random array with exactly the numbers a single thread drawing in order would
     * produce — each from a copy skipped to its part — before the generator itself skips past them all.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public void skip(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("skip: count must be ≥ 0, got " + count);
        }
        state += count * GOLDEN_GAMMA;
    }

    /** An independent generator in this one's exact state: it draws what this one would draw next. */
    public Rng copy() {
        Rng c = new Rng(state);
        c.hasSpare = hasSpare;
        c.spare = spare;
        return c;
    }

    /** SplitMix64's output function (Stafford's "Mix13" finalizer) of a state. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniform integer in {@code [0, bound)}, without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xffffffffL;
        if (low < bound) {
            long threshold = (1L << 32) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A uniform float in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A standard normal variate, N(0, 1), by Box–Muller; variates come in pairs and the second is kept. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = TWO_PI * u2;
        spare = r * StrictMath.sin(theta);
        hasSpare = true;
        return r * StrictMath.cos(theta);
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A new generator seeded from this one's stream: independent for practical purposes, and reproducible. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The generator's complete state, for checkpoints: restoring it with {@link #restore} continues the stream. */
    public long[] state() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** Puts back a state returned by {@link #state()}. */
    public void restore(long[] saved) {
        if (saved == null || saved.length != 3) {
            throw new IllegalArgumentException("Rng.restore: expected a state of 3 longs");
        }
        state = saved[0];
        hasSpare = saved[1] != 0;
        spare = Double.longBitsToDouble(saved[2]);
    }
}
