package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad hyper-parameters, parameter lists and state dicts are refused with a message naming the value. */
class ValidationTest {
    private static void assertMessage(String fragment, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }

    private static List<Variable> params() {
        return List.of(Variable.parameter(Tensor.zeros(3, 4)).named("w"), Variable.parameter(Tensor.zeros(4)));
    }

    @Test
    void hyperParametersOutOfRange() {
        assertMessage("SGD lr must be a finite number ≥ 0, got -0.1", () -> Sgd.defaults().withLr(-0.1));
        assertMessage("SGD lr must be a finite number ≥ 0, got NaN", () -> Sgd.defaults().withLr(Double.NaN));
        assertMessage("SGD lr must be a finite number ≥ 0, got Infinity",
                () -> Sgd.defaults().withLr(Double.POSITIVE_INFINITY));
        assertMessage("Adam weightDecay must be a finite number ≥ 0, got Infinity",
                () -> Adam.defaults().withWeightDecay(Double.POSITIVE_INFINITY));
        assertMessage("SGD momentum must be in [0, 1), got 1.0", () -> Sgd.defaults().withMomentum(1.0));
        assertMessage("SGD momentum must be in [0, 1), got -0.5", () -> Sgd.defaults().withMomentum(-0.5));
        assertMessage("SGD weightDecay must be a finite number ≥ 0, got -1.0", () -> Sgd.defaults().withWeightDecay(-1));
        assertMessage("SGD decay must be a finite number ≥ 0, got -0.01", () -> Sgd.defaults().withDecay(-0.01));
        assertMessage("Adam beta1 must be in [0, 1), got 1.0", () -> Adam.defaults().withBetas(1.0, 0.999));
        assertMessage("Adam beta2 must be in [0, 1), got -0.5", () -> Adam.defaults().withBetas(0.9, -0.5));
        assertMessage("Adam eps must be > 0, got 0.0", () -> Adam.defaults().withEps(0));
        assertMessage("Adam lr must be a finite number ≥ 0, got -0.001", () -> AdamW.defaults().withLr(-0.001));
        assertMessage("AdaGrad eps must be > 0, got -1.0E-10", () -> AdaGrad.defaults().withEps(-1e-10));
        assertMessage("AdaGrad initialAccumulatorValue must be a finite number ≥ 0, got -0.1",
                () -> AdaGrad.defaults().withInitialAccumulatorValue(-0.1));
        assertMessage("AdaDelta rho must be in [0, 1], got 1.5", () -> AdaDelta.defaults().withRho(1.5));
        assertMessage("AdaDelta eps must be > 0, got 0.0", () -> AdaDelta.defaults().withEps(0));
        assertMessage("RMSprop alpha must be in [0, 1], got -0.1", () -> RmsProp.defaults().withAlpha(-0.1));
        assertMessage("RMSprop momentum must be in [0, 1), got 1.0", () -> RmsProp.defaults().withMomentum(1));
        assertMessage("RMSprop eps must be > 0, got 0.0", () -> RmsProp.defaults().withEps(0));
        assertMessage("Adamax beta1 must be in [0, 1), got 1.0", () -> Adamax.defaults().withBetas(1, 0.9));
        assertMessage("Adamax eps must be > 0, got 0.0", () -> Adamax.defaults().withEps(0));
        assertMessage("NAdam beta2 must be in [0, 1), got 1.0", () -> NAdam.defaults().withBetas(0.9, 1));
        assertMessage("NAdam momentumDecay must be a finite number ≥ 0, got -0.004", () -> NAdam.defaults().withMomentumDecay(-4e-3));
        assertMessage("RAdam eps must be > 0, got 0.0", () -> RAdam.defaults().withEps(0));
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        assertMessage("Nesterov momentum requires momentum > 0 and dampening = 0, got momentum = 0.0, dampening = 0.0",
                () -> new Sgd(params(), Sgd.defaults().withNesterov(true)));
        assertMessage("got momentum = 0.9, dampening = 0.1", () -> new Sgd(params(),
                Sgd.defaults().withNesterov(true).withMomentum(0.9).withDampening(0.1)));
        // A withX chain may pass through an inconsistent state; only the options a group takes are checked together.
        Sgd sgd = new Sgd(params(), Sgd.defaults().withNesterov(true).withMomentum(0.9));
        assertMessage("Nesterov momentum requires momentum > 0",
                () -> sgd.groups().get(0).setOptions(sgd.groups().get(0).options().withMomentum(0)));
        assertEquals(0.9, sgd.groups().get(0).options().momentum(), "a refused change leaves the group alone");
    }

