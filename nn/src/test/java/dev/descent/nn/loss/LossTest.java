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

import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossTest {

    // ---------------------------------------------------------------- cross-entropy

    /** −Σ_c q_c·log softmax(z)_c per row, averaged, computed naively in double as the reference. */
    static double crossEntropyReference(Tensor z, int[] y, double eps) {
        return crossEntropyReference(z, y, eps, null, -100);
    }

    /**
     * −Σ_c w_c·q_c·log softmax(z)_c per row not ignored, divided by Σ w_y over those rows — PyTorch's weighted mean,
     * computed naively in double.
     */
    static double crossEntropyReference(Tensor z, int[] y, double eps, float[] w, int ignoreIndex) {
        int n = z.dim(0), c = z.dim(1);
        double total = 0, weight = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == ignoreIndex) {
                continue;
            }
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                m = Math.max(m, z.get(i, k));
            }
            double s = 0;
            for (int k = 0; k < c; k++) {
                s += Math.exp(z.get(i, k) - m);
            }
            for (int k = 0; k < c; k++) {
                double q = (k == y[i] ? 1 - eps : 0) + eps / c;
                total -= (w == null ? 1 : w[k]) * q * (z.get(i, k) - m - Math.log(s));
            }
            weight += w == null ? 1 : w[y[i]];
        }
        return total / weight;
    }

    @Property(tries = 30)
    void weightedCrossEntropyWithIgnoredTargetsMatchesTheDefinition(@ForAll @IntRange(min = 2, max = 6) int n,
                                                                     @ForAll @IntRange(min = 1, max = 6) int c,
                                                                     @ForAll @DoubleRange(min = 0, max = 1) double eps,
                                                                     @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 2, n, c);
        Tensor w = Tensor.uniform(rng, 0.1f, 2f, c);
        int[] y = labels(rng, n, c);
        y[0] = 7; // ignored: kept out of the sum and of the mean's total weight
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction, eps).withClassWeights(w).withIgnoreIndex(7);
        if (reduction == Reduction.MEAN) {
            float value = loss.forward(Variable.constant(z), y).value().item();
            assertEquals(crossEntropyReference(z, y, eps, w.toArray(), 7), value, 1e-5 * Math.max(1, Math.abs(value)));
        }
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], y), z);
        assertTrue(r.passed(), r::toString);
    }

    @Property(tries = 40)
    void crossEntropyMatchesTheDefinition(@ForAll @IntRange(min = 1, max = 8) int n,
                                          @ForAll @IntRange(min = 1, max = 12) int c,
                                          @ForAll @DoubleRange(min = 0, max = 1) double eps, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 3, n, c);
        int[] y = labels(rng, n, c);
        float loss = new CrossEntropyLoss(Reduction.MEAN, eps).forward(Variable.constant(z), y).value().item();
        assertEquals(crossEntropyReference(z, y, eps), loss, 1e-5 * Math.max(1, Math.abs(loss)));
    }

    @Property(tries = 30)
    void crossEntropyGradientIsSoftmaxMinusTarget(@ForAll @IntRange(min = 1, max = 5) int n,
                                                  @ForAll @IntRange(min = 2, max = 6) int c,
                                                  @ForAll @DoubleRange(min = 0, max = 0.5) double eps,
                                                  @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 2, n, c);
        int[] y = labels(rng, n, c);
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction, eps);
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], y), z);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor z = Tensor.of(new float[] {1e4f, -1e4f, 0f, 0f, 3e4f, -3e4f}, 2, 3);
        Variable logits = Variable.parameter(z);
        Variable loss = new CrossEntropyLoss().forward(logits, new int[] {1, 2});
        // Row 0: LSE = 1e4, loss = 2e4. Row 1: LSE = 3e4, loss = 3e4 − 0 … − (−3e4) = 6e4. Mean 4e4.
        assertEquals(4e4f, loss.value().item(), 1f);
        loss.backward();
        Tensor g = logits.grad();
        assertTrue(g.allClose(Tensor.of(new float[] {0.5f, -0.5f, 0f, 0f, 0.5f, -0.5f}, 2, 3), 0f, 1e-6f), g::toString);
    }

    @Test
    void reductionsAgree() {
        Rng rng = new Rng(3);
        Tensor z = Tensor.normal(rng, 0, 1, 6, 4);
        int[] y = labels(rng, 6, 4);
        Variable x = Variable.constant(z);
        Tensor none = new CrossEntropyLoss(Reduction.NONE, 0.1).forward(x, y).value();
        float sum = new CrossEntropyLoss(Reduction.SUM, 0.1).forward(x, y).value().item();
        float mean = new CrossEntropyLoss(Reduction.MEAN, 0.1).forward(x, y).value().item();
        assertEquals(Shape.of(6), none.shape());
        assertEquals(none.sum(), sum, 1e-5);
        assertEquals(sum / 6, mean, 1e-6);
        assertEquals(Shape.scalar(), new MSELoss(Reduction.SUM).forward(x, z).shape());
        assertEquals(z.shape(), new BCEWithLogitsLoss(Reduction.NONE).forward(x, z).shape());
    }

    @Test
    void targetsAsATensorOfIndicesEqualIntTargets() {
        Tensor z = Tensor.normal(new Rng(5), 0, 1, 3, 4);
        float a = new CrossEntropyLoss().forward(Variable.constant(z), new int[] {3, 0, 2}).value().item();
        float b = new CrossEntropyLoss().forward(Variable.constant(z), Tensor.vector(3, 0, 2)).value().item();
        assertEquals(a, b);
    }

    @Test
    void badTargetsAreNamed() {
        Variable z = Variable.constant(Tensor.zeros(3, 4));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        assertMessage(() -> ce.forward(z, new int[] {0, 4, 1}), "target[1] = 4 is not a class index in [0, 4)");
        assertMessage(() -> ce.forward(z, new int[] {0, -1, 1}), "target[1] = -1");
        assertMessage(() -> ce.forward(z, Tensor.vector(0, 1.5f, 1)), "target[1] = 1.5");
        assertMessage(() -> ce.forward(z, Tensor.vector(0, Float.NaN, 1)), "target[1] = NaN");
        assertMessage(() -> ce.forward(z, new int[] {0, 1}), "2 targets for logits of shape [3, 4]");
        assertMessage(() -> ce.forward(z, Tensor.zeros(3, 1)), "target of shape [3, 1] does not fit logits of shape"
                + " [3, 4]: class indices need shape [3] (the logits' shape without the class axis), class"
                + " probabilities shape [3, 4]");
        assertMessage(() -> ce.forward(Variable.constant(Tensor.scalar(1)), new int[] {0}), "[N, C]");
        assertMessage(() -> new MSELoss().forward(z, Tensor.zeros(3)), "target shape [3] differs");
        assertMessage(() -> new CrossEntropyLoss(Reduction.MEAN, 1.5), "label smoothing");
    }

    // ---------------------------------------------------------------- MSE and BCE

    @Property(tries = 30)
    void mseMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                            @ForAll @IntRange(min = 1, max = 5) int d,
                                            @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, n, d);
        Tensor t = Tensor.normal(rng, 0, 1, n, d);
        assertDefinitionAndGradient(new MSELoss(reduction), reduction, x, t, (xk, tk) -> (xk - tk) * (xk - tk));
    }

    @Property(tries = 30)
    void bceWithLogitsMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                                      @ForAll @IntRange(min = 1, max = 5) int d,
                                                      @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 2, n, d);
        Tensor t = Tensor.uniform(rng, 0, 1, n, d);
        assertDefinitionAndGradient(new BCEWithLogitsLoss(reduction), reduction, x, t, (xk, tk) -> {
            double s = 1 / (1 + Math.exp(-xk));
            return -(tk * Math.log(s) + (1 - tk) * Math.log(1 - s));
        });
    }

    @Test
    void bceWithLogitsIsStableWhereTheNaiveFormOverflows() {
        Variable x = Variable.parameter(Tensor.vector(100f, -100f, 800f));
        Variable loss = new BCEWithLogitsLoss(Reduction.SUM).forward(x, Tensor.vector(0f, 0f, 1f));
        // −log(1 − σ(100)) = 100 + log(1 + e⁻¹⁰⁰); −log(1 − σ(−100)) ≈ e⁻¹⁰⁰; −log σ(800) ≈ 0.
        assertEquals(100f, loss.value().item(), 1e-4f);
        loss.backward();
        assertTrue(x.grad().allClose(Tensor.vector(1f, 0f, 0f), 0f, 1e-6f), x.grad()::toString);
    }

    @Property(tries = 30)
    void weightedBceWithLogitsMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                                              @ForAll @IntRange(min = 1, max = 5) int d,
                                                              @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 2, n, d);
        Tensor t = Tensor.uniform(rng, 0, 1, n, d);
        Tensor posWeight = Tensor.uniform(rng, 0.2f, 5f, d);
        Tensor weight = Tensor.uniform(rng, 0f, 2f, n, 1);
        Loss loss = new BCEWithLogitsLoss(reduction).withPosWeight(posWeight).withWeight(weight);
        int[] at = {0};
        assertDefinitionAndGradient(loss, reduction, x, t, (xk, tk) -> {
            int k = at[0]++;
            double s = 1 / (1 + Math.exp(-xk));
            return -weight.getFlat(k / d) * (posWeight.getFlat(k % d) * tk * Math.log(s) + (1 - tk) * Math.log(1 - s));
        });
    }

    /** PyTorch 1.13: {@code F.cross_entropy(x, [-100, -100])} is NaN (0/0), its gradient 0, and the sum is 0. */
    @Test
    void meanOverOnlyIgnoredTargetsIsNaNWithAZeroGradientAsPyTorch() {
        Variable z = Variable.parameter(Tensor.normal(new Rng(4), 0, 1, 2, 3));
        Variable mean = new CrossEntropyLoss().forward(z, new int[] {-100, -100});
        assertTrue(Float.isNaN(mean.value().item()));
        mean.backward();
        assertTrue(z.grad().sameBits(Tensor.zeros(2, 3)), z.grad()::toString);
        assertEquals(0f, new CrossEntropyLoss(Reduction.SUM, 0.2).forward(z, new int[] {-100, -100}).value().item());
    }

    @Test
    void badLossOptionsAreNamed() {
        Variable z = Variable.constant(Tensor.zeros(3, 4));
        assertMessage(() -> new CrossEntropyLoss().withClassWeights(Tensor.ones(3)).forward(z, new int[] {0, 1, 2}),
                "3 class weights for logits of shape [3, 4]");
        assertMessage(() -> new CrossEntropyLoss().withClassWeights(Tensor.vector(1f, Float.NaN)), "non-finite");
        assertMessage(() -> new CrossEntropyLoss().withIgnoreIndex(9).forward(z, new int[] {0, -100, 1}),
                "target[1] = -100 is not a class index in [0, 4) nor ignore_index 9");
        assertMessage(() -> new BCEWithLogitsLoss().withPosWeight(Tensor.ones(3)).forward(z, Tensor.zeros(3, 4)),
                "pos_weight of shape [3] does not broadcast to the logits' shape [3, 4]");
        assertMessage(() -> new BCEWithLogitsLoss().withWeight(Tensor.ones(4, 1)).forward(z, Tensor.zeros(3, 4)),
                "weight of shape [4, 1]");
    }

    // ---------------------------------------------------------------- helpers

    /** The mean of {@code itemLoss} over the elements (checked for MEAN), and a numerical gradient check. */
    static void assertDefinitionAndGradient(Loss loss, Reduction reduction, Tensor x, Tensor t,
                                                    DoubleBinaryOperator itemLoss) {
        if (reduction == Reduction.MEAN) {
            double expected = 0;
            for (int k = 0; k < x.size(); k++) {
                expected += itemLoss.applyAsDouble(x.getFlat(k), t.getFlat(k));
            }
            assertEquals(expected / x.size(), loss.forward(Variable.constant(x), t).value().item(), 1e-5);
        }
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], t), x);
        assertTrue(r.passed(), r::toString);
    }

    static int[] labels(Rng rng, int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        return y;
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + ex.getMessage());
    }
}
