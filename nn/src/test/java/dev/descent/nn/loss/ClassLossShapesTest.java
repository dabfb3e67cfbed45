package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static dev.descent.nn.loss.LossTest.assertMessage;
import static dev.descent.nn.loss.LossTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CrossEntropyLoss and NLLLoss beyond {@code [N, C]}: inputs {@code [N, C, d₁, …, d_k]} and {@code [C]}, and
 * cross-entropy against class probabilities. PyTorch's values are replayed by NnExtraReferenceTest; here the K-d path
 * is held to the {@code [N, C]} path on rows moved by hand, gradients to finite differences, and bad input to its
 * message.
 */
class ClassLossShapesTest {

    /** {@code x: [N, C, d…]} with its class axis moved last by index arithmetic: {@code [N·D, C]}, the twin's input. */
    static Tensor rowsByHand(Tensor x) {
        int n = x.dim(0), c = x.dim(1), d = x.size() / (n * c);
        Tensor rows = Tensor.zeros(n * d, c);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    rows.set(x.getFlat((i * c + k) * d + j), i * d + j, k);
                }
            }
        }
        return rows;
    }

    @Property(tries = 25)
    void kDimensionalLossesEqualTheRowLossOnMovedRows(@ForAll @IntRange(min = 1, max = 3) int n,
                                                      @ForAll @IntRange(min = 1, max = 4) int c,
                                                      @ForAll @IntRange(min = 1, max = 3) int d1,
                                                      @ForAll @IntRange(min = 1, max = 3) int d2,
                                                      @ForAll @DoubleRange(min = 0, max = 1) double eps,
                                                      @ForAll Reduction reduction, @ForAll boolean nll,
                                                      @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 2, n, c, d1, d2);
        Tensor w = Tensor.uniform(rng, 0.1f, 2f, c);
        int[] y = labels(rng, n * d1 * d2, c);
        y[y.length / 2] = -100;
        BiFunction<Variable, int[], Variable> loss = nll
                ? new NLLLoss(reduction).withClassWeights(w)::forward
                : new CrossEntropyLoss(reduction, eps).withClassWeights(w)::forward;
        Tensor upstream = reduction == Reduction.NONE ? Tensor.normal(rng, 0, 1, n, d1, d2) : Tensor.scalar(0.7f);

        Variable kd = Variable.parameter(x);
        Variable out = loss.apply(kd, y);
        out.backward(upstream);
        Variable rows = Variable.parameter(rowsByHand(x));
        Variable twin = loss.apply(rows, y);
        twin.backward(upstream.reshape(twin.shape()));

        assertEquals(reduction == Reduction.NONE ? Shape.of(n, d1, d2) : Shape.scalar(), out.shape());
        assertTrue(out.value().reshape(twin.shape()).sameBits(twin.value()), () -> out.value() + " vs " + twin.value());
        assertTrue(rowsByHand(kd.grad()).sameBits(rows.grad()), () -> kd.grad() + " vs " + rows.grad());
    }

    @Test
    void kDimensionalGradientsPassGradCheck() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.normal(rng, 0, 1.5f, 2, 3, 2, 2);
        Tensor w = Tensor.vector(0.4f, 1.3f, 2f);
        int[] y = {0, 2, 1, 1, 2, -100, 0, 2};
        for (Reduction r : Reduction.values()) {
            CrossEntropyLoss ce = new CrossEntropyLoss(r, 0.15).withClassWeights(w);
            GradCheck.Report report = GradCheck.check(v -> ce.forward(v[0], y), x);
            assertTrue(report.passed(), report::toString);
        }
        NLLLoss nll = new NLLLoss(Reduction.MEAN).withClassWeights(w).withIgnoreIndex(1);
        int[] y1 = {0, 2, 1, 1, 2, 0, 0, 2};
        GradCheck.Report report = GradCheck.check(v -> nll.forward(v[0], y1), x);
        assertTrue(report.passed(), report::toString);
    }

    /** {@code −Σ w_c·q'_c·log softmax(z)_c} per row of {@code [R, C]}, naively in double; the mean is over rows. */
    static double softCrossEntropyReference(Tensor z, Tensor q, double eps, Tensor w) {
        int rows = z.dim(0), c = z.dim(1);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int k = 0; k < c; k++) {
                m = Math.max(m, z.get(i, k));
            }
            for (int k = 0; k < c; k++) {
                s += Math.exp(z.get(i, k) - m);
            }
            for (int k = 0; k < c; k++) {
                double smoothed = (1 - eps) * q.get(i, k) + eps / c;
                total -= w.getFlat(k) * smoothed * (z.get(i, k) - m - Math.log(s));
            }
        }
        return total / rows;
    }

    @Property(tries = 25)
    void probabilityTargetsMatchTheDefinitionAndPassGradCheck(@ForAll @IntRange(min = 1, max = 5) int n,
                                                              @ForAll @IntRange(min = 1, max = 5) int c,
                                                              @ForAll @DoubleRange(min = 0, max = 1) double eps,
                                                              @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 2, n, c);
        Tensor q = Tensor.normal(rng, 0, 1, n, c).softmax(1);
        Tensor w = Tensor.uniform(rng, 0.1f, 2f, c);
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction, eps).withClassWeights(w);
        if (reduction == Reduction.MEAN) {
            float value = loss.forward(Variable.constant(z), q).value().item();
            assertEquals(softCrossEntropyReference(z, q, eps, w), value, 1e-5 * Math.max(1, Math.abs(value)));
        }
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], q), z);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void kDimensionalProbabilityTargetsPassGradCheckAndEqualMovedRows() {
        Rng rng = new Rng(12);
        Tensor z = Tensor.normal(rng, 0, 1.5f, 2, 3, 4);
        Tensor q = Tensor.normal(rng, 0, 1, 2, 3, 4).softmax(1);
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0.2).withClassWeights(Tensor.vector(0.5f, 1, 2));
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], q), z);
        assertTrue(r.passed(), r::toString);
        assertEquals(loss.forward(Variable.constant(rowsByHand(z)), rowsByHand(q)).value().item(),
                loss.forward(Variable.constant(z), q).value().item());
    }

    /** One-hot probabilities are class indices; their SUMs agree (MEAN differs: rows versus Σ w_y, as PyTorch). */
    @Test
    void oneHotProbabilitiesSumLikeClassIndices() {
        Rng rng = new Rng(13);
        Tensor z = Tensor.normal(rng, 0, 2, 4, 3, 2);
        int[] y = labels(rng, 8, 3);
        Tensor oneHot = Tensor.zeros(4, 3, 2);
        for (int p = 0; p < y.length; p++) {
            oneHot.set(1f, p / 2, y[p], p % 2);
        }
        CrossEntropyLoss sum = new CrossEntropyLoss(Reduction.SUM, 0.1).withClassWeights(Tensor.vector(0.3f, 1, 2));
        assertEquals(sum.forward(Variable.constant(z), y).value().item(),
                sum.forward(Variable.constant(z), oneHot).value().item(), 1e-5);
    }

    @Test
    void tensorAndIntTargetsAgreeAndUnbatchedInputIsOneRow() {
        Rng rng = new Rng(14);
        Tensor z = Tensor.normal(rng, 0, 1, 2, 3, 2);
        CrossEntropyLoss none = new CrossEntropyLoss(Reduction.NONE, 0.1);
        Tensor a = none.forward(Variable.constant(z), new int[] {0, 2, 1, 1}).value();
        Tensor b = none.forward(Variable.constant(z), Tensor.of(new float[] {0, 2, 1, 1}, 2, 2)).value();
        assertTrue(a.sameBits(b) && a.shape().equals(Shape.of(2, 2)), a::toString);

        Tensor row = Tensor.normal(rng, 0, 1, 4);
        Variable unbatched = none.forward(Variable.constant(row), Tensor.scalar(3));
        assertEquals(Shape.scalar(), unbatched.shape());
        assertEquals(none.forward(Variable.constant(row.reshape(1, 4)), new int[] {3}).value().item(),
                unbatched.value().item());
        assertEquals(Shape.scalar(), new NLLLoss(Reduction.NONE).forward(Variable.constant(row), new int[] {1}).shape());
        GradCheck.Report r = GradCheck.check(v -> new CrossEntropyLoss().forward(v[0], row.softmax(0)), row);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void badShapesAndOptionsAreNamed() {
        Variable z = Variable.constant(Tensor.zeros(2, 3, 4));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertMessage(() -> ce.forward(z, Tensor.zeros(2, 3)), "cross_entropy: target of shape [2, 3] does not fit"
                + " logits of shape [2, 3, 4]: class indices need shape [2, 4] (the logits' shape without the class"
                + " axis), class probabilities shape [2, 3, 4]");
        assertMessage(() -> ce.forward(z, new int[6]), "6 targets for logits of shape [2, 3, 4] (expected 8, one per"
                + " position of [2, 4])");
        int[] bad = new int[8];
        bad[6] = 3;
        assertMessage(() -> ce.forward(z, bad), "target[1, 2] = 3 is not a class index in [0, 3)");
        assertMessage(() -> ce.forward(Variable.constant(Tensor.zeros(4)), Tensor.vector(1)),
                "class indices need shape []");
        assertMessage(() -> ce.withIgnoreIndex(0).forward(z, Tensor.zeros(2, 3, 4)), "cross_entropy: ignore_index 0"
                + " is not supported with class probabilities (target of shape [2, 3, 4], as the logits), as in"
                + " PyTorch: pass class indices of shape [2, 4] to ignore positions");
        Tensor nan = Tensor.zeros(2, 3, 4);
        nan.set(Float.NaN, 1, 0, 2);
        assertMessage(() -> ce.forward(z, nan), "class probability target[1, 0, 2] = NaN is not finite");
        assertMessage(() -> ce.withClassWeights(Tensor.ones(4)).forward(z, Tensor.zeros(2, 3, 4)),
                "4 class weights for logits of shape [2, 3, 4] (expected 3)");
        assertMessage(() -> ce.forward(Variable.constant(Tensor.zeros(2, 0, 4)), Tensor.zeros(2, 4)), "C > 0");
        assertMessage(() -> new NLLLoss().forward(z, Tensor.zeros(2, 3, 4)), "nll_loss: target of shape [2, 3, 4]"
                + " does not fit log-probabilities of shape [2, 3, 4]: class indices need shape [2, 4]");
        // A negative ignore_index names no class: nothing to ignore among probabilities, as PyTorch accepts.
        assertEquals(ce.forward(z, Tensor.full(1f / 3, 2, 3, 4)).value().item(),
                ce.withIgnoreIndex(-1).forward(z, Tensor.full(1f / 3, 2, 3, 4)).value().item());
    }
}
