package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static dev.descent.nn.loss.LossTest.assertDefinitionAndGradient;
import static dev.descent.nn.loss.LossTest.assertMessage;
import static dev.descent.nn.loss.LossTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NLLLoss, BCELoss and KLDivLoss against their definitions, numerical gradients and their fused relatives. */
class ProbabilityLossTest {

    // ---------------------------------------------------------------- NLL

    /** NLL of a log-softmax is cross-entropy, with the same weights and ignored targets: value and gradient. */
    @Property(tries = 30)
    void nllOfLogSoftmaxIsCrossEntropy(@ForAll @IntRange(min = 2, max = 6) int n,
                                       @ForAll @IntRange(min = 1, max = 6) int c,
                                       @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor z = Tensor.normal(rng, 0, 2, n, c);
        Tensor w = Tensor.uniform(rng, 0.1f, 2f, c);
        int[] y = labels(rng, n, c);
        y[0] = 7;
        Variable a = Variable.parameter(z), b = Variable.parameter(z);
        Variable nll = new NLLLoss(reduction).withClassWeights(w).withIgnoreIndex(7).forward(a.logSoftmax(1), y);
        Variable ce = new CrossEntropyLoss(reduction, 0).withClassWeights(w).withIgnoreIndex(7).forward(b, y);
        assertTrue(nll.value().allClose(ce.value(), 1e-5f, 1e-6f), () -> nll.value() + " vs " + ce.value());
        Tensor up = Tensor.uniform(rng, 0.5f, 1.5f, nll.shape().dims());
        nll.backward(up);
        ce.backward(up);
        assertTrue(a.grad().allClose(b.grad(), 1e-5f, 1e-6f), () -> a.grad() + " vs " + b.grad());
    }