    @Test
    void parametersListedTwiceOrInTwoGroups() {
        Variable w = Variable.parameter(Tensor.zeros(2, 2)).named("w");
        Variable b = Variable.parameter(Tensor.zeros(2));
        assertMessage("parameter 'w' #2 of shape [2, 2] is listed twice in one group (also at position 0)",
                () -> new Sgd(List.of(w, b, w), Sgd.defaults()));
        assertMessage("parameter #0 of shape [2] of the new group is already in this optimizer (parameter #1)",
                () -> new Adam(List.of(new ParamGroup<>(List.of(w, b), Adam.defaults()),
                        new ParamGroup<>(List.of(b), Adam.defaults()))));
        assertMessage("Sgd got an empty list of parameter groups", () -> new Sgd(List.of()));
        assertMessage("a parameter group needs at least one parameter", () -> new Sgd(List.of(), Sgd.defaults()));
    }

    @Test
    void stateDictFromAnotherOptimizer() {
        Adam adam = stepped(new Adam(params(), Adam.defaults()));
        Sgd sgd = new Sgd(params(), Sgd.defaults());
        assertMessage("state dict was saved by Adam; this optimizer is Sgd", () -> sgd.loadStateDict(adam.stateDict()));
        AdamW adamW = new AdamW(params(), AdamW.defaults());
        assertMessage("state dict was saved by Adam; this optimizer is AdamW",
                () -> adamW.loadStateDict(adam.stateDict()));
    }

    @Test
    void stateDictWithOtherShapesOrGroups() {
        StateDict saved = stepped(new Adam(params(), Adam.defaults())).stateDict();
        Adam transposed = new Adam(List.of(Variable.parameter(Tensor.zeros(4, 3)).named("w"),
                Variable.parameter(Tensor.zeros(4))), Adam.defaults());
        assertMessage("state dict entry state.0.exp_avg has shape [3, 4], unlike parameter 'w' #0 of shape [4, 3]",
                () -> transposed.loadStateDict(saved));
        Adam three = new Adam(List.of(Variable.parameter(Tensor.zeros(3, 4)), Variable.parameter(Tensor.zeros(4)),
                Variable.parameter(Tensor.zeros(1))), Adam.defaults());
        assertMessage("state dict group 0 has 2 parameters; this Adam's group 0 has 3",
                () -> three.loadStateDict(saved));
        List<Variable> p = params();
        Adam twoGroups = new Adam(List.of(new ParamGroup<>(p.subList(0, 1), Adam.defaults()),
                new ParamGroup<>(p.subList(1, 2), Adam.defaults())));
        assertMessage("state dict has 1 parameter groups; this Adam has 2", () -> twoGroups.loadStateDict(saved));
    }

