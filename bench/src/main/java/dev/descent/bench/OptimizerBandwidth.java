package dev.descent.bench;

import dev.descent.optim.Optimizer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link TriadBenchmark} and {@link OptimizerBenchmark} in one sitting and prints, per optimizer, size and thread
 * count, the milliseconds per step, the GB/s of parameter/state traffic, and that as a fraction of the triad's GB/s.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.descent.bench.OptimizerBandwidth \
 *     [--params 1000000,10000000] [--threads 1,2] [--optimizers sgd,momentum,...] [--quick]
 * </pre>
 * {@code --quick} uses shorter warm-up and measurement (for a first look on a busy machine).
 */
public final class OptimizerBandwidth {
    private OptimizerBandwidth() {
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, String> opts = CommandLineOptions.parse(args, "quick");
        String[] sizes = opts.getOrDefault("params", OptimizerBenchmark.DEFAULT_PARAMS).split(",");
        String[] threads = opts.getOrDefault("threads", OptimizerBenchmark.DEFAULT_THREADS).split(",");
        String[] optimizers = opts.getOrDefault("optimizers", OptimizerBenchmark.DEFAULT_OPTIMIZERS).split(",");
        boolean quick = opts.containsKey("quick");

        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(TriadBenchmark.class.getName() + ".triad$")
                .include(OptimizerBenchmark.class.getName() + ".step$")
                .param("params", sizes)
                .param("threads", threads)
                .param("optimizer", optimizers);
        if (quick) {
            b.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> results = new Runner(b.build()).run();

        Map<String, Double> triadGbs = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("triad")) {
                int n = Integer.parseInt(r.getParams().getParam("params"));
                double ms = r.getPrimaryResult().getScore();
                triadGbs.put(r.getParams().getParam("params") + "/" + r.getParams().getParam("threads"),
                        12.0 * n / (ms / 1e3) / 1e9);
            }
        }
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String n = r.getParams().getParam("params");
            String t = r.getParams().getParam("threads");
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            String name = bench.endsWith("triad") ? "triad" : r.getParams().getParam("optimizer");
            int arrays = name.equals("triad") ? 3 : OptimizerBenchmark.arrays(name);
            double gbs = arrays * 4.0 * Integer.parseInt(n) / (ms / 1e3) / 1e9;
            Double triad = triadGbs.get(n + "/" + t);
            rows.add(new String[] {name, n, t, String.format(Locale.ROOT, "%.3f ± %.3f", ms, err),
                    String.format(Locale.ROOT, "%.1f", gbs),
                    triad == null ? "" : String.format(Locale.ROOT, "%.2f", gbs / triad)});
        }
        System.out.println();
        System.out.println("JDK " + Runtime.version() + ", update kernels: " + Optimizer.kernels()
                + " (in this JVM; forks add --add-modules jdk.incubator.vector)");
        System.out.println("| kernel | params | threads | ms/step | GB/s | × triad |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
