package dev.descent.bench;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Autograd overhead on a graph of scalar operations — the micrograd regime, where every node holds one number and
 * the cost is all bookkeeping: recording the node, ordering the graph, routing gradients.
 *
 * <p>The graph is the one {@code /work/shared/tools/torch_overhead.py} builds for PyTorch: starting from a scalar
 * parameter x = 0.5, repeat {@code y = tanh(y·w + c)} with constants w = 0.9 and c = 0.1, 33,333 times (99,999 nodes:
 * alternating mul, add, tanh), then {@code y.backward()}. The score is nanoseconds per node for forward plus
 * backward (JMH divides by {@link #NODES}); the garbage the graph leaves is part of the cost, as it is for PyTorch.
 *
 * <pre>java -jar bench/target/benchmarks.jar AutogradBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AutogradBenchmark {
    /** Three operations per step, as the PyTorch script: 3 · ⌊100,000 / 3⌋. */
    static final int NODES = 99_999;

    private final Variable w = Variable.constant(Tensor.scalar(0.9f));
    private final Variable c = Variable.constant(Tensor.scalar(0.1f));

    /** Forward and backward through 99,999 scalar nodes; returns ∂y/∂x so that nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public float scalarChainForwardBackward() {
        Variable x = Variable.parameter(Tensor.scalar(0.5f));
        Variable y = x;
        for (int i = 0; i < NODES / 3; i++) {
            y = y.mul(w).add(c).tanh();
        }
        y.backward();
        return x.grad().item();
    }
}
