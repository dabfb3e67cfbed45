package dev.descent.bench;

import dev.descent.core.Parallel;
import dev.descent.core.kernel.VectorizationProvider;
import dev.descent.nn.Module;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.ReferenceModels;
import dev.descent.train.Trainer;
import dev.descent.train.Training;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fashion-MNIST training throughput of the reference MLP (784-256 BatchNorm ReLU Dropout - 128 ReLU - 10,
 * cross-entropy, Adam 1e-3, batch 128), Descent beside PyTorch in one sitting.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.descent.bench.TrainingBenchmark \
 *     [--threads 1,2] [--epochs 5] [--seeds 0] [--data /usr/share/datasets/fashion-mnist]
 *     [--peer /work/shared/tools/torch_mlp_fmnist.py | --peer none] [--peer-pools both | pinned | default]
 * </pre>
 * For each thread count and seed it trains Descent for the given epochs, then runs the PyTorch script with the same
 * thread count, epochs and seed: once with its BLAS and OpenMP pools sized to that count too ({@code pinned}, see
 * {@link #PEER_THREAD_VARIABLES}), once as a user would start it ({@code default}: OpenBLAS then uses every core
 * even at one PyTorch thread). The 1-thread comparison is against the pinned run; PyTorch's best figure is the best
 * of all its runs. Per epoch it prints the training-loop seconds (batches only, as the script times them), examples
 * per second, test accuracy, and for Descent the heap in use after a full GC — which must not grow from epoch to
 * epoch — and the bytes the training thread allocated per step. The summary compares steady-state throughput (the
 * median of epochs 2…E; epoch 1 includes JIT warm-up on Descent's side, pooled over the seeds) and the test accuracy
 * after the last epoch (the mean over the seeds: one seed's accuracy varies by about a point), as a Markdown table
 * for RESULTS.md.
 */
public final class TrainingBenchmark {
    private static final Pattern PEER_LINE = Pattern.compile("threads=(\\d+) epoch=(\\d+) train_seconds=([\\d.]+) "
            + "examples_per_second=(\\d+) test_accuracy=([\\d.]+)");

    /** The environment variables that size the thread pools of PyTorch's BLAS and OpenMP runtimes. */
    static final List<String> PEER_THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS");

    private TrainingBenchmark() {
    }

    /** One epoch's figures. */
    record Epoch(int epoch, double trainSeconds, double examplesPerSecond, double testAccuracy, double heapMb) {
    }

    /** One framework at one thread count and seed. */
    record Run(String who, int threads, List<Epoch> epochs) {
        double finalAccuracy() {
            return epochs.get(epochs.size() - 1).testAccuracy();
        }
    }

    /** The median examples/second of epochs 2…E of every run (epoch 1 alone where a run has only one). */
    static double steadyExamplesPerSecond(List<Run> runs) {
        List<Double> v = new ArrayList<>();
        for (Run r : runs) {
            List<Epoch> es = r.epochs();
            for (Epoch e : es.size() > 1 ? es.subList(1, es.size()) : es) {
                v.add(e.examplesPerSecond());
            }
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** The mean over the runs of the test accuracy after the last epoch. */
    static double meanFinalAccuracy(List<Run> runs) {
        return runs.stream().mapToDouble(Run::finalAccuracy).average().orElse(Double.NaN);
    }

    /**
     * Times the batches of each epoch, counts the bytes the training thread allocates in them, and measures the heap
     * after the epoch.
     */
    private static final class EpochMeter implements Callback {
        private static final com.sun.management.ThreadMXBean MEMORY =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        final List<Epoch> epochs = new ArrayList<>();
        private final int examples;
        private long start, lastBatch, allocatedAtStart, allocatedAtLastBatch;
        private int batches;

        EpochMeter(int examples) {
            this.examples = examples;
        }

        private static long allocated() {
            return MEMORY.getThreadAllocatedBytes(Thread.currentThread().getId());
        }

        @Override
        public void onEpochBegin(Training training, int epoch) {
            batches = 0;
            allocatedAtStart = allocated();
            start = System.nanoTime();
        }

        @Override
        public void onBatchEnd(Training training, int batch, double loss) {
            lastBatch = System.nanoTime();
            allocatedAtLastBatch = allocated();
            batches++;
        }

        @Override
        public void onEpochEnd(Training training, EpochLogs logs) {
            double seconds = (lastBatch - start) / 1e9;
            double kbPerStep = (allocatedAtLastBatch - allocatedAtStart) / 1024.0 / batches;
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.gc();
            double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            Epoch e = new Epoch(logs.epoch() + 1, seconds, examples / seconds, logs.get(EpochLogs.VAL_ACCURACY),
                    heapMb);
            epochs.add(e);
            // The bytes per step tell runs apart: about 2.8 MB normally, about 5 MB when the JIT left part of the
            // gemm micro-kernel boxed (see RESULTS.md).
            System.out.printf(Locale.ROOT, "descent threads=%d epoch=%d train_seconds=%.3f examples_per_second=%.0f "
                    + "test_accuracy=%.4f heap_used_mb=%.1f allocated_kb_per_step=%.0f%n", Parallel.threads(),
                    e.epoch(), e.trainSeconds(), e.examplesPerSecond(), e.testAccuracy(), e.heapMb(), kbPerStep);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> opts = CommandLineOptions.parse(args);
        int epochs = Integer.parseInt(opts.getOrDefault("epochs", "5"));
        List<Long> seeds = new ArrayList<>();
        for (String v : opts.getOrDefault("seeds", "0").split(",")) {
            seeds.add(Long.parseLong(v.trim()));
        }
        Path dir = Path.of(opts.getOrDefault("data", Datasets.FASHION_MNIST_DIR.toString()));
        String peer = opts.getOrDefault("peer", "/work/shared/tools/torch_mlp_fmnist.py");
        String pools = opts.getOrDefault("peer-pools", "both");
        boolean pinned = pools.equals("pinned") || pools.equals("both");
        boolean unpinned = pools.equals("default") || pools.equals("both");
        if (!pinned && !unpinned) {
            throw new IllegalArgumentException("--peer-pools must be pinned, default or both, got " + pools);
        }

        System.out.println("# Fashion-MNIST training throughput: JDK " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "), kernels " + VectorizationProvider.kernels().name()
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, load " + loadAverage());
        DatasetSplit data = Datasets.fashionMnist(dir);
        List<Integer> threadCounts = new ArrayList<>();
        List<List<Run>> descentRows = new ArrayList<>(), pinnedRows = new ArrayList<>(), defaultRows = new ArrayList<>();
        for (String t : opts.getOrDefault("threads", "1,2").split(",")) {
            int threads = Integer.parseInt(t.trim());
            threadCounts.add(threads);
            List<Run> descent = new ArrayList<>(), torchPinned = new ArrayList<>(), torchDefault = new ArrayList<>();
            for (long seed : seeds) {
                descent.add(descent(data, threads, epochs, seed));
                if (!peer.equals("none") && pinned) {
                    torchPinned.add(peer(peer, dir, threads, epochs, seed, true));
                }
                if (!peer.equals("none") && unpinned) {
                    torchDefault.add(peer(peer, dir, threads, epochs, seed, false));
                }
            }
            descentRows.add(descent);
            pinnedRows.add(torchPinned);
            defaultRows.add(torchDefault);
        }
        System.out.println();
        System.out.println("| threads | Descent ex/s | PyTorch ex/s, pools = threads | PyTorch ex/s, BLAS pool default "
                + "| Descent / PyTorch (pools = threads) | Descent acc @" + epochs + " | PyTorch acc @" + epochs
                + " | Descent heap after epoch 1…" + epochs + " (MB) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double bestPeer = Double.NaN;
        for (int i = 0; i < descentRows.size(); i++) {
            List<Run> d = descentRows.get(i), p = pinnedRows.get(i), q = defaultRows.get(i);
            StringBuilder heap = new StringBuilder();
            for (Epoch e : d.get(0).epochs()) {
                heap.append(heap.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", e.heapMb()));
            }
            double dx = steadyExamplesPerSecond(d);
            double px = p.isEmpty() ? Double.NaN : steadyExamplesPerSecond(p);
            double qx = q.isEmpty() ? Double.NaN : steadyExamplesPerSecond(q);
            for (double x : new double[] {px, qx}) {
                bestPeer = Double.isNaN(bestPeer) || x > bestPeer ? x : bestPeer;
            }
            List<Run> accuracyPeer = p.isEmpty() ? q : p;
            System.out.printf(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %.4f | %s | %s |%n", threadCounts.get(i), dx,
                    figure(px, "%.0f"), figure(qx, "%.0f"), figure(dx / px, "%.2f"), meanFinalAccuracy(d),
                    accuracyPeer.isEmpty() ? "–" : figure(meanFinalAccuracy(accuracyPeer), "%.4f"), heap);
        }
        if (!Double.isNaN(bestPeer)) {
            System.out.printf(Locale.ROOT, "PyTorch's best figure: %.0f examples/s; each Descent row against it: ",
                    bestPeer);
            for (int i = 0; i < descentRows.size(); i++) {
                System.out.printf(Locale.ROOT, "%s%d thread(s) %.2f", i == 0 ? "" : ", ", threadCounts.get(i),
                        steadyExamplesPerSecond(descentRows.get(i)) / bestPeer);
            }
            System.out.println();
        }
        System.out.println("load after: " + loadAverage());
    }

    private static String figure(double x, String format) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, format, x);
    }

    static Run descent(DatasetSplit data, int threads, int epochs, long seed) {
        Parallel.setThreads(threads);
        Module model = ReferenceModels.fashionMnistMlp(seed);
        Adam adam = new Adam(model.parameters(), Adam.defaults().withLr(1e-3));
        EpochMeter meter = new EpochMeter(data.train().size());
        new Trainer(model, new CrossEntropyLoss(), adam).batchSize(128).seed(seed)
                .verbosity(Trainer.Verbosity.SILENT).callbacks(meter).fit(data.train(), data.test(), epochs);
        return new Run("descent", threads, meter.epochs);
    }

    /**
     * Runs the PyTorch script. With {@code pinPools}, its BLAS and OpenMP pools get {@code threads} threads too:
     * {@code torch.set_num_threads} sizes PyTorch's own pool only, and the BLAS under it (OpenBLAS on Debian) starts
     * a thread per core regardless — at "1 thread" PyTorch then still multiplies on the second core, and its idle
     * BLAS threads spin in {@code sched_yield}. Without, the script runs as a user would start it.
     */
    static Run peer(String script, Path dir, int threads, int epochs, long seed, boolean pinPools)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script, "--threads", Integer.toString(threads),
                "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed), "--data", dir.toString())
                .redirectErrorStream(true);
        for (String pool : PEER_THREAD_VARIABLES) {
            if (pinPools) {
                pb.environment().put(pool, Integer.toString(threads));
            } else {
                pb.environment().remove(pool);
            }
        }
        System.out.println("# PyTorch, " + (pinPools ? "pools = threads" : "BLAS pool default"));
        Process p = pb.start();
        List<Epoch> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
                Matcher m = PEER_LINE.matcher(line);
                if (m.find()) {
                    out.add(new Epoch(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)),
                            Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.NaN));
                }
            }
        }
        int status = p.waitFor();
        if (status != 0 || out.isEmpty()) {
            throw new IOException("peer " + script + " failed (exit " + status + ", " + out.size() + " epochs read)");
        }
        return new Run(pinPools ? "pytorch" : "pytorch, BLAS pool default", threads, out);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
