package dev.descent.bench.gemm;

import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.kernel.Gemm;
import dev.descent.core.kernel.VectorizationProvider;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Single-thread gemm throughput per second of the calling thread's <em>CPU time</em>, not wall time: on a shared,
 * busy machine the OS takes the core away now and then, which wall-clock benchmarks (JMH included) count as
 * slowness. Pair it with {@code blas_gflops.py --cpu-time}. A complement to {@code GemmBenchmark} for noisy
 * machines, not a replacement: caches are still shared with whatever else runs.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.descent.bench.gemm.GemmCpuTime 64 128 128x784x256:NT ...}. Prints the median and best of 9 rounds.
 */
public final class GemmCpuTime {
    private GemmCpuTime() {
    }

    public static void main(String[] args) {
        Parallel.setThreads(1);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        System.out.println("# kernels " + VectorizationProvider.kernels().name() + ", 1 thread, CPU time");
        for (String arg : args) {
            GemmShape s = GemmShape.parse(arg);
            Rng rng = new Rng(42);
            float[] a = new float[s.aRows() * s.aCols()], b = new float[s.bRows() * s.bCols()];
            float[] c = new float[s.m() * s.n()];
            for (float[] x : new float[][] {a, b}) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextFloat() * 2f - 1f;
                }
            }
            Runnable product = () -> Gemm.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.aCols(), b, 0,
                    s.bCols(), 0f, c, 0, s.n());
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                product.run();
            }
            int reps = (int) Math.max(1, 10e9 / s.flops());
            double[] rates = new double[9];
            for (int round = 0; round < rates.length; round++) {
                long start = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    product.run();
                }
                rates[round] = s.flops() * reps / (bean.getCurrentThreadCpuTime() - start);
            }
            Arrays.sort(rates);
            System.out.printf("descent sgemm %s threads=1 cpu GFLOP/s median=%.1f best=%.1f%n", arg, rates[4],
                    rates[8]);
        }
    }
}
