package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resume is exact: k steps, save the optimizer's state dict and the parameters, load both into a fresh optimizer (made
 * with other hyper-parameters, which the state dict overrides) over fresh parameters, continue — the same bits as a
 * run that never stopped, for every optimizer, with every kind of state switched on, two groups, and one parameter
 * that has no gradient until after the save (so it has no state yet).
 */
@Tag("kernels")
class ResumeTest {
    private static final int TOTAL = 9;
    private static final int SAVE_AT = 4;

    record Config(String name, Function<List<List<Variable>>, Optimizer<?>> make) {
    }

    private static <O extends Hyperparameters<O>> List<ParamGroup<O>> groups(List<List<Variable>> params, O first,
                                                                           O second) {
        return List.of(new ParamGroup<>(params.get(0), first), new ParamGroup<>(params.get(1), second));
    }

    /** Each configuration with a scale on its learning rate, so the fresh optimizer can start out different. */
    static List<Config> configs(double s) {
        return List.of(
                new Config("SGD Nesterov, decay", p -> new Sgd(groups(p,
                        Sgd.defaults().withLr(0.1 * s).withMomentum(0.9).withNesterov(true).withDecay(0.1),
                        Sgd.defaults().withLr(0.05 * s).withMomentum(0.5).withDampening(0.1).withWeightDecay(0.01)))),
                new Config("AdaGrad", p -> new AdaGrad(groups(p,
                        AdaGrad.defaults().withLr(0.1 * s).withLrDecay(0.01).withInitialAccumulatorValue(0.1),
                        AdaGrad.defaults().withLr(0.2 * s)))),
                new Config("AdaDelta", p -> new AdaDelta(groups(p, AdaDelta.defaults().withLr(s),
                        AdaDelta.defaults().withLr(0.5 * s).withWeightDecay(0.01)))),
                new Config("RMSprop centred momentum", p -> new RmsProp(groups(p,
                        RmsProp.defaults().withLr(0.01 * s).withCentered(true).withMomentum(0.9),
                        RmsProp.defaults().withLr(0.02 * s)))),
                new Config("Adam AMSGrad", p -> new Adam(groups(p, Adam.defaults().withLr(0.01 * s).withAmsgrad(true),
                        Adam.defaults().withLr(0.02 * s).withWeightDecay(0.01)))),
                new Config("AdamW", p -> new AdamW(groups(p, AdamW.defaults().withLr(0.01 * s),
                        AdamW.defaults().withLr(0.02 * s).withAmsgrad(true)))),
                new Config("Adamax", p -> new Adamax(groups(p, Adamax.defaults().withLr(0.01 * s),
                        Adamax.defaults().withLr(0.02 * s).withWeightDecay(0.01)))),
                new Config("NAdam", p -> new NAdam(groups(p, NAdam.defaults().withLr(0.01 * s),
                        NAdam.defaults().withLr(0.02 * s).withWeightDecay(0.01).withDecoupledWeightDecay(true)))),
                new Config("RAdam", p -> new RAdam(groups(p, RAdam.defaults().withLr(0.01 * s),
                        RAdam.defaults().withLr(0.02 * s).withWeightDecay(0.01)))));
    }

    /** Two groups: a matrix and a long vector (to run the vector loops), then a bias that gets gradients late. */
    static List<List<Variable>> params(long seed) {
        Rng rng = new Rng(seed);
        return List.of(List.of(Variable.parameter(Tensor.normal(rng, 0, 1, 3, 4)).named("w"),
                        Variable.parameter(Tensor.normal(rng, 0, 1, 301)).named("v")),
                List.of(Variable.parameter(Tensor.normal(rng, 0, 1, 4)).named("b")));
    }

    static List<Variable> flat(List<List<Variable>> p) {
        List<Variable> all = new ArrayList<>();
        p.forEach(all::addAll);
        return all;
    }

    /** Step {@code k}'s gradients, the same for every run; the bias has none before the save. */
    static void feed(List<Variable> ps, int k) {
        Rng rng = new Rng(1000 + k);
        for (int i = 0; i < ps.size(); i++) {
            Variable p = ps.get(i);
            Tensor g = Tensor.normal(rng, 0, 1, p.shape().dims());
            p.setGrad(i == 2 && k < SAVE_AT + 1 ? null : g);
        }
    }

    @TestFactory
    Stream<DynamicTest> resumeIsBitIdentical() {
        List<Config> same = configs(1.0);
        List<Config> other = configs(3.0);
        return java.util.stream.IntStream.range(0, same.size()).mapToObj(i -> DynamicTest.dynamicTest(
                same.get(i).name(), () -> resume(same.get(i), other.get(i))));
    }

    private static void resume(Config config, Config otherConfig) {
        List<Variable> straight = flat(params(7));
        Optimizer<?> a = config.make().apply(List.of(straight.subList(0, 2), straight.subList(2, 3)));
        for (int k = 0; k < TOTAL; k++) {
            feed(straight, k);
            a.step();
        }

        List<Variable> first = flat(params(7));
        Optimizer<?> b = config.make().apply(List.of(first.subList(0, 2), first.subList(2, 3)));
        for (int k = 0; k < SAVE_AT; k++) {
            feed(first, k);
            b.step();
        }
        StateDict saved = b.stateDict();
        assertNull(b.state(first.get(2)), "the bias has had no gradient yet, so no state");
        assertTrue(saved.scalars().containsKey("state.0.step"));

        List<Variable> resumed = flat(params(99));   // other values, overwritten from the "checkpoint"
        for (int i = 0; i < resumed.size(); i++) {
            resumed.get(i).value().copyFrom(first.get(i).value());
        }
        Optimizer<?> c = otherConfig.make().apply(List.of(resumed.subList(0, 2), resumed.subList(2, 3)));
        c.loadStateDict(saved);
        assertEquals(SAVE_AT, c.steps());
        for (int k = SAVE_AT; k < TOTAL; k++) {
            feed(resumed, k);
            c.step();
        }
        for (int i = 0; i < straight.size(); i++) {
            assertTrue(straight.get(i).value().sameBits(resumed.get(i).value()),
                    config.name() + ": parameter " + straight.get(i).name() + " differs after resuming");
        }
        assertEquals(a.stateDict().scalars(), c.stateDict().scalars(), config.name() + ": state scalars");
    }
}
