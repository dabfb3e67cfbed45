package dev.descent.bench;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each optimizer's step beside the triad in one JVM, alternating: the cross-check of {@link OptimizerBandwidth} for a
 * shared machine. There, JMH measures the triad and the optimizers minutes apart, and on a virtual machine whose
 * speed drifts by tens of percent from one minute to the next (another tenant on the host) the ratio of two such
 * figures compares two different machines. Here every round times a block of triads and a block of optimizer steps
 * back to back — in alternating order, so neither always runs second — and the figure reported is the median, over
 * the rounds, of the ratio of their GB/s, with the quartiles beside it to show the spread. Same kernels, same
 * hyper-parameters and traffic counts as {@link OptimizerBenchmark}, same triad as {@link TriadBenchmark}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.descent.bench.OptimizerTriadRatio \
 *     [--params 1000000,10000000] [--threads 1,2] [--optimizers sgd,momentum,...] [--rounds 21]
 * </pre>
 */
public final class OptimizerTriadRatio {
    /** Each timed block lasts at least this long, so a block is many steps at 1 M parameters. */
    private static final long BLOCK_NANOS = 20_000_000;
    /** Warm-up before the rounds, per optimizer: long enough for C2 to compile the kernels. */
    private static final long WARMUP_NANOS = 1_500_000_000L;

    private OptimizerTriadRatio() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = CommandLineOptions.parse(args);
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "21"));
        System.out.println("JDK " + Runtime.version() + ", update kernels: " + Optimizer.kernels() + ", " + rounds
                + " rounds per row");
        System.out.println("| kernel | params | threads | ms/step | GB/s | triad GB/s | × triad (median) | quartiles |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (String params : opts.getOrDefault("params", OptimizerBenchmark.DEFAULT_PARAMS).split(",")) {
            int n = Integer.parseInt(params);
            for (String threads : opts.getOrDefault("threads", OptimizerBenchmark.DEFAULT_THREADS).split(",")) {
                Parallel.setThreads(Integer.parseInt(threads));
                for (String name : opts.getOrDefault("optimizers", OptimizerBenchmark.DEFAULT_OPTIMIZERS).split(",")) {
                    System.out.println(row(name, n, rounds));
                }
            }
        }
    }

    /** One optimizer at one size on the current thread count: warm-up, then the alternating rounds. */
    private static String row(String name, int n, int rounds) {
        float[] a = new float[n], b = new float[n], c = new float[n];
        Arrays.fill(b, 1f);
        Arrays.fill(c, 2f);
        Rng rng = new Rng(42);
        Variable p = Variable.parameter(Tensor.normal(rng, 0, 1, n));
        p.setGrad(Tensor.normal(rng, 0, 1e-3f, n));
        Optimizer<?> opt = OptimizerBenchmark.make(name, List.of(p));
        Runnable triad = () -> TriadBenchmark.run(a, b, c, 3f);
        Runnable step = opt::step;
        int triadReps = repsFor(triad), stepReps = repsFor(step);

        double[] stepMs = new double[rounds];
        double[] triadMs = new double[rounds];
        List<Double> ratios = new ArrayList<>();
        double stepBytes = OptimizerBenchmark.arrays(name) * 4.0 * n, triadBytes = 3 * 4.0 * n;
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                triadMs[r] = time(triad, triadReps);
                stepMs[r] = time(step, stepReps);
            } else {
                stepMs[r] = time(step, stepReps);
                triadMs[r] = time(triad, triadReps);
            }
            ratios.add((stepBytes / stepMs[r]) / (triadBytes / triadMs[r]));
        }
        Collections.sort(ratios);
        double ms = median(stepMs), tms = median(triadMs);
        return String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.1f | %.1f | %.2f | %.2f–%.2f |", name, n,
                Parallel.threads(), ms, stepBytes / ms / 1e6, triadBytes / tms / 1e6, ratios.get(rounds / 2),
                ratios.get(rounds / 4), ratios.get(3 * rounds / 4));
    }

    /** Runs {@code body} through the warm-up and returns how many calls fill a block of {@link #BLOCK_NANOS}. */
    private static int repsFor(Runnable body) {
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < WARMUP_NANOS / 2) {
            body.run();
            calls++;
        }
        double perCall = (double) (System.nanoTime() - start) / calls;
        return (int) Math.max(3, Math.ceil(BLOCK_NANOS / perCall));
    }

    /** Milliseconds per call over {@code reps} calls. */
    private static double time(Runnable body, int reps) {
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            body.run();
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
