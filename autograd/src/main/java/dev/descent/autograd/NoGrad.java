package dev.descent.autograd;

/**
 * A scope in which operations record no graph, as {@code torch.no_grad()}: their results are plain values that
 * require no gradient. For evaluation, prediction, and parameter updates.
 *
 * <pre>{@code
 * try (var scope = NoGrad.enter()) {
 *     Variable predictions = model.forward(x);   // no graph is built
 * }
 * }</pre>
 *
 * Scopes nest and are per thread.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Enters a no-grad scope on this thread; close it (try-with-resources) to leave. */
    public static NoGrad enter() {
        int[] d = DEPTH.get();
        d[0]++;
        return new NoGrad(d);
    }

    /** Whether operations on this thread currently record a graph. */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
