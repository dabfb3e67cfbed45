package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The 2 × 2 fast path of max pooling chooses the same taps and outputs the same bits as the any-window loop, on
     * planes drawn from a few values that make ties, NaNs, infinities and both zeros common.
     */
    @Property(tries = 60)
    void twoByTwoPathMatchesTheAnyWindowLoop(@ForAll long seed, @ForAll @IntRange(min = 2, max = 9) int h,
                                             @ForAll @IntRange(min = 2, max = 9) int w,
                                             @ForAll @IntRange(min = 1, max = 3) int stride) {
        float[] values = {1f, 2f, -1f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Rng rng = new Rng(seed);
        float[] x = new float[3 + h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[rng.nextInt(values.length)];
        }
        Window2d win = Window2d.square(2).stride(stride);
        int oh = win.outHeight(h), ow = win.outWidth(w);
        float[] fastY = new float[oh * ow + 1], loopY = new float[oh * ow + 1];
        int[] fastArg = new int[oh * ow + 1], loopArg = new int[oh * ow + 1];
        MaxPool2d.planeForward2x2(x, 3, w, stride, stride, fastY, fastArg, 1, oh, ow);
        MaxPool2d.planeForwardAnyWindow(win, x, 3, h, w, loopY, loopArg, 1, oh, ow);
        assertArrayEquals(loopArg, fastArg);
        for (int i = 0; i < fastY.length; i++) {
            assertEquals(Float.floatToRawIntBits(loopY[i]), Float.floatToRawIntBits(fastY[i]), "output " + i);
        }
    }
}
