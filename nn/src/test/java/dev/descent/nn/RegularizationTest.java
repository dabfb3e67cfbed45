package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularizationTest {
    private final Rng rng = new Rng(3);
    private final Linear a = new Linear(4, 3, true, WeightInit.PYTORCH_DEFAULT, rng);
    private final BatchNorm1d bn = new BatchNorm1d(3);
    private final Linear b = new Linear(3, 2, true, WeightInit.PYTORCH_DEFAULT, rng);
    private final Sequential model = new Sequential(a, bn, new Tanh(), b);

    @Test
    void penaltyIsTheLecturesFormulaOverLinearWeights() {
        double l1 = 0.003, l2 = 0.02;
        double expected = 0;
        for (Linear layer : List.of(a, b)) {
            Tensor w = layer.weight().value();
            for (int i = 0; i < w.size(); i++) {
                expected += l2 * w.getFlat(i) * w.getFlat(i) + l1 * Math.abs(w.getFlat(i));
            }
        }
        Regularization r = Regularization.of(l1, l2);
        assertEquals(List.of(a.weight(), b.weight()), r.parameters(model));
        assertEquals(expected, r.penalty(model).value().item(), 1e-7);
    }

    @Test
    void gradientIsTwoLambdaWPlusLambdaSign() {
        double l1 = 0.01, l2 = 0.5;
        Regularization.of(l1, l2).penalty(model).backward();
        for (Linear layer : List.of(a, b)) {
            Tensor w = layer.weight().value();
            Tensor expected = w.mul((float) (2 * l2)).add(w.sign().mul((float) l1));
            assertTrue(layer.weight().grad().allClose(expected, 1e-6f, 1e-7f));
            assertNull(layer.bias().grad(), "biases are not penalized");
        }
        assertNull(bn.weight().grad(), "BatchNorm's γ is not penalized");
    }

    @Test
    void selectorsChooseTheParameters() {
        assertEquals(List.of(a.weight(), bn.weight(), b.weight()),
                Regularization.l2(1).on(Regularization.ALL_WEIGHTS).parameters(model));
        assertEquals(model.parameters(), Regularization.l2(1).on(Regularization.ALL).parameters(model));
        assertEquals(List.of(b.bias()), Regularization.l1(1).on((name, owner) -> owner == b && name.equals("bias"))
                .parameters(model));
    }

    @Test
    void noPenaltyLeavesTheLossAlone() {
        Variable loss = Variable.parameter(Tensor.scalar(2f));
        assertSame(loss, Regularization.of(0, 0).addTo(loss, model));
        assertEquals(0f, Regularization.l2(1).on((n, o) -> false).penalty(model).value().item());
        assertEquals(2f + 1.5f * sumOfSquares(), Regularization.l2(1.5).addTo(loss, model).value().item(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Regularization.of(-1, 0));
    }

    private float sumOfSquares() {
        return a.weight().value().square().sum() + b.weight().value().square().sum();
    }
}
