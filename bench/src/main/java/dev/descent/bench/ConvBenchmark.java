package dev.descent.bench;

import dev.descent.autograd.NoGrad;
import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Conv2d;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.Module;
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
 * The convolution and pooling layers of examples/FashionCnn at its shapes (batch 64), one at a time:
 *
 * <pre>
 *   conv1  Conv2d(1, 16, 3, padding=1)   on [64, 1, 28, 28]    (the data batch: no input gradient)
 *   pool1  MaxPool2d(2)                  on [64, 16, 28, 28]
 *   conv2  Conv2d(16, 32, 3, padding=1)  on [64, 16, 14, 14]   (with the input gradient)
 *   pool2  MaxPool2d(2)                  on [64, 32, 14, 14]
 * </pre>
 *
 * each as a forward alone (no graph recorded) and as forward + backward seeded with a fixed gradient, the way a
 * training step runs them. Scores are milliseconds per call. {@code threads}: Descent's pool size, 1 or 0 for all
 * available processors. The PyTorch peer is {@code bench/peers/conv_torch.py}.
 * {@code java -jar bench/target/benchmarks.jar ConvBenchmark -p threads=1,0}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {
    static final int N = 64;

    /** Threads of Descent's pool: 1, or 0 for all available processors. */
    @Param({"1", "0"})
    public int threads;

    private int previousThreads;
    private Tensor x1;
    private Tensor g1;
    private Tensor h1;
    private Tensor gp1;
    private Tensor x2;
    private Tensor g2;
    private Tensor h2;
    private Tensor gp2;
    private Conv2d conv1;
    private Conv2d conv2;
    private final MaxPool2d pool = new MaxPool2d(2);

    @Setup(Level.Trial)
    public void setUp() {
        previousThreads = Parallel.threads();
        Parallel.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        Rng rng = new Rng(42);
        x1 = Tensor.uniform(rng, 0f, 1f, N, 1, 28, 28);
        g1 = Tensor.normal(rng, 0f, 1f, N, 16, 28, 28);
        h1 = Tensor.normal(rng, 0f, 1f, N, 16, 28, 28);
        gp1 = Tensor.normal(rng, 0f, 1f, N, 16, 14, 14);
        x2 = Tensor.normal(rng, 0f, 1f, N, 16, 14, 14);
        g2 = Tensor.normal(rng, 0f, 1f, N, 32, 14, 14);
        h2 = Tensor.normal(rng, 0f, 1f, N, 32, 14, 14);
        gp2 = Tensor.normal(rng, 0f, 1f, N, 32, 7, 7);
        conv1 = new Conv2d(1, 16, 3, 1, 1);
        conv2 = new Conv2d(16, 32, 3, 1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(previousThreads);
    }

    @Benchmark
    public Tensor conv1Forward() {
        return forward(conv1, x1);
    }

    /** The first layer of a training step: y, then dW and db (the data batch needs no gradient). */
    @Benchmark
    public Tensor conv1ForwardBackward() {
        conv1.zeroGrad();
        conv1.forward(Variable.constant(x1)).backward(g1);
        return conv1.weight().grad();
    }

    @Benchmark
    public Tensor conv2Forward() {
        return forward(conv2, x2);
    }

    @Benchmark
    public Tensor conv2ForwardBackward() {
        return inputGradient(conv2, x2, g2);
    }

    @Benchmark
    public Tensor pool1Forward() {
        return forward(pool, h1);
    }

    @Benchmark
    public Tensor pool1ForwardBackward() {
        return inputGradient(pool, h1, gp1);
    }

    @Benchmark
    public Tensor pool2Forward() {
        return forward(pool, h2);
    }

    @Benchmark
    public Tensor pool2ForwardBackward() {
        return inputGradient(pool, h2, gp2);
    }

    private static Tensor forward(Module layer, Tensor x) {
        try (var s = NoGrad.enter()) {
            return layer.forward(Variable.constant(x)).value();
        }
    }

    /** One forward of {@code layer} on {@code x} and its backward seeded with {@code g}: the input's gradient. */
    private static Tensor inputGradient(Module layer, Tensor x, Tensor g) {
        layer.zeroGrad();
        Variable in = Variable.leaf(x, true);
        layer.forward(in).backward(g);
        return in.grad();
    }
}
