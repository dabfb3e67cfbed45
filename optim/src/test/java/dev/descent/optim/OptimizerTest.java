package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The machinery every optimizer shares: groups, skipping, zeroGrad, learning rates, lazy state, threads. */
class OptimizerTest {
    @Test
    void parameterWithoutGradientIsSkippedAndGetsNoState() {
        Variable a = Variable.parameter(Tensor.vector(1f, 2f));
        Variable b = Variable.parameter(Tensor.vector(3f, 4f));
        Adam adam = new Adam(List.of(a, b), Adam.defaults().withLr(0.1));
        assertNull(adam.state(a), "no state before the first step");
        a.setGrad(Tensor.vector(1f, -1f));
        adam.step();
        assertArrayEquals(new float[] {3f, 4f}, b.value().toArray(), 0f);
        assertNull(adam.state(b));
        ParamState s = adam.state(a);
        assertEquals(1, s.step());
        assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(s.tensors().keySet()));
        assertArrayEquals(new float[] {0.9f, 2.1f}, a.value().toArray(), 1e-6f);
        assertEquals(1, adam.steps());
    }

    @Test
    void zeroGradClearsEveryGradient() {
        List<Variable> ps = List.of(Variable.parameter(Tensor.zeros(2)), Variable.parameter(Tensor.zeros(3)));
        Sgd sgd = new Sgd(List.of(new ParamGroup<>(ps.subList(0, 1), Sgd.defaults()),
                new ParamGroup<>(ps.subList(1, 2), Sgd.defaults())));
        ps.forEach(p -> p.setGrad(Tensor.ones(p.shape().dims())));
        sgd.zeroGrad();
        ps.forEach(p -> assertNull(p.grad()));
    }

    @Test
    void groupsKeepTheirOwnHyperParameters() {
        Variable a = Variable.parameter(Tensor.vector(1f));
        Variable b = Variable.parameter(Tensor.vector(1f));
        Sgd.Options base = Sgd.defaults().withLr(0.1);
        Sgd sgd = new Sgd(List.of(new ParamGroup<>(List.of(a), base), new ParamGroup<>(List.of(b), base.withLr(0.01))));
        a.setGrad(Tensor.vector(1f));
        b.setGrad(Tensor.vector(1f));
        sgd.step();
        assertEquals(0.9f, a.value().getFlat(0), 1e-7f);
        assertEquals(0.99f, b.value().getFlat(0), 1e-7f);

        sgd.groups().get(1).setLr(0.5);
        assertEquals(0.5, sgd.lrInForce(1));
        assertEquals(0.01, sgd.groups().get(1).initialLr(), 1e-18);
        sgd.setLr(0.2);
        assertEquals(0.2, sgd.groups().get(0).lr());
        assertEquals(0.2, sgd.groups().get(1).lr());
        assertEquals(List.of(a, b), sgd.parameters());
        assertThrows(UnsupportedOperationException.class, () -> sgd.groups().clear());
    }

    @Test
    void addParamGroupLater() {
        Variable a = Variable.parameter(Tensor.vector(1f));
        Variable head = Variable.parameter(Tensor.vector(1f));
        Sgd sgd = new Sgd(List.of(a), Sgd.defaults().withLr(0.1));
        sgd.addParamGroup(new ParamGroup<>(List.of(head), Sgd.defaults().withLr(1.0)));
        head.setGrad(Tensor.vector(0.5f));
        sgd.step();
        assertEquals(0.5f, head.value().getFlat(0));
        assertThrows(IllegalArgumentException.class,
                () -> sgd.addParamGroup(new ParamGroup<>(List.of(a), Sgd.defaults())));
    }

    @Test
    void stateDictKeysAreDocumented() {
        Variable w = Variable.parameter(Tensor.zeros(2, 2));
        Variable b = Variable.parameter(Tensor.zeros(2));
        NAdam nadam = new NAdam(List.of(w, b), NAdam.defaults());
        w.setGrad(Tensor.ones(2, 2));
        nadam.step();
        StateDict sd = nadam.stateDict();
        assertEquals("NAdam", sd.optimizer());
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq"), List.copyOf(sd.tensors().keySet()));
        assertEquals(List.of("steps", "groups", "group.0.params", "group.0.initialLr", "group.0.lr", "group.0.beta1",
                        "group.0.beta2", "group.0.eps", "group.0.weightDecay", "group.0.momentumDecay",
                        "group.0.decoupledWeightDecay", "group.0.maximize", "state.0.step", "state.0.mu_product"),
                List.copyOf(sd.scalars().keySet()));
        assertEquals(0.9 * (1 - 0.5 * Math.pow(0.96, 0.004)), sd.scalars().get("state.0.mu_product"), 1e-15);
        // The snapshot is a copy: stepping on does not change it.
        float before = sd.tensors().get("state.0.exp_avg").getFlat(0);
        nadam.step();
        assertEquals(before, sd.tensors().get("state.0.exp_avg").getFlat(0));
    }

    /** Parameters past the parallel threshold are split into chunks; the bits do not depend on the thread count. */
    @Test
    void largeParametersGiveTheSameBitsOnAnyThreadCount() {
        int n = Optimizer.PARALLEL_MIN * 2 + 12_345;
        int threads = Parallel.threads();
        try {
            Tensor[] results = new Tensor[2];
            for (int run = 0; run < 2; run++) {
                Parallel.setThreads(run + 1);
                Rng rng = new Rng(3);
                Variable p = Variable.parameter(Tensor.normal(rng, 0, 1, n));
                Adam adam = new Adam(List.of(p), Adam.defaults().withLr(0.01).withAmsgrad(true));
                for (int k = 0; k < 3; k++) {
                    p.setGrad(Tensor.normal(rng, 0, 1, n));
                    adam.step();
                }
                results[run] = p.value();
            }
            assertTrue(results[0].sameBits(results[1]), "1 thread and 2 threads differ");
        } finally {
            Parallel.setThreads(threads);
        }
    }

    /**
     * A step's updates run as one batch: the reference MLP's mix of large and small parameters gives the same bits
     * on one and two threads as each parameter stepped on its own.
     */
    @Test
    void aStepOfManyParametersIsTheSameAsEachOnItsOwn() {
        int[] sizes = {200_704, 256, 256, 256, 32_768, 128, 1_280, 10};
        int threads = Parallel.threads();
        try {
            List<Tensor> alone = new ArrayList<>();
            Parallel.setThreads(1);
            for (int i = 0; i < sizes.length; i++) {
                Variable p = Variable.parameter(Tensor.normal(new Rng(i), 0, 1, sizes[i]));
                Adam adam = new Adam(List.of(p), Adam.defaults().withLr(0.01));
                for (int k = 0; k < 3; k++) {
                    p.setGrad(Tensor.normal(new Rng(100 * k + i), 0, 1, sizes[i]));
                    adam.step();
                }
                alone.add(p.value());
            }
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                List<Variable> ps = new ArrayList<>();
                for (int i = 0; i < sizes.length; i++) {
                    ps.add(Variable.parameter(Tensor.normal(new Rng(i), 0, 1, sizes[i])));
                }
                Adam adam = new Adam(ps, Adam.defaults().withLr(0.01));
                for (int k = 0; k < 3; k++) {
                    for (int i = 0; i < sizes.length; i++) {
                        ps.get(i).setGrad(Tensor.normal(new Rng(100 * k + i), 0, 1, sizes[i]));
                    }
                    adam.step();
                }
                for (int i = 0; i < sizes.length; i++) {
                    assertTrue(alone.get(i).sameBits(ps.get(i).value()), "parameter " + i + " on " + t + " thread(s)");
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void optionsFromDefaultsAreWhatPyTorchUses() {
        assertEquals(new Sgd.Options(1e-3, 0, 0, 0, false, false, 0), Sgd.defaults());
        assertEquals(new AdaGrad.Options(1e-2, 0, 0, 0, 1e-10, false), AdaGrad.defaults());
        assertEquals(new AdaDelta.Options(1.0, 0.9, 1e-6, 0, false), AdaDelta.defaults());
        assertEquals(new RmsProp.Options(1e-2, 0.99, 1e-8, 0, 0, false, false), RmsProp.defaults());
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false), Adam.defaults());
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false), AdamW.defaults());
        assertEquals(new Adamax.Options(2e-3, 0.9, 0.999, 1e-8, 0, false), Adamax.defaults());
        assertEquals(new NAdam.Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false, false), NAdam.defaults());
        assertEquals(new RAdam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false), RAdam.defaults());
        assertNotNull(Optimizer.kernels());
    }
}
