package dev.descent.bench;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.VectorizationProvider;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.train.ReferenceModels;
import dev.descent.train.data.Batch;
import dev.descent.train.data.DataLoader;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.Dataset;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step of the Fashion-MNIST reference MLP spends its time, phase by phase: the batch gather, each
 * layer's forward, the loss, each layer's backward, the optimizer step. Backward is split by layer with probes — an
 * identity operation after every layer whose backward records the time at which that layer's output gradient is
 * ready. Then the eight matrix products of a step, timed alone, in GFLOP/s.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.descent.bench.TrainingProfile \
 *     [--threads 1] [--batches 400] [--warmup 300] [--no-gemm true]
 * </pre>
 */
public final class TrainingProfile {
    private TrainingProfile() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = CommandLineOptions.parse(args);
        int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        int batches = Integer.parseInt(opts.getOrDefault("batches", "400"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "300"));
        Parallel.setThreads(threads);
        Dataset train = Datasets.fashionMnist().train();
        Sequential model = ReferenceModels.fashionMnistMlp(0);
        Adam adam = new Adam(model.parameters(), Adam.defaults().withLr(1e-3));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = DataLoader.shuffled(train, 128, 0);
        int layers = model.size();
        // Phases: gather, forward 0..L-1, loss forward, loss backward, backward L-1..0, optimizer step, total.
        int phases = 2 * layers + 5;
        long[][] times = new long[phases][batches];
        Iterator<Batch> it = loader.iterator();
        long[] ready = new long[layers + 1]; // when the gradient of layer i's output (i = layers: the loss) is ready
        long[] fw = new long[layers];
        // Bytes the calling thread allocates per step: fresh arrays are zeroed on the critical path, and a jump
        // (hundreds of KB in a product) means the JIT left some vector code boxed.
        com.sun.management.ThreadMXBean memory = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocatedBefore = 0;
        for (int b = 0; b < warmup + batches; b++) {
            if (b == warmup) {
                allocatedBefore = memory.getThreadAllocatedBytes(thread);
            }
            long t0 = System.nanoTime();
            if (!it.hasNext()) {
                it = loader.iterator();
            }
            Batch batch = it.next();
            long t1 = System.nanoTime();
            adam.zeroGrad();
            Variable x = Variable.constant(batch.features());
            for (int l = 0; l < layers; l++) {
                long s = System.nanoTime();
                x = probe(model.get(l).forward(x), ready, l);
                fw[l] = System.nanoTime() - s;
            }
            long t2 = System.nanoTime();
            Variable l = loss.forward(x, batch.targets());
            long t3 = System.nanoTime();
            l.backward();
            long t4 = System.nanoTime();
            adam.step();
            long t5 = System.nanoTime();
            if (b < warmup) {
                continue;
            }
            int m = b - warmup, ph = 0;
            times[ph++][m] = t1 - t0;
            for (int k = 0; k < layers; k++) {
                times[ph++][m] = fw[k];
            }
            times[ph++][m] = t3 - t2;
            times[ph++][m] = ready[layers - 1] - t3;
            for (int k = layers - 1; k >= 0; k--) {
                times[ph++][m] = (k == 0 ? t4 : ready[k - 1]) - ready[k];
            }
            times[ph++][m] = t5 - t4;
            times[ph][m] = t5 - t0;
        }
        double allocatedKb = (memory.getThreadAllocatedBytes(thread) - allocatedBefore) / 1024.0 / batches;
        System.out.printf(Locale.ROOT, "# training step profile: %d batches of 128 after %d warm-up, %d thread(s), "
                + "JDK %s, kernels %s%n", batches, warmup, threads, System.getProperty("java.version"),
                VectorizationProvider.kernels().name());
        System.out.println("# median: the typical batch, robust to the OS taking a core away now and then; "
                + "mean: what an epoch pays");
        System.out.println("| phase | median ms / batch | mean ms / batch | share of mean |");
        System.out.println("|---|---|---|---|");
        double total = mean(times[phases - 1]);
        int ph = 0;
        row("gather batch (shuffled rows)", times[ph++], total);
        for (int k = 0; k < layers; k++) {
            row("forward " + k + " " + model.get(k).getClass().getSimpleName(), times[ph++], total);
        }
        row("loss forward (cross-entropy)", times[ph++], total);
        row("loss backward", times[ph++], total);
        for (int k = layers - 1; k >= 0; k--) {
            row("backward " + k + " " + model.get(k).getClass().getSimpleName(), times[ph++], total);
        }
        row("optimizer step (Adam)", times[ph++], total);
        row("total", times[ph], total);
        System.out.printf(Locale.ROOT, "=> %.0f examples/s in the loop alone (mean), %.0f at the median batch; "
                + "%.0f KB allocated per step by the calling thread%n%n", 128 / (total / 1e9),
                128 / (median(times[ph]) / 1e9), allocatedKb);
        if (!opts.containsKey("no-gemm")) {
            gemmShapes();
        }
    }

    /** An identity whose backward notes when the gradient of layer {@code l}'s output arrived. */
    private static Variable probe(Variable y, long[] ready, int l) {
        return Variable.fromOp("probe", y.value(), (g, grads) -> {
            ready[l] = System.nanoTime();
            grads.add(0, g);
        }, y);
    }

    private static void row(String phase, long[] nanos, double meanTotal) {
        double mean = mean(nanos);
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% |%n", phase, median(nanos) / 1e6, mean / 1e6,
                100.0 * mean / meanTotal);
    }

    private static double mean(long[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    private static double median(long[] x) {
        long[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** The products of one step: y = x·Wᵀ forward, dW = gᵀ·x and dx = g·W backward (no dx for the first layer). */
    private static void gemmShapes() {
        int[][] layers = {{784, 256}, {256, 128}, {128, 10}};
        Rng rng = new Rng(1);
        System.out.println("| product | M×N×K | µs | GFLOP/s |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i < layers.length; i++) {
            int in = layers[i][0], out = layers[i][1], n = 128;
            Tensor x = Tensor.uniform(rng, -1, 1, n, in), w = Tensor.uniform(rng, -1, 1, out, in);
            Tensor g = Tensor.uniform(rng, -1, 1, n, out);
            time("layer " + i + " forward x·Wᵀ", n, out, in, () -> Tensor.gemm(1f, x, false, w, true, 0f,
                    Tensor.zeros(n, out)));
            time("layer " + i + " weight grad gᵀ·x", out, in, n, () -> Tensor.gemm(1f, g, true, x, false, 0f,
                    Tensor.zeros(out, in)));
            if (i > 0) {
                time("layer " + i + " input grad g·W", n, in, out, () -> Tensor.gemm(1f, g, false, w, false, 0f,
                        Tensor.zeros(n, in)));
            }
        }
    }

    private static void time(String name, int m, int n, int k, Runnable r) {
        for (int i = 0; i < 300; i++) {
            r.run();
        }
        int reps = 1000;
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        double us = (System.nanoTime() - t) / 1e3 / reps;
        System.out.printf(Locale.ROOT, "| %s | %d×%d×%d | %.1f | %.1f |%n", name, m, n, k, us, 2.0 * m * n * k / us / 1e3);
    }
}