    @Property(tries = 30)
    void nllMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 6) int n,
                                            @ForAll @IntRange(min = 1, max = 6) int c,
                                            @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, -1, 1, n, c);
        Tensor w = Tensor.uniform(rng, 0.1f, 2f, c);
        int[] y = labels(rng, n, c);
        NLLLoss loss = new NLLLoss(reduction).withClassWeights(w);
        if (reduction == Reduction.MEAN) {
            double total = 0, weight = 0;
            for (int i = 0; i < n; i++) {
                total -= w.getFlat(y[i]) * x.get(i, y[i]);
                weight += w.getFlat(y[i]);
            }
            assertEquals(total / weight, loss.forward(Variable.constant(x), y).value().item(), 1e-5);
        }
        GradCheck.Report r = GradCheck.check(v -> loss.forward(v[0], y), x);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void nllTargetsAsATensorAndBadTargetsAreNamed() {
        Variable x = Variable.constant(Tensor.normal(new Rng(2), 0, 1, 3, 4));
        NLLLoss nll = new NLLLoss();
        assertEquals(nll.forward(x, new int[] {3, 0, 2}).value().item(),
                nll.forward(x, Tensor.vector(3, 0, 2)).value().item());
        assertMessage(() -> nll.forward(x, new int[] {0, 4, 1}), "nll_loss: target[1] = 4 is not a class index");
        assertMessage(() -> nll.forward(x, Tensor.vector(0, 0.5f, 1)), "target[1] = 0.5");
        assertMessage(() -> nll.forward(x, new int[] {0, 1}), "2 targets for log-probabilities of shape [3, 4]");
        assertMessage(() -> nll.forward(Variable.constant(Tensor.scalar(0)), new int[] {0}),
                "log-probabilities must have shape [C], [N, C] or [N, C, d1, …, dk] with C > 0, got []");
        assertMessage(() -> nll.withClassWeights(Tensor.ones(3)).forward(x, new int[] {0, 1, 2}),
                "3 class weights for log-probabilities of shape [3, 4] (expected 4)");
        assertMessage(() -> nll.withClassWeights(Tensor.ones(2, 2)), "NLLLoss: class weights must be a vector");
    }

    // ---------------------------------------------------------------- BCE on probabilities

    @Property(tries = 30)
    void bceMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                            @ForAll @IntRange(min = 1, max = 5) int d,
                                            @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        // Probabilities in [0.2, 0.8]: nearer 0 or 1 the loss curves so sharply (ℓ‴ ~ 2t/x³) that central differences
        // with GradCheck's step are off by more than its tolerance where the gradient is near 0. The clamps at the
        // ends have their own test below.
        Tensor x = Tensor.uniform(rng, 0.2f, 0.8f, n, d);
        Tensor t = Tensor.uniform(rng, 0, 1, n, d);
        Tensor weight = Tensor.uniform(rng, 0f, 2f, d);
        int[] at = {0};
        assertDefinitionAndGradient(new BCELoss(reduction).withWeight(weight), reduction, x, t, (xk, tk) ->
                -weight.getFlat(at[0]++ % d) * (tk * Math.log(xk) + (1 - tk) * Math.log(1 - xk)));
    }

    /** BCE of σ(z) is BCE with logits (where σ does not saturate), value and gradient through the sigmoid. */
    @Test
    void bceOfSigmoidIsBceWithLogits() {
        Rng rng = new Rng(11);
        Tensor z = Tensor.normal(rng, 0, 2, 4, 3);
        Tensor t = Tensor.uniform(rng, 0, 1, 4, 3);
        Variable a = Variable.parameter(z), b = Variable.parameter(z);
        Variable bce = new BCELoss(Reduction.SUM).forward(a.sigmoid(), t);
        Variable logits = new BCEWithLogitsLoss(Reduction.SUM).forward(b, t);
        assertEquals(logits.value().item(), bce.value().item(), 1e-4);
        bce.backward();
        logits.backward();
        assertTrue(a.grad().allClose(b.grad(), 1e-4f, 1e-5f), () -> a.grad() + " vs " + b.grad());
    }

    /** PyTorch's clamps: log ≥ −100 and x·(1 − x) ≥ 10⁻¹² — a certain wrong answer costs 100, not ∞. */
    @Test
    void bceAtCertainProbabilitiesIsClampedAsPyTorch() {
        Variable x = Variable.parameter(Tensor.vector(0f, 1f, 0f, 1f));
        Variable loss = new BCELoss(Reduction.NONE).forward(x, Tensor.vector(0f, 1f, 1f, 0f));
        assertTrue(loss.value().allClose(Tensor.vector(0f, 0f, 100f, 100f), 0f, 0f), loss.value()::toString);
        loss.backward(Tensor.ones(4));
        assertTrue(x.grad().allClose(Tensor.vector(0f, 0f, -1e12f, 1e12f), 1e-6f, 0f), x.grad()::toString);
    }

    @Test
    void bceBadInputsAreNamed() {
        BCELoss bce = new BCELoss();
        Tensor t = Tensor.zeros(2, 2);
        assertMessage(() -> bce.forward(Variable.constant(Tensor.of(new float[] {0.5f, 0.5f, 1.5f, 0f}, 2, 2)), t),
                "binary_cross_entropy: input[2] = 1.5 (flat index, shape [2, 2]) is not a probability in [0, 1]");
        assertMessage(() -> bce.forward(Variable.constant(Tensor.full(Float.NaN, 2, 2)), t), "input[0] = NaN");
        assertMessage(() -> bce.withWeight(Tensor.ones(3)).forward(Variable.constant(t), t),
                "weight of shape [3] does not broadcast to the probabilities' shape [2, 2]");
        assertMessage(() -> bce.forward(Variable.constant(t), Tensor.zeros(4)), "target shape [4] differs");
    }

    // ---------------------------------------------------------------- KL divergence

    @Property(tries = 30)
    void klDivMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                              @ForAll @IntRange(min = 1, max = 5) int d,
                                              @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, n, d).logSoftmax(1);
        Tensor t = Tensor.normal(rng, 0, 1, n, d).softmax(1);
        t.setFlat(0, 0f); // 0·log 0 = 0
        assertDefinitionAndGradient(new KLDivLoss(reduction), reduction, x, t, (xk, tk) ->
                (tk == 0 ? 0 : tk * Math.log(tk)) - tk * xk);
        GradCheck.Report r = GradCheck.check(v -> new KLDivLoss(reduction).withLogTarget(true)
                .forward(v[0], t.add(0.1f).log()), x);
        assertTrue(r.passed(), r::toString);
    }

    /** batchmean is the sum over N; log_target with log t is the loss with t. */
    @Test
    void klDivBatchMeanAndLogTargetAgree() {
        Rng rng = new Rng(8);
        Tensor x = Tensor.normal(rng, 0, 1, 3, 2, 4).logSoftmax(2);
        Tensor t = Tensor.normal(rng, 0, 1, 3, 2, 4).softmax(2);
        float sum = new KLDivLoss(Reduction.SUM).forward(Variable.constant(x), t).value().item();
        assertEquals(sum / 3, KLDivLoss.batchMean().forward(Variable.constant(x), t).value().item(), 1e-6);
        assertEquals(sum / 24, new KLDivLoss().forward(Variable.constant(x), t).value().item(), 1e-6);
        Variable a = Variable.parameter(x), b = Variable.parameter(x);
        Variable plain = KLDivLoss.batchMean().forward(a, t);
        Variable logged = KLDivLoss.batchMean().withLogTarget(true).forward(b, t.log());
        assertEquals(plain.value().item(), logged.value().item(), 1e-5);
        plain.backward();
        logged.backward();
        assertTrue(a.grad().allClose(b.grad(), 1e-5f, 1e-7f), () -> a.grad() + " vs " + b.grad());
        assertTrue(a.grad().allClose(t.mul(-1f / 3), 1e-6f, 0f), a.grad()::toString);
    }

    @Test
    void klDivBadTargetsAreNamed() {
        Variable x = Variable.constant(Tensor.zeros(2, 2));
        assertMessage(() -> new KLDivLoss().forward(x, Tensor.of(new float[] {0.5f, -0.1f, 0f, 1f}, 2, 2)),
                "kl_div: target[1] = -0.1 (flat index, shape [2, 2]) is not a probability (>= 0)");
        assertMessage(() -> new KLDivLoss().forward(x, Tensor.full(Float.NaN, 2, 2)), "target[0] = NaN");
        assertMessage(() -> KLDivLoss.batchMean().forward(Variable.constant(Tensor.scalar(-1f)), Tensor.scalar(0.5f)),
                "batchmean needs a batch dimension");
        assertMessage(() -> new KLDivLoss().forward(x, Tensor.zeros(4)), "kl_div: target shape [4] differs");
        // Log-probability targets are negative: e⁻¹·(−1 − 0) per element.
        assertEquals(-4 * Math.exp(-1), new KLDivLoss(Reduction.SUM).withLogTarget(true)
                .forward(x, Tensor.full(-1f, 2, 2)).value().item(), 1e-6);
    }
}
