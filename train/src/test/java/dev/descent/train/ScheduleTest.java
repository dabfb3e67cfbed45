package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.nn.Module;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /** Discriminative rates: the body's cycle peaks at a tenth of the head's, each group on its own schedule. */
    @Test
    void eachParameterGroupRunsItsOwnCycle() {
        Module model = Fixtures.mlp(1);
        List<Variable> params = model.parameters();
        int split = params.size() - 2;                                  // the last Linear's weight and bias
        Adam adam = new Adam(List.of(new ParamGroup<>(params.subList(0, split), Adam.defaults().withLr(0.001)),
                new ParamGroup<>(params.subList(split, params.size()), Adam.defaults().withLr(0.01))));
        Trainer t = new Trainer(model, new CrossEntropyLoss(), adam).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT);
        int steps = t.stepsPerEpoch(DIGITS.train()), epochs = 2;
        long total = (long) steps * epochs;
        OneCycleLr body = OneCycleLr.of(0.005, total), head = OneCycleLr.of(0.05, total);
        History h = t.schedule(List.of(body, head), Trainer.ScheduleUnit.ITERATION)
                .fit(DIGITS.train(), DIGITS.validation(), epochs);
        assertEquals(body.lr(steps - 1, 0.001), h.metric("learning_rate")[0], 1e-15, "the log shows group 0's rate");
        assertEquals(body.lr(total, 0.001), adam.groups().get(0).lr(), 1e-15);
        assertEquals(head.lr(total, 0.01), adam.groups().get(1).lr(), 1e-15);
        assertEquals(body.momentum(total).orElseThrow(), adam.groups().get(0).options().beta1(), 1e-15);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.schedule(List.of(body), Trainer.ScheduleUnit.EPOCH));
        assertEquals("Trainer: 1 schedules for 2 parameter groups of Adam; give one per group", e.getMessage());
    }
}
