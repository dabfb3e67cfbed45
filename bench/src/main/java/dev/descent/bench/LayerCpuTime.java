package dev.descent.bench;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@link LayerBenchmark}'s benchmarks on one thread, per second of the calling thread's <em>CPU time</em> rather than
 * wall time, for a shared, busy machine where the OS takes the core away now and then (as {@code GemmCpuTime} does
 * for the products). Prints the median and best of 9 rounds in µs per call.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.descent.bench.LayerCpuTime [regex]
 * </pre>
 */
public final class LayerCpuTime {
    private LayerCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Pattern only = Pattern.compile(args.length > 0 ? args[0] : ".*");
        LayerBenchmark b = new LayerBenchmark();
        b.threads = 1;
        b.setUp();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Blackhole hole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        List<Method> methods = new ArrayList<>();
        for (Method m : LayerBenchmark.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class) && only.matcher(m.getName()).find()) {
                methods.add(m);
            }
        }
        methods.sort((x, y) -> x.getName().compareTo(y.getName()));
        for (Method m : methods) {
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                hole.consume(m.invoke(b));
            }
            double[] us = new double[9];
            for (int round = 0; round < us.length; round++) {
                int reps = 0;
                long start = bean.getCurrentThreadCpuTime();
                long end = start;
                while (end - start < 200_000_000L) {
                    hole.consume(m.invoke(b));
                    reps++;
                    end = bean.getCurrentThreadCpuTime();
                }
                us[round] = (end - start) / 1e3 / reps;
            }
            Arrays.sort(us);
            System.out.printf(Locale.ROOT, "%-14s cpu µs/call median %8.2f  best %8.2f%n", m.getName(), us[4], us[0]);
        }
        b.tearDown();
    }
}
