package dev.descent.autograd;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradCheck itself: it must pass right derivatives, catch wrong ones, and report where. */
class GradCheckTest {

    /** {@code y = x³} with a backward that forgets the factor 3 on the elements listed in {@code wrong}. */
    private static Variable cubeWithBug(Variable x, int... wrong) {
        Tensor xv = x.value();
        return Variable.fromOp("cube", xv.pow(3f), (g, grads) -> {
            Tensor dx = g.mul(xv.square()).muli(3f);
            for (int i : wrong) {
                dx.setFlat(i, dx.getFlat(i) / 3f);
            }
            grads.add(0, dx);
        }, x);
    }

    @Test
    void passesACorrectDerivative() {
        GradCheck.Report report = GradCheck.check(v -> cubeWithBug(v[0]), Tensor.vector(0.5f, -1.2f, 2f));
        assertTrue(report.passed(), report::toString);
        assertEquals(1, report.inputs().size());
        assertTrue(report.inputs().get(0).maxAbsError() < 1e-3);
    }

    @Test
    void catchesAWrongDerivativeAndNamesTheWorstElement() {
        GradCheck.Report report = GradCheck.check(v -> cubeWithBug(v[0], 2), Tensor.vector(0.5f, -1.2f, 2f, 0.1f));
        assertFalse(report.passed());
        GradCheck.InputReport r = report.inputs().get(0);
        assertEquals(2, r.worstIndex());
        // the gradient is of L = Σ rᵢ·yᵢ for a random projection r: the bug shows as a factor 3 at element 2
        assertEquals(3.0, r.numeric() / r.analytic(), 0.01);
        assertTrue(report.toString().contains("FAIL"), report::toString);
    }

    @Test
    void catchesAGradientSentToTheWrongInput() {
        GradCheck.Report report = GradCheck.check(v -> Variable.fromOp("swapped", v[0].value().sub(v[1].value()),
                (g, grads) -> {
                    grads.add(0, g.neg());
                    grads.add(1, g);
                }, v[0], v[1]), Tensor.vector(1f, 2f), Tensor.vector(3f, 4f));
        assertFalse(report.inputs().get(0).passed());
        assertFalse(report.inputs().get(1).passed());
    }

    @Test
    void checksOnlyInputsThatRequireAGradientAndLeavesAllValuesAlone() {
        Tensor a = Tensor.vector(0.3f, 0.7f), b = Tensor.vector(-1f, 2f);
        Tensor aBefore = a.copy(), bBefore = b.copy();
        GradCheck.Report report = GradCheck.check(GradCheck.Options.defaults(), v -> v[0].mul(v[1]).exp(),
                Variable.constant(a), Variable.parameter(b));
        assertTrue(report.passed(), report::toString);
        assertEquals(1, report.inputs().size());
        assertEquals(1, report.inputs().get(0).input());
        assertTrue(a.sameBits(aBefore) && b.sameBits(bBefore));
    }

    @Test
    void anUnusedInputHasAZeroGradient() {
        assertTrue(GradCheck.check(v -> v[0].exp(), Tensor.vector(1f), Tensor.vector(5f)).passed());
    }

    @Test
    void optionsAreValidatedAndAdjustable() {
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Options(0, 1e-3, 1e-2, 1));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.Options.defaults().withTolerances(-1, 0));
        GradCheck.Options o = GradCheck.Options.defaults().withStep(1e-2).withTolerances(1e-4, 1e-3).withSeed(3);
        assertEquals(new GradCheck.Options(1e-2, 1e-4, 1e-3, 3), o);
    }

    @Test
    @SuppressWarnings("try")
    void refusesToRunWithoutGradMode() {
        try (var scope = NoGrad.enter()) {
            assertThrows(IllegalStateException.class, () -> GradCheck.check(v -> v[0].exp(), Tensor.vector(1f)));
        }
    }
}
