package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.optim.schedule.MomentumSchedule;
import dev.descent.optim.schedule.Schedule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --schedule grammar: each form's rates on a known run, and the message of each kind of bad spec. */
class ScheduleSpecTest {

    /** 10 epochs of 10 steps at lr₀ = 0.1, with a momentum to cycle. */
    private static final ScheduleSpec.Pace PACE = new ScheduleSpec.Pace(100, 10, 0.1, true);
    private static final double TOL = 1e-12;

    private static Schedule of(String spec) {
        return ScheduleSpec.parse(spec).schedule(PACE);
    }

    private static void assertRates(String spec, Map<Long, Double> expected) {
        Schedule s = of(spec);
        expected.forEach((t, lr) -> assertEquals(lr, s.lr(t, 0.1), TOL, spec + " at t = " + t));
    }

    @Test
    void helpAndMessagesListEveryForm() {
        for (ScheduleSpec.Form f : ScheduleSpec.Form.values()) {
            assertTrue(ScheduleSpec.NAMES.contains(f.usage), f.usage);
            assertTrue(ScheduleSpec.HELP.contains(f.usage), f.usage);
        }
        assertTrue(ScheduleSpec.NAMES.startsWith(ScheduleSpec.Form.usages()), ScheduleSpec.NAMES);
    }

    @Test
    void epochSchedulesCountEpochs() {
        assertFalse(ScheduleSpec.parse("cosine").perIteration());
        assertTrue(ScheduleSpec.parse("constant").isConstant());
        assertRates("constant", Map.of(0L, 0.1, 9L, 0.1));
        // step-drop: a quarter of 10 epochs is 2; the first drop comes at epoch 1 (lr₀·0.5^⌊(1+e)/2⌋).
        assertRates("step-drop", Map.of(0L, 0.1, 1L, 0.05, 3L, 0.025));
        assertRates("step-drop:0.1:5", Map.of(3L, 0.1, 4L, 0.01));
        assertRates("step:3:0.5", Map.of(2L, 0.1, 3L, 0.05, 6L, 0.025));
        assertRates("multistep:2,5", Map.of(1L, 0.1, 2L, 0.01, 5L, 0.001));
        assertRates("MultiStep:5,2:0.5", Map.of(1L, 0.1, 2L, 0.05, 5L, 0.025));
        assertRates("exponential:0.9", Map.of(2L, 0.1 * 0.81));
        assertRates("cosine", Map.of(0L, 0.1, 5L, 0.05));
        // The book's linear decay to 1% at epoch 4: (1 − k/τ)·ε₀ + (k/τ)·ε_τ, then ε_τ.
        assertRates("linear-decay:4:0.01", Map.of(2L, 0.5 * 0.1 + 0.5 * 0.001, 4L, 0.001, 9L, 0.001));
        assertRates("poly:5:2", Map.of(1L, 0.1 * 0.64, 5L, 0.0, 7L, 0.0));
        assertRates("poly:4", Map.of(1L, 0.075));
    }

    @Test
    void oneCycleRunsOverEveryStepAndCyclesTheMomentum() {
        ScheduleSpec spec = ScheduleSpec.parse("onecycle:1");
        assertTrue(spec.perIteration() && spec.ownRate());
        MomentumSchedule s = (MomentumSchedule) spec.schedule(PACE);
        // PyTorch's defaults: from max/25 to max at step 0.3·100 − 1, then cosine down to max/25e4 at the last step.
        assertEquals(0.04, s.lr(0, 0.1), TOL);
        assertEquals(1, s.lr(29, 0.1), TOL);
        assertEquals(4e-6, s.lr(99, 0.1), TOL);
        assertEquals(0.95, s.momentum(0).getAsDouble(), TOL);
        assertEquals(0.85, s.momentum(29).getAsDouble(), TOL);
        assertEquals(0.04, of("onecycle:1:0.5").lr(0, 0.1), TOL);
        assertEquals(1, of("onecycle:1:0.5").lr(49, 0.1), TOL);
        MomentumSchedule plain = (MomentumSchedule) ScheduleSpec.parse("onecycle:1")
                .schedule(new ScheduleSpec.Pace(100, 10, 0.1, false));
        assertTrue(plain.momentum(29).isEmpty(), "no momentum to cycle");
    }

    @Test
    void cyclicCountsItsHalfCycleInEpochs() {
        // STEP_UP 0.5 epochs = 5 steps up, 5 down.
        assertRates("cyclic:0.01:0.1:0.5", Map.of(0L, 0.01, 5L, 0.1, 10L, 0.01, 15L, 0.1));
        assertRates("cyclic:0.01:0.1:0.5:triangular2", Map.of(5L, 0.1, 15L, 0.01 + 0.09 / 2));
        // exp-range's GAMMA is per epoch: 0.5 per 10 steps.
        assertRates("cyclic:0.01:0.1:0.5:exp-range:0.5", Map.of(5L, 0.01 + 0.09 * Math.pow(0.5, 0.5),
                15L, 0.01 + 0.09 * Math.pow(0.5, 1.5)));
        MomentumSchedule s = (MomentumSchedule) of("cyclic:0.01:0.1:1");
        assertEquals(0.8, s.momentum(10).getAsDouble(), TOL);
        assertEquals(0.9, s.momentum(0).getAsDouble(), TOL);
    }

