package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.Reduction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers that split their work over {@link Parallel}'s threads — BatchNorm1d and Linear's bias gradient by
 * blocks of features, ReLU and Dropout by pieces of elements, LayerNorm and the cross-entropy by rows — and the
 * SiLU and ELU activations give the same bits on one thread and on two, and the
 * same bits as the plain sequential loops they replaced (written out here as references; on one thread the
 * cross-entropy runs its rows in order, as it did). Sizes reach past one block or piece, so the
 * split really happens.
 */
class ParallelLayersTest {
    private int threadsBefore;

    @BeforeProperty
    void remember() {
        threadsBefore = Parallel.threads();
    }

    @AfterProperty
    void restore() {
        Parallel.setThreads(threadsBefore);
    }

    /** Values, then every gradient, of one forward and backward pass, as raw bits. */
    private static List<int[]> run(Supplier<Variable[]> inputs, java.util.function.Function<Variable[], Variable> f,
                                   Tensor seed) {
        Variable[] v = inputs.get();
        Variable y = f.apply(v);
        y.backward(seed);
        List<int[]> out = new ArrayList<>();
        out.add(bits(y.value()));
        for (Variable x : v) {
            if (x.requiresGrad()) {
                out.add(bits(x.grad()));
            }
        }
        return out;
    }

    private static int[] bits(Tensor t) {
        int[] b = new int[t.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = Float.floatToRawIntBits(t.getFlat(i));
        }
        return b;
    }

    private static void assertSameBits(List<int[]> expected, List<int[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int k = 0; k < expected.size(); k++) {
            int[] e = expected.get(k), a = actual.get(k);
            assertEquals(e.length, a.length, what + ", tensor " + k);
            for (int i = 0; i < e.length; i++) {
                if (e[i] != a[i]) {
                    throw new AssertionError(what + ", tensor " + k + " element " + i + ": expected "
                            + Float.intBitsToFloat(e[i]) + ", got " + Float.intBitsToFloat(a[i]));
                }
            }
        }
    }

    /** Runs {@code f} on one thread and on two and requires the same bits. */
    private static List<int[]> sameOnOneAndTwoThreads(Supplier<Variable[]> inputs,
                                                      java.util.function.Function<Variable[], Variable> f, Tensor seed,
                                                      String what) {
        Parallel.setThreads(1);
        List<int[]> one = run(inputs, f, seed);
        Parallel.setThreads(2);
        List<int[]> two = run(inputs, f, seed);
        assertSameBits(one, two, what + " on 1 and 2 threads");
        return two;
    }

    // ---------------------------------------------------------------- BatchNorm1d

