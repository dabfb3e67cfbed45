package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MaxPool2d and AvgPool2d: gradients against finite differences (for max pooling on distinct values, away from
 * ties), and the tie and NaN rules on a hand-made plane. (PyTorch's own values are checked in
 * {@link NnExtraReferenceTest}.)
 */
class Pool2dTest {

    /** Distinct values at least 0.1 apart, shuffled: a finite-difference step cannot change which one is largest. */
    private static Tensor distinct(Rng rng, int... dims) {
        Tensor t = Tensor.arange(Tensor.zeros(dims).size()).mul(0.1f);
        float[] a = t.toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float s = a[i];
            a[i] = a[j];
            a[j] = s;
        }
        return Tensor.of(a, dims).sub(1f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(4);
        for (Window2d win : new Window2d[] {Window2d.square(2).stride(2), Window2d.square(3).stride(2).padding(1),
                Window2d.of(2, 3).stride(1, 2).padding(1, 1)}) {
            GradCheck.Report max = GradCheck.check(v -> new MaxPool2d(win).forward(v[0]).square().sum(),
                    distinct(rng, 2, 2, 5, 6));
            assertTrue(max.passed(), () -> "max " + win + "\n" + max);
            for (boolean include : new boolean[] {true, false}) {
                GradCheck.Report avg = GradCheck.check(v -> new AvgPool2d(win, include).forward(v[0]).square().sum(),
                        Tensor.normal(rng, 0, 1, 2, 2, 5, 6));
                assertTrue(avg.passed(), () -> "avg " + win + " include " + include + "\n" + avg);
            }
        }
        GradCheck.Report dilated = GradCheck.check(
                v -> new MaxPool2d(Window2d.square(2).stride(1).dilation(2)).forward(v[0]).square().sum(),
                distinct(rng, 1, 2, 5, 5));
        assertTrue(dilated.passed(), dilated::toString);
    }

    @Test
    void firstOfEqualMaximaAndLastNaNTakeTheGradient() {
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[] {2, 1, nan, 0, 2, 2, 5, nan}, 1, 1, 2, 4);
        var xv = dev.descent.autograd.Variable.parameter(x);
        var y = new MaxPool2d(2).forward(xv);
        assertArrayEquals(new float[] {2, nan}, y.value().toArray());
        y.backward(Tensor.of(new float[] {3, 7}, 1, 1, 1, 2));
        assertArrayEquals(new float[] {3, 0, 0, 0, 0, 0, 0, 7}, xv.grad().toArray());
    }
}
