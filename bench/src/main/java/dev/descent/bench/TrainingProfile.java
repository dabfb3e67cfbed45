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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step of the Fashion-MNIST reference MLP spends its time, phase by phase: the batch gather, each
 * layer's forward, the loss, each layer's backward, the optimizer step. Backward is split by layer with probes — an
 * identity operation after every layer whose backward records the time at which that layer's output gradient is
 * ready. Then the eight matrix products of a step, timed alone, in GFLOP/s.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.descent.bench.TrainingProfile \
 *     [--threads 1] [--batches 400] [--warmup 300]
 * </pre>
 */
public final class TrainingProfile {
    private TrainingProfile() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
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
        long[] forward = new long[layers], backward = new long[layers + 1];
        long gather = 0, lossForward = 0, lossBackward = 0, step = 0, total = 0;
        Iterator<Batch> it = loader.iterator();
        for (int b = 0; b < warmup + batches; b++) {
            boolean measure = b >= warmup;
            long t0 = System.nanoTime();
            if (!it.hasNext()) {
                it = loader.iterator();
            }
            Batch batch = it.next();
            long t1 = System.nanoTime();
            adam.zeroGrad();
            long[] ready = new long[layers + 1]; // when the gradient of layer i's output (i = layers: the loss) is ready
            Variable x = Variable.constant(batch.features());
            long[] fw = new long[layers];
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
            if (measure) {
                gather += t1 - t0;
                for (int k = 0; k < layers; k++) {
                    forward[k] += fw[k];
                }
                lossForward += t3 - t2;
                lossBackward += ready[layers - 1] - t3;
                for (int k = layers - 1; k >= 0; k--) {
                    long end = k == 0 ? t4 : ready[k - 1];
                    backward[k] += end - ready[k];
                }
                step += t5 - t4;
                total += t5 - t0;
            }
        }
        System.out.printf(Locale.ROOT, "# training step profile: %d batches of 128 after %d warm-up, %d thread(s), "
                + "JDK %s, kernels %s%n", batches, warmup, threads, System.getProperty("java.version"),
                VectorizationProvider.kernels().name());
        System.out.println("| phase | ms / batch | share |");
        System.out.println("|---|---|---|");
        row("gather batch (shuffled rows)", gather, total, batches);
        for (int k = 0; k < layers; k++) {
            row("forward " + k + " " + model.get(k).getClass().getSimpleName(), forward[k], total, batches);
        }
        row("loss forward (cross-entropy)", lossForward, total, batches);
        row("loss backward", lossBackward, total, batches);
        for (int k = layers - 1; k >= 0; k--) {
            row("backward " + k + " " + model.get(k).getClass().getSimpleName(), backward[k], total, batches);
        }
        row("optimizer step (Adam)", step, total, batches);
        row("total", total, total, batches);
        System.out.printf(Locale.ROOT, "=> %.0f examples/s in the loop alone%n%n", 128.0 * batches / (total / 1e9));
        gemmShapes();
    }

    /** An identity whose backward notes when the gradient of layer {@code l}'s output arrived. */
    private static Variable probe(Variable y, long[] ready, int l) {
        return Variable.fromOp("probe", y.value(), (g, grads) -> {
            ready[l] = System.nanoTime();
            grads.add(0, g);
        }, y);
    }

    private static void row(String phase, long nanos, long total, int batches) {
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.1f %% |%n", phase, nanos / 1e6 / batches, 100.0 * nanos / total);
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
