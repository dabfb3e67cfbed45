import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two (or more) builds of {@code ConvBenchmark} in one JVM, alternating round by round, as {@code GemmBuildsAB} does
 * for gemm: each build's benchmarks jar is loaded by its own class loader, its {@code ConvBenchmark} set up with
 * {@code -Dthreads=N} (default 1) and the named benchmark methods called in short rounds. One thread is timed by the
 * calling thread's CPU time, more by the wall clock. Prints, per method, each build's median ms per call and the
 * median of its per-round ratios to the first build (below 1: faster).
 *
 * <pre>
 * cp bench/target/benchmarks.jar /tmp/before.jar        # before the change; then change and rebuild
 * java --add-modules jdk.incubator.vector bench/tools/ConvBuildsAB.java /tmp/before.jar,bench/target/benchmarks.jar \
 *     15 conv2ForwardBackward conv1Forward pool1Forward
 * </pre>
 */
public class ConvBuildsAB {
    private static final int THREADS = Integer.getInteger("threads", 1);

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ConvBuildsAB JAR,JAR[,…] ROUNDS METHOD…");
            System.exit(2);
        }
        String[] jars = args[0].split(",");
        int rounds = Integer.parseInt(args[1]);
        Object[] benches = new Object[jars.length];
        for (int v = 0; v < jars.length; v++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(jars[v]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass("dev.descent.bench.ConvBenchmark");
            benches[v] = type.getConstructor().newInstance();
            type.getField("threads").setInt(benches[v], THREADS);
            type.getMethod("setUp").invoke(benches[v]);
        }
        for (int i = 2; i < args.length; i++) {
            compare(benches, rounds, args[i]);
        }
    }

    private static void compare(Object[] benches, int rounds, String name) throws Exception {
        Method[] call = new Method[benches.length];
        for (int v = 0; v < benches.length; v++) {
            call[v] = benches[v].getClass().getMethod(name);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int reps = 20;
        double[][] ms = new double[benches.length][rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            for (int v = 0; v < benches.length; v++) {
                long start = THREADS == 1 ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    call[v].invoke(benches[v]);
                }
                long end = THREADS == 1 ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                if (r >= 0) {
                    ms[v][r] = (end - start) / 1e6 / reps;
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-24s threads=%d", name, THREADS));
        for (int v = 0; v < benches.length; v++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = ms[v][r] / ms[0][r];
            }
            line.append(String.format("   build %d: %7.3f ms (× %.3f)", v, median(ms[v]), median(ratio)));
        }
        System.out.println(line);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
