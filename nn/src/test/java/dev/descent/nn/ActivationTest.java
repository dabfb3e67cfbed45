package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The activation modules compute their formulas (the autograd operations they use are tested in autograd). */
class ActivationTest {
    private static final Tensor X = Tensor.vector(-25f, -3f, -0.7f, -0.1f, 0.2f, 1.3f, 4f, 30f);

    @Test
    void eachComputesItsFormula() {
        assertFormula(new ReLU(), x -> Math.max(x, 0));
        assertFormula(new LeakyReLU(), x -> x > 0 ? x : 0.01 * x);
        assertFormula(new LeakyReLU(0.3), x -> x > 0 ? x : 0.3 * x);
        assertFormula(new Sigmoid(), x -> 1 / (1 + Math.exp(-x)));
        assertFormula(new Tanh(), Math::tanh);
        assertFormula(new GELU(), x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));
        assertFormula(new GELU("tanh"),
                x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
        assertFormula(new Softplus(), x -> x > 20 ? x : Math.log1p(Math.exp(x)));
        assertFormula(new Softplus(2), x -> 2 * x > 20 ? x : Math.log1p(Math.exp(2 * x)) / 2);
        assertFormula(new SiLU(), x -> x / (1 + Math.exp(-x)));
        assertFormula(new ELU(), x -> x > 0 ? x : Math.exp(x) - 1);
        assertFormula(new ELU(0.3), x -> x > 0 ? x : 0.3 * (Math.exp(x) - 1));
    }

    @Test
    void softmaxRowsAreDistributions() {
        Tensor z = Tensor.normal(new Rng(2), 0, 3, 4, 5);
        Tensor p = new Softmax(-1).forward(z).value();
        for (int i = 0; i < 4; i++) {
            double s = 0, e = 0;
            for (int k = 0; k < 5; k++) {
                e += Math.exp(z.get(i, k));
            }
            for (int k = 0; k < 5; k++) {
                s += p.get(i, k);
                assertEquals(Math.exp(z.get(i, k)) / e, p.get(i, k), 1e-6);
            }
            assertEquals(1.0, s, 1e-6);
        }
    }

    @Test
    void composedAndOwnElementwiseFormsHaveTheRightGradients() {
        Tensor x = Tensor.normal(new Rng(4), 0, 1.5f, 3, 4);
        for (Module m : new Module[] {new GELU("tanh"), new Softplus(3), new Softmax(1), new SiLU(), new ELU(),
                new ELU(0.4)}) {
            GradCheck.Report r = GradCheck.check(v -> m.forward(v[0]), x);
            assertTrue(r.passed(), () -> m + "\n" + r);
        }
    }

    @Test
    void activationsByName() {
        for (String name : Activations.NAMES) {
            assertEquals(name.replace("_", ""), Activations.byName(name.toUpperCase()).getClass().getSimpleName()
                    .toLowerCase());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("mish"));
        assertTrue(e.getMessage().contains("mish") && e.getMessage().contains("leaky_relu"), e.getMessage());
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GELU("erf"));
        assertThrows(IllegalArgumentException.class, () -> new Softplus(0));
        assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN));
        assertTrue(Activations.byName("swish") instanceof SiLU);
    }

    private static void assertFormula(Module m, DoubleUnaryOperator f) {
        Tensor y = m.forward(Variable.constant(X)).value();
        for (int i = 0; i < X.size(); i++) {
            double expected = f.applyAsDouble(X.getFlat(i));
            assertEquals(expected, y.getFlat(i), 2e-6 * Math.max(1, Math.abs(expected)), m + " at " + X.getFlat(i));
        }
    }

    /** erf by its Taylor series (|x| ≤ 25/√2 needs many terms; large |x| saturates to ±1). */
    private static double erf(double x) {
        if (Math.abs(x) > 6) {
            return Math.signum(x);
        }
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
