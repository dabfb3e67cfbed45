package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.AdamW;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fine-tuning with frozen layers ({@link Module#requiresGrad(boolean)}) through {@link Trainer#fit}. */
class FreezeTest {
    private static final DatasetSplit DIGITS = TrainerTest.DIGITS;

    private static Map<String, Tensor> snapshot(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }

    private static Trainer trainer(Module model, AdamW optimizer) {
        return new Trainer(model, new CrossEntropyLoss(), optimizer).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT);
    }

    /**
     * The first Linear frozen, everything else training under AdamW (decoupled weight decay, which PyTorch applies
     * only to parameters with a gradient) with gradient clipping: the frozen weights keep every bit while the rest
     * learns the digits.
     */
    @Test
    void aFrozenFirstLayerKeepsItsBitsWhileTheRestLearns() {
        Sequential model = (Sequential) Fixtures.mlp(1);
        model.get(0).requiresGrad(false);
        Map<String, Tensor> before = snapshot(model);
        AdamW adamW = new AdamW(model.parameters(), AdamW.defaults().withLr(1e-2).withWeightDecay(0.05));
        History h = trainer(model, adamW).clipGradNorm(1.0).fit(DIGITS.train(), DIGITS.validation(), 6);

        for (String frozen : List.of("0.weight", "0.bias")) {
            assertTrue(before.get(frozen).sameBits(model.stateDict().get(frozen)), frozen + " moved");
            assertNull(model.namedParameters().get(frozen).grad());
            assertNull(adamW.state(model.namedParameters().get(frozen)), frozen + " got optimizer state");
        }
        for (String trained : List.of("1.weight", "1.bias", "4.weight", "4.bias", "1.running_mean")) {
            assertFalse(before.get(trained).sameBits(model.stateDict().get(trained)), trained + " did not move");
        }
        double[] loss = h.metric("loss");
        assertTrue(loss[loss.length - 1] < loss[0] / 2, "training loss falls: " + h);
        assertTrue(h.last().get("val_accuracy") > 0.8, h.toString());
        assertNull(h.stopReason());
    }

    /**
     * Freezing a layer trains the rest exactly as leaving it out of the optimizer does (Keras's view of
     * {@code trainable = False}): every parameter and buffer ends with the same bits, so the gradients the other
     * parameters got were the same bits too.
     */
    @Test
    void freezingIsTheSameAsLeavingTheLayerOutOfTheOptimizer() {
        Sequential frozen = (Sequential) Fixtures.mlp(4);
        frozen.get(0).requiresGrad(false);
        trainer(frozen, new AdamW(frozen.parameters(), AdamW.defaults().withLr(1e-2)))
                .fit(DIGITS.train(), DIGITS.validation(), 2);

        Sequential leftOut = (Sequential) Fixtures.mlp(4);
        List<Variable> rest = leftOut.parameters().subList(2, leftOut.parameters().size());
        trainer(leftOut, new AdamW(rest, AdamW.defaults().withLr(1e-2))).fit(DIGITS.train(), DIGITS.validation(), 2);

        assertTrue(Fixtures.sameState(frozen, leftOut), "a frozen layer and a layer left out of the optimizer");
        assertEquals(frozen.parameterCount() - 64 * 32 - 32, frozen.trainableParameterCount());
    }

    /** With every parameter frozen there is nothing to differentiate: the first backward says so. */
    @Test
    void aFullyFrozenModelCannotBeFitted() {
        Module model = Fixtures.mlp(5).requiresGrad(false);
        Trainer t = trainer(model, new AdamW(model.parameters(), AdamW.defaults()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.fit(DIGITS.train(), DIGITS.validation(), 1));
        assertTrue(e.getMessage().contains("frozen"), e.getMessage());
    }
}
