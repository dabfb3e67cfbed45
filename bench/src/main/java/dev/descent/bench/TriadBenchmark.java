package dev.descent.bench;

import dev.descent.core.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * STREAM's triad in float, {@code a[i] = b[i] + s·c[i]}, as the memory-bandwidth ceiling for the optimizer kernels: a
 * plain loop the JIT vectorises, split over {@link Parallel}'s threads in the same chunks the optimizers use. Traffic
 * is counted as STREAM does, 3 arrays (12 bytes) per element — the write-allocate read of {@code a} is not counted,
 * so the in-place optimizer updates, which have none, can come out a little above it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class TriadBenchmark {
    /** The chunk a thread takes at a time, as in the optimizers. */
    static final int CHUNK = 1 << 16;

    @Param({"1000000", "10000000"})
    public int params;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        a = new float[params];
        b = new float[params];
        c = new float[params];
        Arrays.fill(b, 1f);
        Arrays.fill(c, 2f);
    }

    private static void triad(float[] a, float[] b, float[] c, float s, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
    }

    @Benchmark
    public void triad() {
        run(a, b, c, 3f);
    }

    /** {@code a = b + s·c} over whole arrays: on the calling thread, or in chunks over the pool's threads. */
    static void run(float[] a, float[] b, float[] c, float s) {
        Parallel.forRange(a.length, CHUNK, (from, to) -> triad(a, b, c, s, from, to));
    }
}
