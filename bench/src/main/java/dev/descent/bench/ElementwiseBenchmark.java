package dev.descent.bench;

import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.VectorizationProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The element-wise and reduction operations a training step of a 784-256-128-10 MLP runs besides its matrix
 * products, at batch 128 and each layer width: the bias broadcast {@code [N, D] + [D]} and its gradient
 * {@code sumTo([D])}, relu and its backward, softmax and log-softmax over the classes, batch-norm statistics
 * over the batch axis, and the transcendental functions. Times are per call, in microseconds; the PyTorch peer is
 * {@code bench/peers/elementwise_torch.py} (same shapes, one thread).
 *
 * <p>Sampled per call: read the median ({@code p0.50}) rows, which a busy machine disturbs far less than the mean.
 * Run {@code java -jar bench/target/benchmarks.jar ElementwiseBenchmark}; add
 * {@code -jvmArgsAppend "--add-modules=jdk.incubator.vector -Ddescent.simd=false"} for the scalar kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {
    /** Batch size. */
    static final int N = 128;

    /** Features per example: the widths of the MLP's layers. */
    @Param({"784", "256", "128", "10"})
    public int width;

    private Tensor x;
    private Tensor grad;
    private Tensor bias;
    private Shape biasShape;

    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        x = Tensor.normal(rng, 0f, 3f, N, width);
        grad = Tensor.normal(rng, 0f, 1f, N, width);
        bias = Tensor.normal(rng, 0f, 1f, width);
        biasShape = bias.shape();
        System.out.println("\n# kernels " + VectorizationProvider.kernels().name());
    }

    @Benchmark
    public Tensor biasAdd() {
        return x.add(bias);
    }

    @Benchmark
    public Tensor biasGradient() {
        return grad.sumTo(biasShape);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }

    /** {@code dX = dY ⊙ relu′(X)}, one pass ({@link Tensor#reluBackward}, what autograd's relu backward runs). */
    @Benchmark
    public Tensor reluBackward() {
        return grad.reluBackward(x);
    }

    @Benchmark
    public Tensor softmax() {
        return x.softmax(1);
    }

    @Benchmark
    public Tensor logSoftmax() {
        return x.logSoftmax(1);
    }

    @Benchmark
    public Tensor batchMean() {
        return x.mean(0, false);
    }

    @Benchmark
    public Tensor batchVariance() {
        return x.variance(0, false, false);
    }

    @Benchmark
    public Tensor exp() {
        return x.exp();
    }

    @Benchmark
    public Tensor tanh() {
        return x.tanh();
    }

    @Benchmark
    public Tensor sigmoid() {
        return x.sigmoid();
    }

    @Benchmark
    public float sum() {
        return x.sum();
    }
}
