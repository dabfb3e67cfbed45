package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.train.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning-rate range test: its rates, its smoothing, its stop, its suggestions and that it changes nothing. */
class LrFinderTest {
    private static final Dataset TRAIN = Fixtures.digits().train();

    private static Trainer sgd(Module model, double momentum) {
        return new Trainer(model, new CrossEntropyLoss(), new Sgd(model.parameters(),
                Sgd.defaults().withLr(0.05).withMomentum(momentum))).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT);
    }

    // ---------------------------------------------------------------- schedule and smoothing

    @Test
    void ratesGrowGeometricallyFromStartToEnd() {
        LrFinder f = new LrFinder(Fixtures.trainer(Fixtures.mlp(1))).startLr(1e-6).endLr(1).steps(61);
        assertEquals(1e-6, f.lr(0));
        assertEquals(1.0, f.lr(60), 1e-15);
        double ratio = Math.pow(1e6, 1.0 / 60);
        for (int i = 1; i < 61; i++) {
            assertEquals(ratio, f.lr(i) / f.lr(i - 1), 1e-12, "step " + i);
        }
        assertEquals(1e-3, f.lr(30), 1e-15, "the middle step is the geometric mean");
        assertThrows(IllegalArgumentException.class, () -> f.lr(61));
    }

    @Test
    void smoothingIsFastaisBiasCorrectedMovingAverage() {
        SmoothedLoss s = new SmoothedLoss(0.98);
        assertEquals(2.0, s.add(2), 1e-15, "the first value is the first loss");
        // avg = 0.98·0.04 + 0.02·1 = 0.0592; 0.0592 / (1 − 0.98²) = 148/99
        assertEquals(148.0 / 99, s.add(1), 1e-14);
        // avg = 0.98·0.0592 + 0.02·4 = 0.138016; / (1 − 0.98³) = 0.138016 / 0.058808
        assertEquals(0.138016 / 0.058808, s.add(4), 1e-14);
        assertEquals(3, s.count());
        SmoothedLoss none = new SmoothedLoss(0);
        none.add(7);
        assertEquals(3.0, none.add(3), "β = 0 does not smooth");
        assertThrows(IllegalArgumentException.class, () -> new SmoothedLoss(1));
        assertThrows(IllegalStateException.class, () -> new SmoothedLoss(0.5).value());
    }

    @Test
    void theCurveRecordsEveryStepsRateLossAndSmoothedLoss() {
        LrFinder f = new LrFinder(Fixtures.trainer(Fixtures.mlp(2))).startLr(1e-5).endLr(1e-2).steps(30);
        LrCurve c = f.find(TRAIN);
        assertEquals(30, c.size(), "a slow climb that never diverges runs every step: " + c);
        assertNull(c.stopReason());
        SmoothedLoss replay = new SmoothedLoss(SmoothedLoss.FASTAI_BETA);
        for (int i = 0; i < c.size(); i++) {
            assertEquals(f.lr(i), c.lrs()[i]);
            assertEquals(replay.add(c.losses()[i]), c.smoothedLosses()[i], "step " + i);
        }
        assertTrue(c.losses()[0] > 2 && c.losses()[0] < 2.6, "ten classes start near ln 10: " + c.losses()[0]);
        List<String> csv = c.toCsv().lines().toList();
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        assertEquals(31, csv.size());
        assertEquals("29," + c.lrs()[29] + "," + c.losses()[29] + "," + c.smoothedLosses()[29], csv.get(30));
    }

    @Test
    void cyclesThroughTheDataAsOftenAsTheStepsNeed() {
        Dataset small = TRAIN.rows(0, 100); // two batches of 64 and 36 per epoch
        LrCurve c = new LrFinder(Fixtures.trainer(Fixtures.mlp(3))).startLr(1e-6).endLr(1e-4).steps(9).find(small);
        assertEquals(9, c.size());
    }

    // ---------------------------------------------------------------- early stop

    @Test
    void stopsOnceTheSmoothedLossExceedsFourTimesItsLowest() {
        LrFinder f = new LrFinder(sgd(Fixtures.mlp(4), 0.9)).startLr(1e-2).endLr(1e6).steps(200);
        LrCurve c = f.find(TRAIN);
        assertNotNull(c.stopReason(), c.toString());
        assertTrue(c.size() < 200, c.toString());
        double[] s = c.smoothedLosses();
        int last = s.length - 1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < last; i++) {
            lowest = Math.min(lowest, s[i]);
            assertTrue(s[i] <= 4 * lowest, "step " + i + " should have stopped the test");
        }
        double[] losses = c.losses();
        assertTrue(!Double.isFinite(losses[last]) || s[last] > 4 * Math.min(lowest, s[last]), c.stopReason());
        assertTrue(c.stopReason().contains("step " + s.length + " of 200"), c.stopReason());
        assertTrue(Double.isFinite(c.steep().lr()) && Double.isFinite(c.minimum().lr()), c.toString());
    }

    @Test
    void withoutTheDivergenceStopOnlyANonFiniteLossEndsTheTest() {
        LrCurve c = new LrFinder(sgd(Fixtures.mlp(5), 0.9)).startLr(1).endLr(1e30).steps(300)
                .divergeFactor(Double.POSITIVE_INFINITY).find(TRAIN);
        double last = c.losses()[c.size() - 1];
        assertTrue(c.size() < 300 && !Double.isFinite(last), c.toString());
        assertTrue(c.stopReason().startsWith("the loss became " + last), c.stopReason());
    }

    // ---------------------------------------------------------------- restoration

    /** Every bit a fit depends on: weights and buffers, optimizer state and rates, generators, gradients, mode. */
    private record Bits(Map<String, Tensor> weights, StateDict optimizer, List<long[]> rngs, List<Tensor> grads,
                        boolean training) {
        static Bits of(Module model, Optimizer<?> optimizer) {
            Map<String, Tensor> w = new LinkedHashMap<>();
            model.stateDict().forEach((k, t) -> w.put(k, t.copy()));
            List<long[]> rngs = new ArrayList<>();
            model.namedModules().values().forEach(m -> {
                if (m instanceof Dropout d) {
                    rngs.add(d.rng().state());
                }
            });
            List<Tensor> grads = new ArrayList<>();
            model.parameters().forEach(p -> grads.add(p.grad() == null ? null : p.grad().copy()));
            return new Bits(w, optimizer.stateDict(), rngs, grads, model.isTraining());
        }

        void assertSame(Bits after) {
            assertEquals(weights.keySet(), after.weights.keySet());
            weights.forEach((k, t) -> assertTrue(t.sameBits(after.weights.get(k)), k));
            assertEquals(optimizer.scalars(), after.optimizer.scalars(), "steps, rates and hyper-parameters");
            assertEquals(optimizer.tensors().keySet(), after.optimizer.tensors().keySet());
            optimizer.tensors().forEach((k, t) -> assertTrue(t.sameBits(after.optimizer.tensors().get(k)), k));
            assertEquals(rngs.size(), after.rngs.size());
            for (int i = 0; i < rngs.size(); i++) {
                assertArrayEquals(rngs.get(i), after.rngs.get(i));
            }
            for (int i = 0; i < grads.size(); i++) {
                assertTrue(grads.get(i) == null ? after.grads.get(i) == null
                        : grads.get(i).sameBits(after.grads.get(i)), "gradient " + i);
            }
            assertEquals(training, after.training);
        }
    }

    /** A trained Sgd with momentum, two groups at different rates, gradients left over, in evaluation mode. */
    @Test
    void putsBackMomentumBuffersRunningStatisticsRatesAndGradients() {
        Module model = Fixtures.mlp(6);
        List<Variable> ps = model.parameters();
        Sgd.Options o = Sgd.defaults().withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4);
        Sgd sgd = new Sgd(List.of(new ParamGroup<>(ps.subList(0, 2), o.withLr(0.01)),
                new ParamGroup<>(ps.subList(2, ps.size()), o.withLr(0.03))));
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), sgd).batchSize(64).seed(1)
                .verbosity(Trainer.Verbosity.SILENT);
        trainer.fit(TRAIN.rows(0, 256), null, 1);
        Variable out = model.forward(TRAIN.rows(0, 64).features());
        new CrossEntropyLoss().forward(out, TRAIN.rows(0, 64).targets()).backward(); // gradients left over
        model.eval();
        Bits before = Bits.of(model, sgd);
        assertTrue(before.optimizer().tensors().keySet().stream().anyMatch(k -> k.endsWith("momentum_buffer")));
        assertTrue(before.weights().keySet().stream().anyMatch(k -> k.endsWith("running_var")));

        LrCurve c = new LrFinder(trainer).steps(60).find(TRAIN);

        assertTrue(c.size() > 20, c.toString());
        before.assertSame(Bits.of(model, sgd));
        assertEquals(0.01, sgd.groups().get(0).lr());
        assertEquals(0.03, sgd.groups().get(1).lr());
    }

    @Test
    void putsBackAdamsMomentsAndStepCountsAndAFitAfterItIsTheFitWithoutIt() {
        Module a = Fixtures.mlp(7), b = Fixtures.mlp(7);
        Trainer ta = Fixtures.trainer(a), tb = Fixtures.trainer(b);
        ta.fit(TRAIN.rows(0, 320), null, 1);
        tb.fit(TRAIN.rows(0, 320), null, 1);
        Bits before = Bits.of(a, ta.optimizer());
        assertTrue(before.optimizer().scalars().get("steps") > 0);

        new LrFinder(ta).steps(50).find(TRAIN);
        before.assertSame(Bits.of(a, ta.optimizer()));

        ta.fit(TRAIN, null, 1);
        tb.fit(TRAIN, null, 1);
        assertTrue(Fixtures.sameState(a, b), "the range test left no trace on the next fit");
    }

    @Test
    void putsEverythingBackWhenTheLossThrowsMidway() {
        Module model = Fixtures.mlp(8);
        Adam adam = Fixtures.adam(model, 1e-3);
        Loss ce = new CrossEntropyLoss();
        int[] calls = {0};
        Loss failing = (output, target) -> {
            if (++calls[0] == 12) {
                throw new IllegalStateException("the loss failed at its twelfth call");
            }
            return ce.forward(output, target);
        };
        Trainer trainer = new Trainer(model, failing, adam).batchSize(32).verbosity(Trainer.Verbosity.SILENT);
        Bits before = Bits.of(model, adam);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LrFinder(trainer).steps(40).find(TRAIN));
        assertTrue(e.getMessage().contains("twelfth"));
        before.assertSame(Bits.of(model, adam));
    }

    // ---------------------------------------------------------------- suggestions

    /** A flat start, a steepest drop between points 40 and 41, a minimum at 70, then a climb. */
    private static double[] syntheticLoss(int n) {
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = i <= 40 ? 2.0 - 0.005 * i : i <= 70 ? 1.2 - 0.01 * (i - 41) : 0.91 + 0.05 * (i - 70);
        }
        return loss;
    }

    private static double[] geometric(int n, double start, double end) {
        double[] lrs = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = start * Math.pow(end / start, (double) i / (n - 1));
        }
        return lrs;
    }

    @Test
    void suggestsTheSteepestPointAndATenthOfTheMinimum() {
        double[] lrs = geometric(100, 1e-7, 10), loss = syntheticLoss(100);
        LrCurve c = new LrCurve(lrs, loss, loss, 100, null);
        assertEquals(new LrSuggestion(LrSuggestion.STEEP, lrs[40], 40), c.steep());
        assertEquals(new LrSuggestion(LrSuggestion.MINIMUM, lrs[70] / 10, 70), c.minimum());
    }

    @Test
    void suggestionsSkipTheFirstTenthTheLastFiveAndNonFinitePoints() {
        double[] lrs = geometric(100, 1e-7, 10), loss = syntheticLoss(100);
        loss[3] = 5;    // a steeper drop from 3 to 4, inside the first tenth
        loss[96] = -9;  // a lower loss and a steeper drop, among the last five
        LrCurve c = new LrCurve(lrs, loss, loss, 100, null);
        assertEquals(40, c.steep().index());
        assertEquals(70, c.minimum().index());
        loss[60] = Double.NaN; // fastai cuts at the first NaN: the minimum is then the last point before it
        c = new LrCurve(lrs, loss, loss, 100, "the loss became NaN");
        assertEquals(40, c.steep().index());
        assertEquals(59, c.minimum().index());
    }

    @Test
    void steepnessIsMeasuredAgainstLogLr() {
        // The largest drop in loss (0.3 from 1 to 2) spans a 100-fold step in lr, the steeper one (0.2 from 2 to 3)
        // a 2-fold step.
        double[] lrs = {1e-4, 1e-3, 1e-1, 2e-1, 1}, loss = {1.0, 0.95, 0.65, 0.45, 0.44};
        LrSuggestion s = LrSuggestion.steep(lrs, loss, 0, 5);
        assertEquals(2, s.index());
        assertEquals(1e-1, s.lr());
        assertEquals(Double.NaN, LrSuggestion.steep(lrs, loss, 2, 3).lr(), "one point has no slope");
        assertEquals(-1, LrSuggestion.minimum(lrs, loss, 2, 2).index());
    }

    @Test
    void aShortCurveSuggestsFromAllItsPoints() {
        double[] lrs = geometric(100, 1e-7, 10);
        double[] loss = {2, 1.9, 1.5, 1.4, 6};
        LrCurve c = new LrCurve(Arrays.copyOf(lrs, 5), loss, loss, 100, "diverged");
        assertEquals(1, c.steep().index());
        assertEquals(3, c.minimum().index());
    }

    // ---------------------------------------------------------------- determinism and input

    @Test
    void theSameSeedGivesTheSameCurveAndTheTestCanBeRepeated() {
        Module a = Fixtures.mlp(9), b = Fixtures.mlp(9);
        LrFinder fa = new LrFinder(Fixtures.trainer(a)).steps(40);
        LrCurve first = fa.find(TRAIN);
        LrCurve again = fa.find(TRAIN);
        LrCurve other = new LrFinder(Fixtures.trainer(b)).steps(40).find(TRAIN);
        for (LrCurve c : List.of(again, other)) {
            assertArrayEquals(first.losses(), c.losses());
            assertArrayEquals(first.smoothedLosses(), c.smoothedLosses());
            assertEquals(first.suggestions(), c.suggestions());
        }
        LrCurve reseeded = new LrFinder(Fixtures.trainer(Fixtures.mlp(9)).seed(4)).steps(40).find(TRAIN);
        assertTrue(!Arrays.equals(first.losses(), reseeded.losses()), "another shuffling seed, another curve");
    }

    @Test
    void refusesBadSettingsBeforeTraining() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(10));
        LrFinder f = new LrFinder(t);
        assertThrows(IllegalArgumentException.class, () -> f.startLr(0));
        assertThrows(IllegalArgumentException.class, () -> f.endLr(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> f.steps(1));
        assertThrows(IllegalArgumentException.class, () -> f.divergeFactor(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.startLr(1).endLr(0.1).find(TRAIN));
        assertTrue(e.getMessage().contains("0.1") && e.getMessage().contains("1.0"), e.getMessage());
        Dataset wrong = Dataset.classification(Tensor.zeros(4, 3), Tensor.zeros(4), 10);
        assertThrows(IllegalArgumentException.class, () -> new LrFinder(t).find(wrong));
        assertEquals(0, t.optimizer().steps());
    }
}
