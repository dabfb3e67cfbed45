package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clipping against PyTorch's clip_grad_norm_ / clip_grad_value_ (SEMANTICS.md §8). */
class GradClipTest {
    private static Variable withGrad(float... g) {
        Variable v = Variable.parameter(Tensor.zeros(g.length));
        v.setGrad(Tensor.vector(g));
        return v;
    }

    @Test
    void clipsByGlobalTwoNormAsPyTorch() {
        Variable a = withGrad(3, 4);
        Variable b = withGrad(12);
        Variable none = Variable.parameter(Tensor.zeros(5));
        double norm = GradClip.clipGradNorm(List.of(a, b, none), 1.0);
        assertEquals(13.0, norm, 1e-12);
        assertArrayEquals(new float[] {0.230769213f, 0.307692284f}, a.grad().toArray(), 1e-8f);
        assertArrayEquals(new float[] {0.923076852f}, b.grad().toArray(), 1e-8f);
        assertNull(none.grad(), "a parameter without a gradient is skipped");
        assertTrue(GradClip.totalNorm(List.of(a, b), 2) < 1.0, "the +1e-6 lands the norm a hair under max");
    }

    @Test
    void leavesSmallGradientsAlone() {
        Variable a = withGrad(0.3f, -0.4f);
        assertEquals(0.5, GradClip.clipGradNorm(List.of(a), 1.0), 1e-7);
        assertArrayEquals(new float[] {0.3f, -0.4f}, a.grad().toArray(), 0f);
    }

    @Test
    void infinityAndOneNorms() {
        Variable a = withGrad(3, -4);
        Variable b = withGrad(-12);
        assertEquals(12.0, GradClip.totalNorm(List.of(a, b), Double.POSITIVE_INFINITY));
        assertEquals(19.0, GradClip.totalNorm(List.of(a, b), 1), 1e-12);
        assertEquals(12.0, GradClip.clipGradNorm(List.of(a, b), 6, Double.POSITIVE_INFINITY, true));
        float c = (float) (6 / (12 + 1e-6));
        assertArrayEquals(new float[] {3 * c, -4 * c}, a.grad().toArray(), 0f);
        assertArrayEquals(new float[] {-12 * c}, b.grad().toArray(), 0f);
    }

    @Test
    void nonFiniteNorm() {
        Variable a = withGrad(1, Float.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(List.of(a), 1.0, 2, true));
        assertTrue(e.getMessage().contains("total norm of order 2.0 of the gradients is NaN"), e.getMessage());
        assertEquals(1f, a.grad().getFlat(0), "an error leaves the gradients alone");
        // Without the check PyTorch scales by a NaN coefficient; so does Descent.
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(a), 1.0)));
        assertTrue(Float.isNaN(a.grad().getFlat(0)));
        Variable inf = withGrad(Float.POSITIVE_INFINITY, 1);
        assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(List.of(inf), 1.0, Double.POSITIVE_INFINITY, true));
    }

    @Test
    void anInfiniteThresholdMeasuresWithoutClipping() {
        Variable a = withGrad(3, -4);
        assertEquals(5.0, GradClip.clipGradNorm(List.of(a), Double.POSITIVE_INFINITY), 1e-12);
        GradClip.clipGradValue(List.of(a), Double.POSITIVE_INFINITY);
        assertArrayEquals(new float[] {3f, -4f}, a.grad().toArray(), 0f);
    }

    @Test
    void clipsByValue() {
        Variable a = withGrad(3, -4);
        GradClip.clipGradValue(List.of(a), 3.5);
        assertArrayEquals(new float[] {3f, -3.5f}, a.grad().toArray(), 0f);
    }

    @Test
    void badArguments() {
        Variable a = withGrad(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradClip.clipGradNorm(List.of(a), -1));
        assertEquals("clipGradNorm maxNorm must be ≥ 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(a), 1, 0, false));
        assertEquals("clipGradNorm normType must be > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(a), Double.NaN));
        assertEquals("clipGradValue clipValue must be ≥ 0, got NaN", e.getMessage());
    }
}