    @Property(tries = 12)
    void batchNormTraining(@ForAll @IntRange(min = 2, max = 160) int n, @ForAll @IntRange(min = 1, max = 300) int d,
                           @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 3, 2, n, d);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, d);
        Tensor beta = Tensor.normal(rng, 0, 1, d);
        Tensor g = Tensor.normal(rng, 0, 1, n, d);
        Tensor[] running = new Tensor[4];
        Supplier<Variable[]> inputs = () -> new Variable[] {Variable.parameter(x.copy()), Variable.parameter(gamma.copy()),
                Variable.parameter(beta.copy())};
        Parallel.setThreads(1);
        running[0] = Tensor.zeros(d);
        running[1] = Tensor.ones(d);
        List<int[]> one = run(inputs, v -> BatchNorm1d.apply(v[0], v[1], v[2], running[0], running[1], true, 0.1, 1e-5), g);
        Parallel.setThreads(2);
        running[2] = Tensor.zeros(d);
        running[3] = Tensor.ones(d);
        List<int[]> two = run(inputs, v -> BatchNorm1d.apply(v[0], v[1], v[2], running[2], running[3], true, 0.1, 1e-5), g);
        assertSameBits(one, two, "batch norm " + n + "x" + d + " on 1 and 2 threads");
        assertTrue(running[0].sameBits(running[2]) && running[1].sameBits(running[3]), "running statistics");

        SequentialBatchNorm ref = new SequentialBatchNorm(x, gamma.toArray(), beta.toArray(), 0.1, 1e-5);
        List<int[]> expected = List.of(bits(ref.y), bits(ref.dx(g)), bits(Tensor.vector(ref.dGamma)),
                bits(Tensor.vector(ref.dBeta)));
        assertSameBits(expected, two, "batch norm " + n + "x" + d + " against the sequential loops");
        assertTrue(running[2].sameBits(Tensor.vector(ref.runningMean)) && running[3].sameBits(Tensor.vector(ref.runningVar)),
                "running statistics against the sequential loops");
    }

    /** BatchNorm1d's training pass as it was before it was split by features: plain loops over rows, then features. */
    private static final class SequentialBatchNorm {
        final int n, d;
        final float[] xHat, gamma, invStd, dGamma, dBeta, runningMean, runningVar;
        final Tensor y;

        SequentialBatchNorm(Tensor x, float[] gamma, float[] beta, double momentum, double eps) {
            n = x.dim(0);
            d = x.dim(1);
            this.gamma = gamma;
            float[] xs = x.toArray();
            float[] first = java.util.Arrays.copyOf(xs, d);
            double[] mu = columnSums(xs, first, false);
            float[] muHi = new float[d], muLo = new float[d];
            for (int j = 0; j < d; j++) {
                mu[j] = first[j] + mu[j] / n;
                muHi[j] = (float) mu[j];
                muLo[j] = (float) (mu[j] - muHi[j]);
            }
            double[] m2 = columnSums(xs, muHi, true);
            invStd = new float[d];
            for (int j = 0; j < d; j++) {
                m2[j] -= (double) n * muLo[j] * muLo[j];
                invStd[j] = (float) (1.0 / Math.sqrt(m2[j] / n + eps));
            }
            xHat = new float[n * d];
            y = Tensor.zeros(n, d);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < d; j++) {
                    float h = (xs[r * d + j] - muHi[j] - muLo[j]) * invStd[j];
                    xHat[r * d + j] = h;
                    y.array()[r * d + j] = gamma[j] * h + beta[j];
                }
            }
            runningMean = new float[d];
            runningVar = new float[d];
            for (int j = 0; j < d; j++) {
                runningMean[j] = (float) ((1 - momentum) * 0f + momentum * mu[j]);
                runningVar[j] = (float) ((1 - momentum) * 1f + momentum * m2[j] / (n - 1));
            }
            dGamma = new float[d];
            dBeta = new float[d];
        }

        private double[] columnSums(float[] xs, float[] c, boolean square) {
            double[] total = new double[d];
            float[] block = new float[d];
            for (int r0 = 0; r0 < n; r0 += 64) {
                java.util.Arrays.fill(block, 0f);
                for (int r = r0; r < Math.min(n, r0 + 64); r++) {
                    for (int j = 0; j < d; j++) {
                        float v = xs[r * d + j] - c[j];
                        block[j] += square ? v * v : v;
                    }
                }
                for (int j = 0; j < d; j++) {
                    total[j] += block[j];
                }
            }
            return total;
        }

        Tensor dx(Tensor gradOut) {
            float[] g = gradOut.toArray();
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < d; j++) {
                    dBeta[j] += g[r * d + j];
                    dGamma[j] += g[r * d + j] * xHat[r * d + j];
                }
            }
            Tensor dx = Tensor.zeros(n, d);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < d; j++) {
                    float scale = gamma[j] * invStd[j], meanG = dBeta[j] / n, meanGH = dGamma[j] / n;
                    dx.array()[r * d + j] = scale * (g[r * d + j] - meanG - xHat[r * d + j] * meanGH);
                }
            }
            return dx;
        }
    }

    // ---------------------------------------------------------------- ReLU

    @Property(tries = 12)
    void relu(@ForAll @IntRange(min = 1, max = 40_000) int size, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, size);
        x.set(0f, rng.nextInt(size)); // the kink: no gradient, as PyTorch
        Tensor g = Tensor.normal(rng, 0, 1, size);
        List<int[]> two = sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy())},
                v -> new ReLU().forward(v[0]), g, "relu of " + size);
        // The sequential reference is autograd's own relu.
        List<int[]> expected = run(() -> new Variable[] {Variable.parameter(x.copy())}, v -> v[0].relu(), g);
        assertSameBits(expected, two, "relu of " + size + " against Variable.relu");
    }

    @Property(tries = 6)
    void siluAndElu(@ForAll @IntRange(min = 1, max = 40_000) int size, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 3, size);
        Tensor g = Tensor.normal(rng, 0, 1, size);
        sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy())}, v -> new SiLU().forward(v[0]), g,
                "silu of " + size);
        sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy())}, v -> new ELU(0.5).forward(v[0]),
                g, "elu of " + size);
    }

    // ---------------------------------------------------------------- LayerNorm

    @Property(tries = 8)
    void layerNorm(@ForAll @IntRange(min = 1, max = 600) int rows, @ForAll @IntRange(min = 1, max = 100) int m,
                   @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 1, 2, rows, m);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, m);
        Tensor beta = Tensor.normal(rng, 0, 1, m);
        Tensor g = Tensor.normal(rng, 0, 1, rows, m);
        sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy()), Variable.parameter(gamma.copy()),
                Variable.parameter(beta.copy())}, v -> LayerNorm.apply(v[0], new int[] {m}, v[1], v[2], 1e-5), g,
                "layer norm " + rows + "x" + m);
    }

    // ---------------------------------------------------------------- Linear

    @Property(tries = 8)
    void linear(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll @IntRange(min = 1, max = 300) int in,
                @ForAll @IntRange(min = 1, max = 300) int out, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, n, in), w = Tensor.normal(rng, 0, 1, out, in), b = Tensor.normal(rng, 0, 1, out);
        Tensor g = Tensor.normal(rng, 0, 1, n, out);
        sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy()), Variable.parameter(w.copy()),
                Variable.parameter(b.copy())}, v -> Linear.apply(v[0], v[1], v[2]), g, "linear " + n + "x" + in + "→" + out);
    }

    // ---------------------------------------------------------------- CrossEntropyLoss

    @Property(tries = 12)
    void crossEntropy(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 1, max = 30) int c,
                      @ForAll Reduction reduction, @ForAll boolean smoothing, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 3, n, c);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction, smoothing ? 0.1 : 0);
        Tensor g = reduction == Reduction.NONE ? Tensor.normal(rng, 0, 1, n) : Tensor.scalar(0.7f);
        sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(z.copy())}, v -> loss.forward(v[0], y), g,
                "cross-entropy " + n + "x" + c + " " + reduction);
    }

    // ---------------------------------------------------------------- Dropout

    @Property(tries = 12)
    void dropout(@ForAll @IntRange(min = 1, max = 40_000) int size, @ForAll @IntRange(min = 0, max = 10) int tenths,
                 @ForAll long seed) {
        Rng rng = new Rng(seed);
        double p = tenths / 10.0;
        Tensor x = Tensor.normal(rng, 0, 1, size);
        Tensor g = Tensor.normal(rng, 0, 1, size);
        Dropout[] layers = {new Dropout(p, seed), new Dropout(p, seed)};
        int[] call = {0};
        List<int[]> two = sameOnOneAndTwoThreads(() -> new Variable[] {Variable.parameter(x.copy())},
                v -> layers[call[0]++].forward(v[0]), g, "dropout of " + size + " at p=" + p);
        assertTrue(layers[0].rng().nextLong() == layers[1].rng().nextLong(), "the generators end in one state");

        float[] mask = sequentialMask(new Rng(seed), size, p);
        Tensor y = Tensor.zeros(size), dx = Tensor.zeros(size);
        for (int k = 0; k < size; k++) {
            y.array()[k] = x.getFlat(k) * mask[k];
            dx.array()[k] = g.getFlat(k) * mask[k];
        }
        assertSameBits(p == 0 ? List.of(bits(x), bits(g)) : List.of(bits(y), bits(dx)), two,
                "dropout of " + size + " at p=" + p + " against the sequential mask");
    }

    /** Dropout's mask as it was drawn before it was split: one draw per two elements, high half first. */
    private static float[] sequentialMask(Rng rng, int n, double p) {
        float[] mask = new float[n];
        if (p >= 1) {
            return mask;
        }
        float scale = (float) (1 / (1 - p));
        long threshold = (long) Math.ceil(p * 0x1p32);
        int k = 0;
        for (; k + 1 < n; k += 2) {
            long bits = rng.nextLong();
            mask[k] = (1 - ((bits >>> 32) - threshold >>> 63)) * scale;
            mask[k + 1] = (1 - ((bits & 0xffffffffL) - threshold >>> 63)) * scale;
        }
        if (k < n) {
            mask[k] = (1 - ((rng.nextLong() >>> 32) - threshold >>> 63)) * scale;
        }
        return mask;
    }
}
