package dev.descent.bench;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One optimizer step over one parameter of N floats — the fused update kernels through {@link Optimizer#step()}, as a
 * training loop calls them — with the hyper-parameters of PyTorch's peer script
 * ({@code bench/peers/torch_optim_step.sh}, same N and threads). {@link OptimizerBandwidth} turns the times into
 * GB/s of parameter/state traffic and sets them beside {@link TriadBenchmark}'s memory bandwidth.
 *
 * <p>Traffic counts each float array read or written once per step, as the peer script does: SGD 3 (θ read and
 * written, g read), momentum / Nesterov / AdaGrad / RMSprop 5 (plus one state array read and written), Adam / AdamW 7.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class OptimizerBenchmark {
    @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    public String optimizer;

    @Param({"1000000", "10000000"})
    public int params;

    @Param({"1", "2"})
    public int threads;

    private Optimizer<?> opt;

    /** The {@link Param} values above, as the command-line programs' defaults. */
    static final String DEFAULT_OPTIMIZERS = "sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw";
    static final String DEFAULT_PARAMS = "1000000,10000000";
    static final String DEFAULT_THREADS = "1,2";

    /** The float arrays each step reads or writes once (the peer script's count). */
    public static int arrays(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> 3;
            case "momentum", "nesterov", "adagrad", "rmsprop" -> 5;
            case "adam", "adamw" -> 7;
            default -> throw new IllegalArgumentException("unknown optimizer " + optimizer);
        };
    }

    /** The peer script's optimizers and hyper-parameters. */
    static Optimizer<?> make(String optimizer, List<Variable> ps) {
        return switch (optimizer) {
            case "sgd" -> new Sgd(ps, Sgd.defaults().withLr(1e-3));
            case "momentum" -> new Sgd(ps, Sgd.defaults().withLr(1e-3).withMomentum(0.9));
            case "nesterov" -> new Sgd(ps, Sgd.defaults().withLr(1e-3).withMomentum(0.9).withNesterov(true));
            case "adagrad" -> new AdaGrad(ps, AdaGrad.defaults().withLr(1e-2));
            case "rmsprop" -> new RmsProp(ps, RmsProp.defaults().withLr(1e-3));
            case "adam" -> new Adam(ps, Adam.defaults().withLr(1e-3));
            case "adamw" -> new AdamW(ps, AdamW.defaults().withLr(1e-3));
            default -> throw new IllegalArgumentException("unknown optimizer " + optimizer);
        };
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        Rng rng = new Rng(42);
        Variable p = Variable.parameter(Tensor.normal(rng, 0, 1, params));
        p.setGrad(Tensor.normal(rng, 0, 1e-3f, params));
        opt = make(optimizer, List.of(p));
        opt.step();   // state allocated and touched before timing, as PyTorch's warm-up steps do
    }

    @Benchmark
    public void step() {
        opt.step();
    }
}
