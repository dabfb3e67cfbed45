package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    @Test
    void keepsOneMinusPOfTheElementsAndScalesThemByItsInverse() {
        for (double p : new double[] {0.1, 0.2, 0.5, 0.9}) {
            int n = 200_000;
            Tensor x = Tensor.uniform(new Rng(1), 0.5f, 2f, 400, 500);
            Tensor y = new Dropout(p, 42).forward(x).value();
            int kept = 0;
            float scale = (float) (1 / (1 - p));
            for (int k = 0; k < n; k++) {
                float v = y.getFlat(k);
                if (v != 0f) {
                    kept++;
                    assertEquals(x.getFlat(k) * scale, v, "survivor " + k + " at p=" + p);
                }
            }
            // Binomial(n, 1 − p): the kept fraction lies within 5 standard deviations of 1 − p.
            double sd = Math.sqrt(p * (1 - p) / n);
            assertEquals(1 - p, (double) kept / n, 5 * sd, "kept fraction at p=" + p);
            // The mean is preserved in expectation: E[y] = E[x]; Var(yₖ − xₖ) = xₖ²·p/(1 − p), E[x²] = 1.75.
            assertEquals(x.mean(), y.mean(), 5 * Math.sqrt(1.75 * p / (1 - p) / n), "mean at p=" + p);
        }
    }

    @Test
    void theGradientPassesThroughTheSameMask() {
        Dropout d = new Dropout(0.3, 7);
        Variable x = Variable.parameter(Tensor.ones(50, 40));
        Variable y = d.forward(x);
        y.backward(Tensor.full(2f, 50, 40));
        // y = x·m/(1−p) with x = 1, so ∂L/∂x = 2·m/(1−p) = 2·y.
        assertTrue(x.grad().sameBits(y.value().mul(2f)));
    }

    @Test
    void evalModeAndZeroProbabilityAreTheIdentity() {
        Variable x = Variable.constant(Tensor.ones(3, 3));
        Dropout d = new Dropout(0.5, 1);
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0.0, 1).forward(x));
    }

    @Test
    void probabilityOneDropsEverythingAndPassesNoGradient() {
        Variable x = Variable.parameter(Tensor.normal(new Rng(2), 0, 1, 4, 5));
        Variable y = new Dropout(1.0, 3).forward(x);
        assertEquals(0f, y.value().abs().max());
        y.backward(Tensor.ones(4, 5));
        assertEquals(0f, x.grad().abs().max());
    }

    @Test
    void masksAreSeeded() {
        Tensor x = Tensor.ones(20, 20);
        Tensor a = new Dropout(0.5, 5).forward(x).value();
        Tensor b = new Dropout(0.5, 5).forward(x).value();
        Tensor c = new Dropout(0.5, 6).forward(x).value();
        assertTrue(a.sameBits(b));
        assertFalse(a.sameBits(c));
        Dropout d = new Dropout(0.5, 5);
        assertFalse(d.forward(x).value().sameBits(d.forward(x).value()), "each call draws a new mask");
    }

    @Test
    void probabilityOutsideTheUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }
}