    @Test
    void corruptStateDictChangesNothing() {
        Adam adam = stepped(new Adam(params(), Adam.defaults().withAmsgrad(true)));
        StateDict good = adam.stateDict();
        Adam target = stepped(stepped(new Adam(params(), Adam.defaults().withLr(0.5))));
        StateDict before = target.stateDict();

        assertMessage("state dict entries group.0.*: Adam lr must be a finite number ≥ 0, got -1.0",
                () -> target.loadStateDict(withScalar(good, "group.0.lr", -1.0)));
        assertMessage("state dict entry group.0.amsgrad must be 0 or 1, got 0.5",
                () -> target.loadStateDict(withScalar(good, "group.0.amsgrad", 0.5)));
        assertMessage("state dict has no entry group.0.beta2",
                () -> target.loadStateDict(withScalar(good, "group.0.beta2", null)));
        assertMessage("state dict has an entry Adam does not know: group.0.momentum",
                () -> target.loadStateDict(withScalar(good, "group.0.momentum", 0.9)));
        assertMessage("state dict entry steps must be a whole number ≥ 0, got 2.5",
                () -> target.loadStateDict(withScalar(good, "steps", 2.5)));
        assertMessage("state dict has state for parameter 1 but no state.1.step",
                () -> target.loadStateDict(withScalar(good, "state.1.step", null)));
        assertMessage("state dict entry state.7.step names parameter 7 but this Adam has 2 parameters",
                () -> target.loadStateDict(withScalar(good, "state.7.step", 1.0)));
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.0.momentum_buffer", Tensor.zeros(3, 4));
        assertMessage("state dict has an entry Adam does not know: state.0.momentum_buffer",
                () -> target.loadStateDict(new StateDict("Adam", tensors, good.scalars())));
        Map<String, Tensor> withoutMoment = new LinkedHashMap<>(good.tensors());
        withoutMoment.remove("state.1.exp_avg_sq");
        assertMessage("state dict has state for parameter 1 but no state.1.exp_avg_sq (Adam keeps [exp_avg, exp_avg_sq,"
                + " step] for every parameter it has updated)",
                () -> target.loadStateDict(new StateDict("Adam", withoutMoment, good.scalars())));
        assertMessage("state dict entry group.0.initialLr must be finite, got Infinity",
                () -> target.loadStateDict(withScalar(good, "group.0.initialLr", Double.POSITIVE_INFINITY)));
        assertMessage("state dict entry state.0.exp_avg holds NaN at flat index 5 (shape [3, 4]); optimizer state"
                + " must be finite",
                () -> target.loadStateDict(withTensorValue(good, "state.0.exp_avg", 5, Float.NaN)));
        assertMessage("state dict entry state.1.exp_avg_sq holds -0.25 at flat index 2 (shape [4]); it accumulates"
                + " squares and cannot be negative",
                () -> target.loadStateDict(withTensorValue(good, "state.1.exp_avg_sq", 2, -0.25f)));
        assertMessage("state dict entry state.0.max_exp_avg_sq holds Infinity at flat index 0",
                () -> target.loadStateDict(withTensorValue(good, "state.0.max_exp_avg_sq", 0,
                        Float.POSITIVE_INFINITY)));

        StateDict after = target.stateDict();
        assertEquals(before.scalars(), after.scalars(), "a refused state dict must change nothing");
        before.tensors().forEach((k, t) -> assertTrue(t.sameBits(after.tensors().get(k)), k));
        assertEquals(0.5, target.groups().get(0).lr());
    }

    private static <O extends Hyperparameters<O>, T extends Optimizer<O>> T stepped(T opt) {
        for (Variable p : opt.parameters()) {
            p.setGrad(Tensor.full(0.5f, p.shape()));
        }
        opt.step();
        return opt;
    }

    private static StateDict withScalar(StateDict sd, String key, Double value) {
        Map<String, Double> scalars = new LinkedHashMap<>(sd.scalars());
        if (value == null) {
            scalars.remove(key);
        } else {
            scalars.put(key, value);
        }
        return new StateDict(sd.optimizer(), sd.tensors(), scalars);
    }

    private static StateDict withTensorValue(StateDict sd, String key, int flatIndex, float value) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(sd.tensors());
        Tensor t = tensors.get(key).copy();
        t.setFlat(flatIndex, value);
        tensors.put(key, t);
        return new StateDict(sd.optimizer(), tensors, sd.scalars());
    }
}
