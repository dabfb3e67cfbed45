package dev.descent.train;

import dev.descent.nn.Module;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** optim's schedules, stepped per epoch or per iteration by the trainer. */
class ScheduleTest {
    static final DatasetSplit DIGITS = Fixtures.digits();

    @Test
    void perEpochScheduleGivesEachEpochItsRate() {
        Module model = Fixtures.mlp(1);
        Trainer t = Fixtures.trainer(model).schedule(new StepLr(2, 0.5), Trainer.ScheduleUnit.EPOCH);
        History h = t.fit(DIGITS.train(), null, 5);
        double[] lr = h.metric("learning_rate");
        double[] expected = {0.01, 0.01, 0.005, 0.005, 0.0025};
        for (int e = 0; e < 5; e++) {
            assertEquals(expected[e], lr[e], 1e-15, "epoch " + e);
        }
        assertEquals(0.0025, t.optimizer().groups().get(0).lr(), 1e-15, "lr(5) installed after the last epoch");
    }

    @Test
    void perIterationOneCycleRunsItsWholeCycle() {
        Module model = Fixtures.mlp(1);
        Trainer t = Fixtures.trainer(model);
        int steps = t.stepsPerEpoch(DIGITS.train()), epochs = 3;
        OneCycleLr cycle = OneCycleLr.of(0.05, (long) steps * epochs);
        History h = t.schedule(cycle, Trainer.ScheduleUnit.ITERATION).fit(DIGITS.train(), DIGITS.validation(), epochs);
        double[] lr = h.metric("learning_rate");
        for (int e = 0; e < epochs; e++) {
            long lastStepOfEpoch = (long) steps * (e + 1) - 1;
            assertEquals(cycle.lr(lastStepOfEpoch, 0.01), lr[e], 1e-15, "epoch " + e);
        }
        assertEquals(cycle.lr((long) steps * epochs, 0.01), t.optimizer().groups().get(0).lr(), 1e-15);
        // One cycle ends far below its peak, and the run still learns.
        assertEquals(true, lr[epochs - 1] < 0.05 / 100);
        assertEquals(true, h.last().get("val_accuracy") > 0.9, h.toString());
    }
}
