package dev.descent.bench;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.loss.CrossEntropyLoss;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The layers of the Fashion-MNIST reference MLP one at a time, at its shapes (batch 128): each benchmark is one
 * layer's forward and backward, as a training step runs them (the backward seeded with a fixed gradient). Thread
 * count 1 or 2 shows what splitting the work over {@code Parallel} buys per layer, away from the noise of a whole
 * step. {@code java -jar bench/target/benchmarks.jar LayerBenchmark -p threads=1,2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LayerBenchmark {
    static final int N = 128;

    /** Threads of Descent's pool. */
    @Param({"1", "2"})
    public int threads;

    private int previousThreads;
    private Tensor x784;
    private Tensor h256;
    private Tensor g256;
    private Tensor g128;
    private Tensor logits;
    private int[] labels;
    private Linear linear0;
    private Linear linear4;
    private BatchNorm1d batchNorm;
    private Dropout dropout;
    private final ReLU relu = new ReLU();
    private final CrossEntropyLoss loss = new CrossEntropyLoss();

    @Setup(Level.Trial)
    public void setUp() {
        previousThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Rng rng = new Rng(42);
        x784 = Tensor.uniform(rng, 0f, 1f, N, 784);
        h256 = Tensor.normal(rng, 0f, 3f, N, 256);
        g256 = Tensor.normal(rng, 0f, 1f, N, 256);
        g128 = Tensor.normal(rng, 0f, 1f, N, 128);
        logits = Tensor.normal(rng, 0f, 3f, N, 10);
        labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(10);
        }
        linear0 = new Linear(784, 256);
        linear4 = new Linear(256, 128);
        batchNorm = new BatchNorm1d(256);
        dropout = new Dropout(0.2, 7);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(previousThreads);
    }

    /** Layer 0: y = x·Wᵀ + b, then dW and db (the data batch needs no gradient). */
    @Benchmark
    public Tensor linear0() {
        linear0.zeroGrad();
        linear0.forward(Variable.constant(x784)).backward(g256);
        return linear0.weight().grad();
    }

    /** Layer 4: 256 → 128, with the input gradient as well. */
    @Benchmark
    public Tensor linear4() {
        return inputGradient(linear4, h256, g128);
    }

    @Benchmark
    public Tensor batchNorm() {
        return inputGradient(batchNorm, h256, g256);
    }

    @Benchmark
    public Tensor relu() {
        return inputGradient(relu, h256, g256);
    }

    @Benchmark
    public Tensor dropout() {
        return inputGradient(dropout, h256, g256);
    }

    /** One forward of {@code layer} on {@code x} and its backward seeded with {@code g}: the input's gradient. */
    private static Tensor inputGradient(Module layer, Tensor x, Tensor g) {
        layer.zeroGrad();
        Variable in = Variable.leaf(x, true);
        layer.forward(in).backward(g);
        return in.grad();
    }

    @Benchmark
    public Tensor crossEntropy() {
        Variable in = Variable.leaf(logits, true);
        loss.forward(in, labels).backward();
        return in.grad();
    }
}
