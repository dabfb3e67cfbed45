package dev.descent.optim.schedule;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules against PyTorch's values (SEMANTICS.md §8, base lr 1), the lecture's schedules and the book's formula. */
class SchedulesTest {
    private static Sgd sgd(double lr) {
        return new Sgd(List.of(Variable.parameter(Tensor.zeros(2))), Sgd.defaults().withLr(lr).withMomentum(0.9));
    }

    /** The learning rate in force for each of the first {@code n} steps, as LrScheduler installs it. */
    private static double[] driven(Optimizer<?> opt, Schedule s, int n) {
        LrScheduler scheduler = new LrScheduler(opt, s);
        double[] lrs = new double[n];
        for (int k = 0; k < n; k++) {
            lrs[k] = opt.groups().get(0).lr();
            scheduler.step();
        }
        return lrs;
    }

    private static void assertRates(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], tol + tol * Math.abs(expected[k]), what + " at step " + k);
        }
    }

    private static void assertPyTorch(Schedule s, double... expected) {
        assertRates(expected, driven(sgd(1.0), s, expected.length), 1e-6, s.toString());
    }

    @Test
    void matchesPyTorchSchedulers() {
        assertPyTorch(new StepLr(3, 0.5), 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125);
        assertPyTorch(new MultiStepLr(0.1, 2, 5), 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01);
        assertPyTorch(new ExponentialLr(0.9), 1, 0.9, 0.81, 0.729, 0.6561, 0.59049);
        assertPyTorch(LambdaLr.factor(e -> 1.0 / (1 + e)), 1, 0.5, 0.333333, 0.25, 0.2);
        assertPyTorch(new LinearLr(), 0.333333, 0.466667, 0.6, 0.733333, 0.866667, 1, 1);
        assertPyTorch(new CosineAnnealingLr(5, 0.1), 1, 0.914058, 0.689058, 0.410942, 0.185942, 0.1, 0.185942,
                0.410942, 0.689058, 0.914058, 1, 0.914058);
        assertPyTorch(new CosineAnnealingWarmRestarts(3, 2, 0), 1, 0.75, 0.25, 1, 0.933013, 0.75, 0.5, 0.25,
                0.0669873, 1, 0.982963, 0.933013);
        assertPyTorch(OneCycleLr.of(1, 12), 0.04, 0.34979, 0.879285, 0.994415, 0.933013, 0.811746, 0.647379,
                0.462637, 0.283061, 0.133478, 0.034567, 4e-06);
    }

    @Test
    void multiStepCountsARepeatedMilestoneTwice() {
        assertPyTorch(new MultiStepLr(0.5, 3, 1, 3), 1, 0.5, 0.5, 0.125, 0.125);
    }

    @Test
    void reduceLrOnPlateauMatchesPyTorch() {
        double[] metrics = {1, .9, .95, .95, .95, .95, .8, .85, .85, .85, .85};
        assertPlateau(ReduceLrOnPlateau.defaults().withFactor(0.5).withPatience(2), metrics,
                1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25);
        assertPlateau(ReduceLrOnPlateau.defaults().withFactor(0.5).withPatience(1).withCooldown(2).withMinLr(0.2),
                metrics, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25);
    }

    private static void assertPlateau(ReduceLrOnPlateau.Options o, double[] metrics, double... expected) {
        Sgd opt = sgd(1.0);
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(opt, o);
        double[] lrs = new double[metrics.length + 1];
        lrs[0] = opt.groups().get(0).lr();
        for (int k = 0; k < metrics.length; k++) {
            plateau.step(metrics[k]);
            lrs[k + 1] = opt.groups().get(0).lr();
        }
        assertRates(expected, lrs, 1e-12, "ReduceLrOnPlateau " + o);
    }

    @Test
    void reduceLrOnPlateauModesAndResume() {
        // MAX with an absolute threshold: 0.5 → 0.505 is not better by 0.01, so it counts as a bad epoch.
        Sgd opt = sgd(1.0);
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(opt, ReduceLrOnPlateau.defaults().withMode(ReduceLrOnPlateau.Mode.MAX)
                .withThreshold(0.01, ReduceLrOnPlateau.ThresholdMode.ABS).withPatience(0));
        p.step(0.5);
        assertEquals(1.0, opt.groups().get(0).lr());
        p.step(0.505);
        assertEquals(0.1, opt.groups().get(0).lr(), 1e-15);
        p.step(0.6);
        assertEquals(0.6, p.best());
        // A NaN metric is no improvement.
        p.step(Double.NaN);
        assertEquals(0.01, opt.groups().get(0).lr(), 1e-15);

        Map<String, Double> saved = p.stateDict();
        ReduceLrOnPlateau resumed = new ReduceLrOnPlateau(opt, ReduceLrOnPlateau.defaults()
                .withMode(ReduceLrOnPlateau.Mode.MAX).withThreshold(0.01, ReduceLrOnPlateau.ThresholdMode.ABS)
                .withPatience(0));
        resumed.loadStateDict(saved);
        assertEquals(saved, resumed.stateDict());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resumed.loadStateDict(Map.of("best", 1.0)));
        assertTrue(e.getMessage().contains("badEpochs"), e.getMessage());
    }

    /** The lecture's {@code step_decay}: lr = 0.1 · 0.5^⌊(1 + epoch)/10⌋, as a Keras LearningRateScheduler. */
    @Test
    void lecturesStepDecayFor30Epochs() {
        Schedule stepDecay = LambdaLr.absolute(epoch -> 0.1 * Math.pow(0.5, Math.floor((1 + epoch) / 10.0)));
        double[] expected = new double[30];
        for (int e = 0; e < 30; e++) {
            expected[e] = e < 9 ? 0.1 : e < 19 ? 0.05 : e < 29 ? 0.025 : 0.0125;
        }
        assertRates(expected, driven(sgd(0.1), stepDecay, 30), 0, "step_decay");
        // "Drop by half every 10 epochs" with StepLr: the drop lands on epochs 10 and 20.
        for (int e = 0; e < 30; e++) {
            expected[e] = e < 10 ? 0.1 : e < 20 ? 0.05 : 0.025;
        }
        assertRates(expected, driven(sgd(0.1), new StepLr(10, 0.5), 30), 1e-15, "StepLr(10, 0.5)");
    }

    /**
     * The lecture's "0.001 for ten epochs, then exponential": Keras's documented
     * {@code lr if epoch < 10 else lr * exp(-0.1)}, a recursion on the previous rate, here replayed as Keras runs it
     * and compared with two pure forms.
     */
    @Test
    void lecturesConstantThenExponentialFor30Epochs() {
        double[] keras = new double[30];
        double lr = 0.001;
        for (int epoch = 0; epoch < 30; epoch++) {
            lr = epoch < 10 ? lr : lr * Math.exp(-0.1);
            keras[epoch] = lr;
        }
        Schedule lambda = LambdaLr.absolute(e -> e < 10 ? 0.001 : 0.001 * Math.exp(-0.1 * (e - 9)));
        Schedule composed = Schedule.constant().then(9, new ExponentialLr(Math.exp(-0.1)));
        assertRates(keras, driven(sgd(0.001), lambda, 30), 1e-13, "lambda form");
        assertRates(keras, driven(sgd(0.001), composed, 30), 1e-13, "constant then exponential");
        assertEquals(0.001, keras[9]);
        assertEquals(0.001 * Math.exp(-2.0), keras[29], 1e-15);
    }

    /** The Deep Learning book's ε_k = (1 − α)ε₀ + αε_τ with α = k/τ, then ε_τ. */
    @Test
    void booksLinearDecay() {
        double eps0 = 0.5;
        double epsTau = 0.005;
        LinearDecay decay = new LinearDecay(100, epsTau);
        for (int k = 0; k <= 250; k++) {
            double alpha = Math.min(1.0, k / 100.0);
            assertEquals((1 - alpha) * eps0 + alpha * epsTau, decay.lr(k, eps0), 1e-15, "k = " + k);
        }
        assertEquals(eps0, decay.lr(0, eps0));
        assertEquals(0.5 * eps0 + 0.5 * epsTau, decay.lr(50, eps0), 1e-15);
        assertEquals(epsTau, decay.lr(100, eps0));
        assertEquals(epsTau, decay.lr(10_000, eps0));
    }

    @Test
    void warmupThenCosine() {
        Schedule s = new LinearLr(0.1, 1.0, 5).then(5, new CosineAnnealingLr(10, 0.0));
        assertEquals(0.1, s.lr(0, 1.0), 1e-15);
        assertEquals(0.1 + 0.9 * 4 / 5, s.lr(4, 1.0), 1e-15);
        assertEquals(1.0, s.lr(5, 1.0), 1e-15);
        assertEquals(0.5, s.lr(10, 1.0), 1e-15);
        assertEquals(0.0, s.lr(15, 1.0), 1e-15);
        // Per group: each group's own initial rate is the base.
        Variable a = Variable.parameter(Tensor.zeros(1));
        Variable b = Variable.parameter(Tensor.zeros(1));
        Sgd opt = new Sgd(List.of(new ParamGroup<>(List.of(a), Sgd.defaults().withLr(1.0)),
                new ParamGroup<>(List.of(b), Sgd.defaults().withLr(0.01))));
        LrScheduler scheduler = new LrScheduler(opt, s);
        scheduler.apply(10);
        assertEquals(0.5, opt.groups().get(0).lr(), 1e-15);
        assertEquals(0.005, opt.groups().get(1).lr(), 1e-15);
        assertEquals(10, scheduler.t());
    }

    @Test
    void oneCycleCyclesSgdMomentumAndAdamBeta1() {
        OneCycleLr cycle = OneCycleLr.of(1, 100);
        Sgd opt = sgd(0.1);
        LrScheduler scheduler = new LrScheduler(opt, cycle);
        assertEquals(0.95, opt.groups().get(0).options().momentum(), 1e-15);
        scheduler.apply(29);      // the peak: pctStart·T − 1
        assertEquals(1.0, opt.groups().get(0).lr(), 1e-12);
        assertEquals(0.85, opt.groups().get(0).options().momentum(), 1e-12);
        scheduler.apply(99);
        assertEquals(0.95, opt.groups().get(0).options().momentum(), 1e-12);
        assertEquals(1.0 / 25 / 1e4, opt.groups().get(0).lr(), 1e-15);

        Adam adam = new Adam(List.of(Variable.parameter(Tensor.zeros(2))), Adam.defaults());
        new LrScheduler(adam, cycle).apply(29);
        assertEquals(0.85, adam.groups().get(0).options().beta1(), 1e-12);
        assertEquals(0.999, adam.groups().get(0).options().beta2());

        AdaGrad adaGrad = new AdaGrad(List.of(Variable.parameter(Tensor.zeros(2))), AdaGrad.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LrScheduler(adaGrad, cycle));
        assertTrue(e.getMessage().contains("AdaGrad has no momentum"), e.getMessage());
        new LrScheduler(adaGrad, cycle.withoutMomentumCycling()).apply(29);
        assertEquals(1.0, adaGrad.groups().get(0).lr(), 1e-12);

        e = assertThrows(IllegalArgumentException.class, () -> scheduler.apply(101));
        assertTrue(e.getMessage().contains("step 101 is outside the cycle of 100"), e.getMessage());
    }

    @Test
    void oneCycleThreePhaseAndLinear() {
        OneCycleLr three = OneCycleLr.of(1, 100).withThreePhase(true).withAnneal(OneCycleLr.Anneal.LINEAR);
        assertEquals(0.04, three.lr(0, 0), 1e-12);
        assertEquals(1.0, three.lr(29, 0), 1e-12);
        assertEquals(0.04, three.lr(58, 0), 1e-12);   // back to the initial rate at 2·pctStart·T − 2
        assertEquals(0.04 / 1e4, three.lr(99, 0), 1e-12);
        assertEquals(0.04 + 0.96 * 10 / 29, three.lr(10, 0), 1e-12);
        assertEquals(0.95, three.momentum(0).getAsDouble(), 1e-12);
        assertEquals(0.85, three.momentum(29).getAsDouble(), 1e-12);
        assertEquals(0.95, three.momentum(80).getAsDouble(), 1e-12);
    }

    @Test
    void cyclicTriangular2HalvesEachCycleAndMovesMomentumAgainstTheRate() {
        CyclicLr c = CyclicLr.of(0.1, 1.1, 2).withMode(CyclicLr.Mode.TRIANGULAR2, 1);
        double[] lrs = new double[9];
        for (int t = 0; t < lrs.length; t++) {
            lrs[t] = c.lr(t, 123);
        }
        assertArrayEquals(new double[] {0.1, 0.6, 1.1, 0.6, 0.1, 0.35, 0.6, 0.35, 0.1}, lrs, 1e-15);
        assertEquals(0.9, c.momentum(0).getAsDouble(), 1e-15);
        assertEquals(0.8, c.momentum(2).getAsDouble(), 1e-15);
        assertEquals(0.85, c.momentum(6).getAsDouble(), 1e-15);
        assertTrue(c.withoutMomentumCycling().momentum(2).isEmpty());
    }

    @Test
    void oneCycleHoldsItsEndValuesAfterTheLastStep() {
        // PyTorch extrapolates the last phase to t = T: a linear anneal gives lr_min − slope < 0 there.
        OneCycleLr linear = OneCycleLr.of(1, 100).withAnneal(OneCycleLr.Anneal.LINEAR);
        assertEquals(0.04 / 1e4, linear.lr(100, 0), 1e-15);
        assertEquals(0.95, linear.momentum(100).getAsDouble(), 1e-15);
        Sgd opt = sgd(0.1);
        new LrScheduler(opt, linear.withThreePhase(true).withMomentum(0.5, 0.99)).apply(100);
        assertEquals(0.04 / 1e4, opt.groups().get(0).lr(), 1e-15);
        assertEquals(0.99, opt.groups().get(0).options().momentum(), 1e-15);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(() -> new StepLr(0, 0.5), "StepLr stepSize must be ≥ 1, got 0");
        assertMessage(() -> new ExponentialLr(-1), "ExponentialLr gamma must be a finite number ≥ 0, got -1.0");
        assertMessage(() -> new LinearLr(0, 1, 5), "LinearLr startFactor must be in (0, 1], got 0.0");
        assertMessage(() -> new CosineAnnealingLr(0, 0), "CosineAnnealingLr tMax must be ≥ 1, got 0");
        assertMessage(() -> new CosineAnnealingWarmRestarts(3, 0, 0), "tMult must be ≥ 1, got 0");
        assertMessage(() -> new LinearDecay(10, Double.NaN), "LinearDecay finalLr must be a finite number ≥ 0, got NaN");
        assertMessage(() -> OneCycleLr.of(1, 10).withPctStart(1.5), "pctStart must be in [0, 1], got 1.5");
        assertMessage(() -> new MultiStepLr(0.1, -2, 4), "milestones must be ≥ 0");
        assertMessage(() -> new ConstantLr(1.5, 4), "ConstantLr factor must be in [0, 1], got 1.5");
        assertMessage(() -> new PolynomialLr(0, 1), "PolynomialLr totalIters must be ≥ 1, got 0");
        assertMessage(() -> new PolynomialLr(5, -1), "PolynomialLr power must be a finite number ≥ 0, got -1.0");
        assertMessage(() -> CyclicLr.of(0.1, 1, 0), "stepSizeUp and stepSizeDown must be ≥ 1, got 0 and 0");
        assertMessage(() -> CyclicLr.of(0.1, 1, 4).withMode(CyclicLr.Mode.EXP_RANGE, 0), "gamma must be in (0, 1]");
        assertMessage(() -> CyclicLr.of(0.1, 1, 4).lr(-1, 0), "step must be ≥ 0, got -1");
        assertMessage(() -> ReduceLrOnPlateau.defaults().withFactor(1.0), "factor must be in (0, 1), got 1.0");
        assertMessage(() -> new LrScheduler(sgd(1), LambdaLr.absolute(e -> -0.5)),
                "schedule gave learning rate -0.5 at t = 0");
        assertMessage(() -> new LrScheduler(sgd(1), new StepLr(2, 0.5)).apply(-1), "t must be ≥ 0, got -1");
    }

    /** Two groups of SGD with momentum, at rates 0.1 and 0.3. */
    private static Sgd twoGroups() {
        Sgd.Options o = Sgd.defaults().withMomentum(0.9);
        return new Sgd(List.of(new ParamGroup<>(List.of(Variable.parameter(Tensor.zeros(2))), o.withLr(0.1)),
                new ParamGroup<>(List.of(Variable.parameter(Tensor.zeros(3))), o.withLr(0.3))));
    }

    @Test
    void eachGroupFollowsItsOwnSchedule() {
        Sgd opt = twoGroups();
        OneCycleLr body = OneCycleLr.of(0.01, 20).withMomentum(0.85, 0.95);
        OneCycleLr head = OneCycleLr.of(0.1, 20).withMomentum(0.6, 0.9);
        LrScheduler scheduler = new LrScheduler(opt, List.of(body, head));
        for (long t = 0; t < 20; t++) {
            assertEquals(body.lr(t, 0.1), opt.groups().get(0).lr(), 0, "body lr at " + t);
            assertEquals(head.lr(t, 0.3), opt.groups().get(1).lr(), 0, "head lr at " + t);
            assertEquals(body.momentum(t).orElseThrow(), opt.groups().get(0).options().momentum(), 0, "body β at " + t);
            assertEquals(head.momentum(t).orElseThrow(), opt.groups().get(1).options().momentum(), 0, "head β at " + t);
            scheduler.step();
        }
        assertEquals(List.of(body, head), scheduler.schedules());
        assertEquals(List.of(body, body), new LrScheduler(twoGroups(), body).schedules());
    }

    @Test
    void aRateOneGroupRefusesChangesNoGroup() {
        Sgd opt = twoGroups();
        LrScheduler scheduler = new LrScheduler(opt, List.of(new StepLr(1, 0.5), LambdaLr.absolute(t -> 0.2 - 0.1 * t)));
        scheduler.step();
        assertEquals(0.05, opt.groups().get(0).lr(), 0);
        assertEquals(0.1, opt.groups().get(1).lr(), 1e-15);
        assertMessage(() -> scheduler.apply(3), "schedule gave learning rate -0.1");
        assertMessage(() -> scheduler.apply(3), "at t = 3 for group 1: ");
        assertEquals(0.05, opt.groups().get(0).lr(), 0, "group 0 untouched when group 1's rate is refused");
        assertEquals(1, scheduler.t());
    }

    @Test
    void perGroupListsMustMatchTheGroups() {
        assertMessage(() -> new LrScheduler(twoGroups(), List.of(new StepLr(1, 0.5))),
                "LrScheduler: 1 schedules for 2 parameter groups of Sgd; give one per group");
        assertMessage(() -> new ReduceLrOnPlateau(twoGroups(), ReduceLrOnPlateau.defaults(), List.of(0.1, 0.2, 0.3)),
                "ReduceLrOnPlateau: 3 minLrs for 2 parameter groups of Sgd; give one per group");
        assertMessage(() -> new ReduceLrOnPlateau(twoGroups(), ReduceLrOnPlateau.defaults(), List.of(0.1, -1.0)),
                "ReduceLrOnPlateau minLr of group 1 must be a finite number ≥ 0, got -1.0");
        Adam adam = new Adam(List.of(new ParamGroup<>(List.of(Variable.parameter(Tensor.zeros(1))), Adam.defaults())));
        AdaGrad adaGrad = new AdaGrad(List.of(Variable.parameter(Tensor.zeros(1))), AdaGrad.defaults());
        assertMessage(() -> new LrScheduler(adaGrad, List.of(OneCycleLr.of(0.1, 10))), "has no momentum or β₁");
        new LrScheduler(adam, List.of(OneCycleLr.of(0.1, 10))).apply(9);
    }

    @Test
    void plateauCutsEachGroupToItsOwnFloor() {
        Sgd opt = twoGroups();
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(opt, ReduceLrOnPlateau.defaults().withFactor(0.5)
                .withPatience(0), List.of(0.04, 0.1));
        double[][] expected = {{0.1, 0.3}, {0.1, 0.3}, {0.05, 0.15}, {0.04, 0.1}, {0.04, 0.1}};
        for (double[] rates : expected) {
            assertEquals(rates[0], opt.groups().get(0).lr(), 1e-15);
            assertEquals(rates[1], opt.groups().get(1).lr(), 1e-15);
            plateau.step(1.0);
        }
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