    @Test
    void warmRestartsRestartEveryT0EpochsTimesTMult() {
        ScheduleSpec spec = ScheduleSpec.parse("warm-restarts:1:2");
        assertTrue(spec.perIteration() && !spec.ownRate());
        // T0 = 10 steps: half-way at 5, restart at 10; the next cycle lasts 20 steps.
        assertRates("warm-restarts:1:2", Map.of(5L, 0.05, 10L, 0.1, 20L, 0.05, 30L, 0.1));
        assertRates("warm-restarts:0.5", Map.of(5L, 0.1, 7L, 0.1 * (1 + Math.cos(Math.PI * 2 / 5)) / 2));
    }

    @Test
    void aWarmUpClimbsPerStepThenTheScheduleStartsAfresh() {
        ScheduleSpec spec = ScheduleSpec.parse("warmup:1+cosine");
        assertTrue(spec.perIteration());
        // LinearLr(1/3, 1, 10 steps), then cosine over the 9 epochs left, changing once per 10 steps.
        double cos1 = 0.1 * (1 + Math.cos(Math.PI / 9)) / 2;
        assertRates("warmup:1+cosine", Map.of(0L, 0.1 / 3, 5L, 0.1 * (1.0 / 3 + 2.0 / 3 * 0.5), 10L, 0.1,
                19L, 0.1, 20L, cos1, 29L, cos1));
        assertRates("warmup:0.5:0.1+step:1:0.5", Map.of(0L, 0.01, 5L, 0.1, 14L, 0.1, 15L, 0.05));
        assertRates("warmup:2+warm-restarts:1", Map.of(19L, 0.1 / 3 + (0.1 - 0.1 / 3) * 19 / 20, 20L, 0.1,
                25L, 0.05, 30L, 0.1));
    }

    @Test
    void badSpecsNameTheOptionTheSpecAndThePart() {
        String known = "; known: " + ScheduleSpec.NAMES;
        Map<String, String> bad = Map.ofEntries(
                Map.entry("zigzag", "--schedule 'zigzag': unknown schedule 'zigzag'" + known),
                Map.entry("step:zero", "--schedule 'step:zero': EVERY 'zero' is not a whole number"),
                Map.entry("step:0", "--schedule 'step:0': EVERY must be ≥ 1, got 0"),
                Map.entry("cosine:3", "--schedule 'cosine:3': expected cosine"),
                Map.entry("exponential", "--schedule 'exponential': expected exponential:GAMMA"),
                Map.entry("multistep:3,x", "--schedule 'multistep:3,x': milestone 'x' is not a whole number"),
                Map.entry("linear-decay:5:2", "--schedule 'linear-decay:5:2': FRACTION must be in [0, 1], got 2"),
                Map.entry("onecycle", "--schedule 'onecycle': expected onecycle:MAX_LR[:PCT_START]"),
                Map.entry("onecycle:-1", "--schedule 'onecycle:-1': MAX_LR must be > 0, got -1"),
                Map.entry("onecycle:0.1:1.5", "--schedule 'onecycle:0.1:1.5': PCT_START must be in (0, 1), got 1.5"),
                Map.entry("cyclic:0.1:0.01:2", "--schedule 'cyclic:0.1:0.01:2': BASE must be below MAX, got 0.1 "
                        + "and 0.01"),
                Map.entry("cyclic:0.01:0.1:2:sine", "--schedule 'cyclic:0.01:0.1:2:sine': MODE 'sine' is not "
                        + "triangular, triangular2 or exp-range"),
                Map.entry("cyclic:0.01:0.1:2:exp-range", "--schedule 'cyclic:0.01:0.1:2:exp-range': exp-range "
                        + "takes GAMMA, its amplitude's factor per epoch"),
                Map.entry("cyclic:0.01:0.1:2:triangular:0.9", "--schedule 'cyclic:0.01:0.1:2:triangular:0.9': GAMMA "
                        + "goes with exp-range only"),
                Map.entry("warm-restarts:1:0", "--schedule 'warm-restarts:1:0': T_MULT must be ≥ 1, got 0"),
                Map.entry("warmup:2", "--schedule 'warmup:2': expected warmup:EPOCHS[:START]+SCHEDULE"),
                Map.entry("warmup:x+cosine", "--schedule 'warmup:x+cosine': EPOCHS 'x' is not a number"),
                Map.entry("warmup:1:0+cosine", "--schedule 'warmup:1:0+cosine': START must be in (0, 1], got 0"),
                Map.entry("warmup:1+onecycle:0.1", "--schedule 'warmup:1+onecycle:0.1': onecycle warms up by "
                        + "itself; give it without warmup:EPOCHS[:START]+"),
                Map.entry("warmup:1+warmup:1+cosine", "--schedule 'warmup:1+warmup:1+cosine': one warm-up only"),
                Map.entry("warmup:1+zig", "--schedule 'warmup:1+zig': unknown schedule 'zig'" + known));
        bad.forEach((spec, message) -> assertEquals(message,
                assertThrows(BadInputException.class, () -> ScheduleSpec.parse(spec), spec).getMessage()));
    }

    @Test
    void specsTheRunCannotHoldAreBadInputBeforeTraining() {
        assertEquals("--schedule 'warmup:10+cosine': a warm-up of 100 steps leaves nothing of the 100-step run",
                assertThrows(BadInputException.class, () -> of("warmup:10+cosine")).getMessage());
        assertEquals("--schedule 'onecycle:1:0.01': PCT_START 0.01 of 100 steps leaves no warm-up step",
                assertThrows(BadInputException.class, () -> of("onecycle:1:0.01")).getMessage());
    }
}
