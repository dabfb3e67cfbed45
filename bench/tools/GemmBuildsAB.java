import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Two (or more) builds of Descent's gemm in one JVM, alternating round by round: the way to tell whether a change to
 * gemm made it faster on a shared machine, where two JMH runs minutes apart meet different loads and differ by more
 * than the change. Each build is loaded by its own class loader from a {@code core} classes directory or jar, so both
 * run under the same JIT, heap and noise; the figure to read is the median of the per-round ratios to the first build.
 * One thread (Descent's pool set to 1), timed by the calling thread's CPU time, or {@code -Dthreads=N} threads timed
 * by the wall clock; α = 1, β = 0.
 *
 * <p>Usage, from the repository root (copy the old build's {@code core/target/classes} aside before rebuilding):
 * <pre>
 * java --add-modules jdk.incubator.vector bench/tools/GemmBuildsAB.java /tmp/old-classes,core/target/classes \
 *     12 256 512 1024 128x784x256:NT
 * </pre>
 * Arguments: the builds (comma-separated), the number of rounds, then shapes as in {@code GemmBenchmark}
 * ({@code n} or {@code MxKxN:XY}).
 */
public class GemmBuildsAB {
    private static final int THREADS = Integer.getInteger("threads", 1);
    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            System.err.println("usage: GemmBuildsAB BUILD,BUILD[,…] ROUNDS SHAPE…");
            System.exit(2);
        }
        MethodHandle[] gemm = load(args[0].split(","));
        int rounds = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            compare(gemm, rounds, args[i]);
        }
    }

    /** {@code Gemm.gemm} of each build, with its thread pool set to one thread. */
    private static MethodHandle[] load(String[] builds) throws Throwable {
        MethodHandle[] gemm = new MethodHandle[builds.length];
        MethodType type = MethodType.methodType(void.class, boolean.class, boolean.class, int.class, int.class,
                int.class, float.class, float[].class, int.class, int.class, float[].class, int.class, int.class,
                float.class, float[].class, int.class, int.class);
        for (int i = 0; i < builds.length; i++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(builds[i]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            loader.loadClass("dev.descent.core.Parallel").getMethod("setThreads", int.class).invoke(null, THREADS);
            gemm[i] = MethodHandles.publicLookup()
                    .findStatic(loader.loadClass("dev.descent.core.kernel.Gemm"), "gemm", type);
        }
        return gemm;
    }

    private static void compare(MethodHandle[] gemm, int rounds, String shape) throws Throwable {
        String[] dimsAndOps = shape.split(":");
        boolean ta = dimsAndOps.length > 1 && dimsAndOps[1].charAt(0) == 'T';
        boolean tb = dimsAndOps.length > 1 && dimsAndOps[1].charAt(1) == 'T';
        int[] mkn = Arrays.stream(dimsAndOps[0].split("x")).mapToInt(Integer::parseInt).toArray();
        int m = mkn[0], k = mkn.length == 3 ? mkn[1] : mkn[0], n = mkn.length == 3 ? mkn[2] : mkn[0];
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
        double flop = 2.0 * m * n * k;
        int reps = (int) Math.max(1, 1.4e10 / flop); // about 0.2 s per build and round
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[][] gflops = new double[gemm.length][rounds];
        for (int warm = 0; warm < 3; warm++) {
            for (MethodHandle g : gemm) {
                for (int i = 0; i < reps; i++) {
                    g.invokeExact(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < gemm.length; v++) {
                long start = THREADS == 1 ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    gemm[v].invokeExact(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                }
                long end = THREADS == 1 ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                gflops[v][r] = flop * reps / (end - start);
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-16s", shape));
        for (int v = 0; v < gemm.length; v++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = gflops[v][r] / gflops[0][r];
            }
            line.append(String.format("  [%d] median %.1f GFLOP/s, ratio %.3f", v, median(gflops[v]), median(ratio)));
        }
        System.out.println(line);
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static float[] random(int size, long seed) {
        Random random = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }
}
