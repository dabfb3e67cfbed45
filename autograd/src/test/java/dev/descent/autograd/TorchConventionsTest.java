package dev.descent.autograd;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values and gradients PyTorch 1.13 computes (in float64) for the activations that have no closed form in float and
 * at the points where a derivative does not exist and a convention decides — GradCheck cannot judge those, so an
 * outside oracle does. Each expected array was printed by {@code torch.autograd} for {@code f(x).sum().backward()}.
 */
class TorchConventionsTest {

    @Test
    void geluIsTheExactErfForm() {
        float[] x = {-10f, -5f, -3f, -1f, -0.5f, 0f, 0.3f, 1f, 2f, 4f};
        // at −10 torch gives −0.0 and −7.69e−22 (1 + erf cancels to 0 even in double); the entries there are the true
        // −10·Φ(−10) and Φ(−10) − 10·φ(−10), from Python's math.erfc
        float[] y = {-7.619853024160593e-23f, -1.4332578593401202e-06f, -0.00404969409489031f, -0.15865525393145702f,
            -0.15426876936299344f, 0f, 0.1853734266566858f, 0.841344746068543f, 1.9544997361036416f,
            3.9998733150326675f};
        float[] dy = {-7.618400096464813e-22f, -7.1469460018034646e-06f, -0.01194564720418392f,
            -0.08331547058768635f, 0.13250487534383712f, 0.5f, 0.7323277668271099f, 1.0833154705876864f,
            1.085231801078197f, 1.0005036496612265f};
        assertValueAndGradient(Variable::gelu, x, y, dy, 1e-6f);
    }

    @Test
    void softplusSwitchesToIdentityAboveTwenty() {
        float[] x = {-30f, -5f, -1f, 0f, 1f, 5f, 19f, 21f, 30f};
        float[] y = {9.357622968839737e-14f, 0.006715348489118068f, 0.31326168751822286f, 0.6931471805599453f,
            1.3132616875182228f, 5.006715348489118f, 19.000000005602796f, 21f, 30f};
        float[] dy = {9.3576229688393e-14f, 0.006692850924284856f, 0.2689414213699951f, 0.5f, 0.7310585786300049f,
            0.9933071490757152f, 0.9999999943972036f, 1f, 1f};
        assertValueAndGradient(Variable::softplus, x, y, dy, 1e-6f);
    }

    @Test
    void kinksOfOneArgument() {
        float[] x = {0f, 1f, -1f};
        assertGradient(Variable::relu, x, new float[] {0f, 1f, 0f});
        assertGradient(Variable::abs, x, new float[] {0f, 1f, -1f});
        assertGradient(v -> v.leakyRelu(0.1f), x, new float[] {0.1f, 1f, 0.1f});
        assertGradient(v -> v.clamp(-0.5f, 0.5f), new float[] {-0.5f, 0.5f, 0f, 1f, -1f},
                new float[] {1f, 1f, 1f, 0f, 0f});
        assertGradient(v -> v.pow(0f), new float[] {0f, 2f}, new float[] {0f, 0f});
        assertGradient(Variable::sqrt, new float[] {0f, 4f}, new float[] {Float.POSITIVE_INFINITY, 0.25f});
    }

    /**
     * PyTorch's relu backward is {@code threshold_backward(g, relu(x), 0)}, a selection: a NaN input lets its
     * gradient through instead of hiding it behind a zero, and a NaN gradient at x ≤ 0 gives 0.
     * ({@code torch.relu(torch.tensor([nan, -1., 0., 2., 3.], requires_grad=True)).backward(torch.tensor([1., nan,
     * 5., 7., nan]))} gives {@code [1., 0., 0., 7., nan]}.)
     */
    @Test
    void reluBackwardPropagatesNaNAsPyTorch() {
        Variable x = Variable.parameter(Tensor.vector(Float.NaN, -1f, 0f, 2f, 3f));
        x.relu().backward(Tensor.vector(1f, Float.NaN, 5f, 7f, Float.NaN));
        assertArrayEquals(new float[] {1f, 0f, 0f, 7f, Float.NaN}, x.grad().toArray());
    }

    @Test
    void tiedMaximumAndMinimumSplitTheGradient() {
        Variable a = Variable.parameter(Tensor.vector(1f, 2f, 3f));
        Variable b = Variable.parameter(Tensor.vector(1f, 1f, 4f));
        a.maximum(b).sum().backward();
        assertArrayEquals(new float[] {0.5f, 1f, 0f}, a.grad().toArray());
        assertArrayEquals(new float[] {0.5f, 0f, 1f}, b.grad().toArray());
        a.zeroGrad();
        b.zeroGrad();
        a.minimum(b).sum().backward();
        assertArrayEquals(new float[] {0.5f, 0f, 1f}, a.grad().toArray());
        assertArrayEquals(new float[] {0.5f, 1f, 0f}, b.grad().toArray());
    }

    @Test
    void maxOfAllSplitsTiesButMaxAlongAnAxisPicksTheFirst() {
        assertGradient(Variable::max, new float[] {1f, 3f, 3f, 2f}, new float[] {0f, 0.5f, 0.5f, 0f});
        Variable x = Variable.parameter(Tensor.of(new float[] {1f, 3f, 3f, 2f, 2f, 0f}, 2, 3));
        x.max(1, false).sum().backward();
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f, 0f, 0f}, x.grad().toArray());
    }

    @Test
    void powWithATensorExponentAtZeroBase() {
        Variable a = Variable.parameter(Tensor.vector(0f, 0f, 2f));
        Variable b = Variable.parameter(Tensor.vector(2f, 0f, 3f));
        a.pow(b).sum().backward();
        assertArrayEquals(new float[] {0f, 0f, 12f}, a.grad().toArray());
        assertArrayEquals(new float[] {0f, 0f, 5.545177444479562f}, b.grad().toArray(), 1e-6f);
    }

    private static void assertGradient(Function<Variable, Variable> f, float[] x, float[] expected) {
        Variable v = Variable.parameter(Tensor.vector(x));
        f.apply(v).sum().backward();
        assertArrayEquals(expected, v.grad().toArray(), 0f);
    }

    /** Value and gradient within a relative tolerance (float32 against PyTorch's float64). */
    private static void assertValueAndGradient(Function<Variable, Variable> f, float[] x, float[] y, float[] dy,
                                               float rtol) {
        Variable v = Variable.parameter(Tensor.vector(x));
        Variable out = f.apply(v);
        out.sum().backward();
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], out.value().getFlat(i), rtol * Math.abs(y[i]), "value at x = " + x[i]);
            assertEquals(dy[i], v.grad().getFlat(i), rtol * Math.abs(dy[i]), "gradient at x = " + x[i]);
        }
    }
}
