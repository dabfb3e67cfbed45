import dev.descent.core.Parallel;
import dev.descent.core.kernel.Gemm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Descent's gemm and OpenBLAS's cblas_sgemm in one process, alternating short rounds: on a shared, noisy machine both
 * then see the same load, and the ratio of their total times is far steadier than two separate runs (JMH, then
 * NumPy) that meet different loads. A cross-check for {@code gemm_vs_openblas.py}, not a replacement: it needs a JDK
 * with the final foreign-function API (22+), so Descent runs on that JDK's compiler, not on JDK 17's.
 *
 * <p>One thread is timed by the calling thread's CPU time (OpenBLAS with one thread runs on the caller), more threads
 * by wall-clock time. Square sizes, C = A·B, α = 1, β = 0; OpenBLAS's operands live off-heap, Descent's on the heap.
 *
 * <p>Usage, from the repository root after {@code mvn -B -q -pl bench -am package -DskipTests}:
 * <pre>
 * OPENBLAS_THREAD_TIMEOUT=4 \
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp bench/target/benchmarks.jar bench/peers/GemmInProcess.java [--threads 1,2] [--rounds 40] 256 512 1024
 * </pre>
 * {@code OPENBLAS_THREAD_TIMEOUT=4} makes OpenBLAS's idle worker threads sleep after 2⁴ cycles instead of spinning
 * for millions: without it, on two cores, OpenBLAS's spinning worker takes the core Descent's second thread needs in
 * the very next round, and Descent's two-thread figures come out at its one-thread speed (65 against 97–116 GFLOP/s
 * with the variable set, in one sitting). The program warns when it is missing.
 */
public class GemmInProcess {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111;

    public static void main(String[] args) throws Throwable {
        String threadList = "1,2";
        int rounds = 40;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threadList = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(64, 128, 256, 512, 1024);
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup openblas = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
        MethodHandle sgemm = linker.downcallHandle(openblas.find("cblas_sgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setThreads = linker.downcallHandle(openblas.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        if (System.getenv("OPENBLAS_THREAD_TIMEOUT") == null && threadList.matches(".*([2-9]|\\d\\d).*")) {
            System.err.println("warning: OPENBLAS_THREAD_TIMEOUT is not set: OpenBLAS's idle threads will spin and "
                    + "take the cores Descent's threads need (set it to 4)");
        }
        System.out.println("| n | threads | clock | Descent GFLOP/s | OpenBLAS GFLOP/s | ratio | best Descent "
                + "| best OpenBLAS |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String t : threadList.split(",")) {
            int threads = Integer.parseInt(t.trim());
            setThreads.invokeExact(threads);
            Parallel.setThreads(threads);
            // A first pass only warms up: the first figures of a fresh JVM come out low on both sides, however long
            // that one size is warmed (the compiler threads are still busy with everything else).
            for (int n : sizes) {
                compare(sgemm, n, threads, 0);
            }
            for (int n : sizes) {
                compare(sgemm, n, threads, rounds);
            }
        }
    }

    /** Warms both sides up on n × n products, then, if {@code rounds > 0}, times them in turn and prints a row. */
    private static void compare(MethodHandle sgemm, int n, int threads, int rounds) {
        Random random = new Random(42);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
            b[i] = random.nextFloat() * 2 - 1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(4L * n * n, 64), sb = arena.allocate(4L * n * n, 64);
            MemorySegment sc = arena.allocate(4L * n * n, 64);
            MemorySegment.copy(a, 0, sa, ValueLayout.JAVA_FLOAT, 0, a.length);
            MemorySegment.copy(b, 0, sb, ValueLayout.JAVA_FLOAT, 0, b.length);
            Runnable descent = () -> Gemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            Runnable blas = () -> {
                try {
                    sgemm.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, n, n, n, 1f, sa, n, sb, n, 0f, sc, n);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
            boolean cpu = threads == 1;
            double flop = 2.0 * n * n * n;
            int reps = (int) Math.max(1, 0.1e9 / flop);
            long warmUntil = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < warmUntil) {
                alternate(descent, blas, reps, 1, cpu); // the timed loop itself gets compiled too
            }
            if (rounds > 0) {
                double[] result = alternate(descent, blas, reps, rounds, cpu);
                double ours = flop * reps * rounds / result[0], theirs = flop * reps * rounds / result[1];
                System.out.printf("| %d | %d | %s | %.1f | %.1f | %.2f | %.1f | %.1f |%n", n, threads,
                        cpu ? "cpu" : "wall", ours, theirs, ours / theirs, flop * reps / result[2],
                        flop * reps / result[3]);
            }
        }
    }

    /** Runs both sides {@code rounds} times in turn: total nanoseconds of each, then the shortest round of each. */
    private static double[] alternate(Runnable descent, Runnable blas, int reps, int rounds, boolean cpu) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[] result = {0, 0, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            for (int side = 0; side < 2; side++) {
                Runnable product = side == 0 ? descent : blas;
                long start = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    product.run();
                }
                long time = (cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime()) - start;
                result[side] += time;
                result[side + 2] = Math.min(result[side + 2], time);
            }
        }
        return result;
    }
}
