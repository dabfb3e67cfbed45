package dev.descent.bench;

import dev.descent.bench.gemm.GemmShape;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.kernel.Gemm;
import dev.descent.core.kernel.VectorizationProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Single-precision gemm throughput, {@code C = op(A)·op(B)} (α = 1, β = 0), for comparison with OpenBLAS
 * ({@code bench/peers/blas_gflops.py}, same shapes and thread counts).
 *
 * <p>Shapes: square n = 64 … 1024, and every product of a 784-256-128-10 MLP at batch 128 with the transposes a
 * dense layer uses (weights stored {@code [out, in]} as in PyTorch): forward {@code Y = X·Wᵀ} ({@code :NT}), input
 * gradient {@code dX = dY·W} ({@code :NN}) and weight gradient {@code dW = dYᵀ·X} ({@code :TN}).
 *
 * <p>Read the {@code gflop} line: it is already in GFLOP/s (an {@link AuxCounters} counter of GFLOP per call, which
 * JMH reports per second). {@code threads = 0} means all available processors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    /** n for a square product, else {@code MxKxN:XY} (see {@link GemmShape}). */
    @Param({"64", "128", "256", "512", "1024",
            "128x784x256:NT", "128x256x784:NN", "256x128x784:TN",
            "128x256x128:NT", "128x128x256:NN", "128x128x256:TN",
            "128x128x10:NT", "128x10x128:NN", "10x128x128:TN"})
    public String shape;

    /** Threads of Descent's pool; 0 = all available processors. */
    @Param({"1", "0"})
    public int threads;

    private GemmShape s;
    private float[] a;
    private float[] b;
    private float[] c;
    private int previousThreads;

    /** GFLOP done, reported by JMH per second: GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;
    }

    @Setup(Level.Trial)
    public void setUp() {
        s = GemmShape.parse(shape);
        Rng rng = new Rng(42);
        a = random(rng, s.aRows() * s.aCols());
        b = random(rng, s.bRows() * s.bCols());
        c = new float[s.m() * s.n()];
        previousThreads = Parallel.threads();
        Parallel.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        System.out.println("\n# kernels " + VectorizationProvider.kernels().name() + ", " + Parallel.threads()
                + " thread(s), " + s);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(previousThreads);
    }

    @Benchmark
    public float[] gemm(Flops flops) {
        Gemm.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.aCols(), b, 0, s.bCols(), 0f, c, 0,
                s.n());
        flops.gflop += s.flops() * 1e-9;
        return c;
    }

    private static float[] random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
