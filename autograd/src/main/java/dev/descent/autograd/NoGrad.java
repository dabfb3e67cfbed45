package dev.descent.autograd;

import java.util.concurrent.atomic.AtomicInteger;

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
    /** Scopes open on all threads: while none is, every operation can skip the thread-local lookup. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Enters a no-grad scope on this thread; close it (try-with-resources) to leave. */
    public static NoGrad enter() {
        int[] d = DEPTH.get();
        d[0]++;
        OPEN.incrementAndGet();
        return new NoGrad(d);
    }

    /** Whether operations on this thread currently record a graph. */
    public static boolean isGradEnabled() {
        return OPEN.get() == 0 || DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
            OPEN.decrementAndGet();
        }
    }
}
