package dev.descent.nn;

import dev.descent.core.Rng;

/**
 * Where layers built without an explicit {@link Rng} get their randomness — the counterpart of PyTorch's default
 * generator and {@code torch.manual_seed}.
 *
 * <p>Each such layer takes its own generator, {@link Rng#split() split} from this one's stream when it is
 * constructed. So a program that builds its model in a fixed order gets the same initial weights and dropout masks
 * on every run; call {@link #manualSeed} first to pick another stream. For full control pass an {@code Rng} to the
 * layer's constructor instead.
 */
public final class DefaultGenerator {
    /** The seed in force until {@link #manualSeed} is called. */
    public static final long INITIAL_SEED = 0;

    private static Rng root = new Rng(INITIAL_SEED);

    private DefaultGenerator() {
    }

    /** Restarts the default stream from {@code seed}. */
    public static synchronized void manualSeed(long seed) {
        root = new Rng(seed);
    }

    /** A new generator split from the default stream. */
    public static synchronized Rng split() {
        return root.split();
    }
}
