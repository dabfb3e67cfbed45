package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen parameter ({@link Variable#requiresGrad(boolean) requiresGrad(false)}) gets no gradient, and every optimizer
 * then leaves it exactly alone — value and state, whatever the options: weight decay (L2 or decoupled), momentum,
 * Nesterov, centring, AMSGrad, learning-rate decay — as PyTorch does for a parameter whose {@code grad} is None.
 */
class FreezeTest {

    /** Every optimizer with every option that keeps or applies something besides the gradient step. */
    private static Map<String, Function<List<Variable>, Optimizer<?>>> optimizers() {
        Map<String, Function<List<Variable>, Optimizer<?>>> all = new LinkedHashMap<>();
        all.put("SGD momentum, dampening, weight decay, time decay", ps -> new Sgd(ps, Sgd.defaults().withLr(0.1)
                .withMomentum(0.9).withDampening(0.1).withWeightDecay(0.01).withDecay(0.01)));
        all.put("SGD Nesterov", ps -> new Sgd(ps, Sgd.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true)
                .withWeightDecay(0.01)));
        all.put("AdaGrad lr decay, weight decay, initial accumulator", ps -> new AdaGrad(ps, AdaGrad.defaults()
                .withLr(0.1).withLrDecay(0.01).withWeightDecay(0.01).withInitialAccumulatorValue(0.1)));
        all.put("AdaDelta weight decay", ps -> new AdaDelta(ps, AdaDelta.defaults().withWeightDecay(0.01)));
        all.put("RMSprop centered, momentum, weight decay", ps -> new RmsProp(ps, RmsProp.defaults().withLr(0.01)
                .withMomentum(0.9).withCentered(true).withWeightDecay(0.01)));
        all.put("Adam weight decay, AMSGrad", ps -> new Adam(ps, Adam.defaults().withLr(0.01).withWeightDecay(0.01)
                .withAmsgrad(true)));
        all.put("AdamW (decoupled decay 0.01), AMSGrad", ps -> new AdamW(ps, AdamW.defaults().withLr(0.01)
                .withAmsgrad(true)));
        all.put("AdamW maximize", ps -> new AdamW(ps, AdamW.defaults().withLr(0.01).withWeightDecay(0.1)
                .withMaximize(true)));
        all.put("Adamax weight decay", ps -> new Adamax(ps, Adamax.defaults().withWeightDecay(0.01)));
        all.put("NAdam weight decay", ps -> new NAdam(ps, NAdam.defaults().withWeightDecay(0.01)));
        all.put("NAdam decoupled weight decay", ps -> new NAdam(ps, NAdam.defaults().withWeightDecay(0.01)
                .withDecoupledWeightDecay(true)));
        all.put("RAdam decoupled weight decay", ps -> new RAdam(ps, RAdam.defaults().withWeightDecay(0.01)
                .withDecoupledWeightDecay(true)));
        return all;
    }

    /**
     * Two parameters step once together (so the one to be frozen has state: moments, momentum buffers, a step
     * count), then {@code frozen} is frozen and training goes on through autograd for three steps. The frozen one's
     * value and state must stay bit for bit; the other must follow, bit for bit, an optimizer that holds it alone
     * and is given the same gradients — freezing a neighbour changes nothing for it.
     */
    @TestFactory
    List<DynamicTest> everyOptimizerLeavesAFrozenParameterAndItsStateAlone() {
        List<DynamicTest> tests = new ArrayList<>();
        optimizers().forEach((name, make) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            Rng rng = new Rng(name.hashCode());
            Variable trained = Variable.parameter(Tensor.normal(rng, 0, 1, 2, 3));
            Variable frozen = Variable.parameter(Tensor.normal(rng, 0, 1, 2, 3));
            Variable alone = Variable.parameter(trained.value().copy());
            Optimizer<?> optimizer = make.apply(List.of(trained, frozen));
            Optimizer<?> reference = make.apply(List.of(alone));
            Tensor x = Tensor.normal(rng, 0, 1, 3, 4);

            optimizer.zeroGrad();
            loss(trained, frozen, x).backward();
            alone.setGrad(trained.grad().copy());
            optimizer.step();
            reference.step();
            assertTrue(frozen.grad() != null && optimizer.state(frozen) != null, "the first step updates both");

            frozen.requiresGrad(false);
            Tensor value = frozen.value().copy();
            Map<String, Tensor> state = copy(optimizer.state(frozen).tensors());
            Map<String, Double> scalars = new LinkedHashMap<>(optimizer.state(frozen).scalars());
            long step = optimizer.state(frozen).step();
            for (int k = 0; k < 3; k++) {
                optimizer.zeroGrad();
                reference.zeroGrad();
                loss(trained, frozen, x).backward();
                assertNull(frozen.grad(), "a frozen parameter gets no gradient");
                alone.setGrad(trained.grad().copy());
                optimizer.step();
                reference.step();
            }
            assertTrue(value.sameBits(frozen.value()), "the frozen value moved");
            assertEquals(step, optimizer.state(frozen).step(), "the frozen parameter's step count");
            assertEquals(scalars, optimizer.state(frozen).scalars());
            state.forEach((k, t) -> assertTrue(t.sameBits(optimizer.state(frozen).tensors().get(k)), k));
            assertEquals(state.keySet(), optimizer.state(frozen).tensors().keySet());
            assertTrue(alone.value().sameBits(trained.value()), "the trainable parameter's trajectory");
            assertEquals(4, optimizer.state(trained).step());
        })));
        return tests;
    }

    /** A parameter frozen from the start gets no state at all (PyTorch creates state on a parameter's first update). */
    @Test
    void aParameterFrozenFromTheStartGetsNoState() {
        Variable trained = Variable.parameter(Tensor.ones(2, 3));
        Variable frozen = Variable.parameter(Tensor.ones(2, 3)).requiresGrad(false);
        AdamW adamW = new AdamW(List.of(trained, frozen), AdamW.defaults().withWeightDecay(0.5));
        for (int k = 0; k < 2; k++) {
            adamW.zeroGrad();
            loss(trained, frozen, Tensor.ones(3, 4)).backward();
            adamW.step();
        }
        assertNull(adamW.state(frozen));
        assertArrayEquals(Tensor.ones(2, 3).toArray(), frozen.value().toArray(), 0f, "no decoupled decay");
        assertNotNull(adamW.state(trained));
        assertTrue(adamW.stateDict().tensors().keySet().stream().allMatch(k -> k.startsWith("state.0.")),
                "the state dict holds state for the trained parameter only");
    }

    /** Gradient clipping measures and scales the gradients there are: a frozen parameter's is not one of them. */
    @Test
    void gradClipLeavesFrozenParametersOutOfTheNorm() {
        Rng rng = new Rng(11);
        Variable trained = Variable.parameter(Tensor.normal(rng, 0, 1, 2, 3));
        Variable frozen = Variable.parameter(Tensor.normal(rng, 0, 1, 2, 3)).requiresGrad(false);
        loss(trained, frozen, Tensor.normal(rng, 0, 1, 3, 4)).backward();
        assertNull(frozen.grad());
        double alone = GradClip.totalNorm(List.of(trained), 2);
        assertEquals(alone, GradClip.totalNorm(List.of(trained, frozen), 2));
        assertEquals(alone, GradClip.totalNorm(List.of(frozen, trained), 2));
        Tensor before = trained.grad().copy();
        assertEquals(alone, GradClip.clipGradNorm(List.of(trained, frozen), alone / 4));
        assertEquals(alone / 4, GradClip.totalNorm(List.of(trained), 2), alone * 1e-6);
        assertArrayEquals(before.mul((float) (alone / 4 / (alone + 1e-6))).toArray(), trained.grad().toArray(), 0f);
        GradClip.clipGradValue(List.of(trained, frozen), 0.01);
        assertNull(frozen.grad());
    }

    /** {@code sum(tanh(a ⊙ f) · x)}, with a and f of shape [2, 3] and x [3, 4]: both parameters matter to the loss. */
    private static Variable loss(Variable a, Variable f, Tensor x) {
        return a.mul(f).tanh().matmul(Variable.constant(x)).sum();
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }
}
