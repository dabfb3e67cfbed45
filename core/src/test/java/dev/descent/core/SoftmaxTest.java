package dev.descent.core;

import dev.descent.core.kernel.FloatAsserts;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.descent.core.kernel.FloatAsserts.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Softmax, log-softmax and log-sum-exp along every axis against a double-precision reference, with inputs large
 * enough that an unshifted exponential would overflow, and the special values −∞, +∞ and NaN as PyTorch treats them.
 */
@Tag("kernels")
@net.jqwik.api.Tag("kernels")
class SoftmaxTest {
    private static final float INF = Float.POSITIVE_INFINITY;

    @Property(tries = 200)
    void matchesDoublePrecisionAlongEveryAxis(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = Shapes.random(rng, 3, 5);
        if (dims.length == 0) {
            dims = new int[] {1 + rng.nextInt(40)};
        } else if (rng.nextInt(3) == 0) {
            dims[dims.length - 1] = 1 + rng.nextInt(40); // long enough for the vector loops
        }
        float offset = rng.nextInt(2) == 0 ? 0f : 1e4f * (rng.nextFloat() - 0.5f); // e^10000 overflows any float
        Tensor x = Tensor.uniform(rng, -30f, 30f, dims).add(offset);
        for (int axis = 0; axis < x.rank(); axis++) {
            Tensor softmax = x.softmax(axis), logSoftmax = x.logSoftmax(axis);
            Tensor lse = x.logSumExp(axis, false);
            assertArrayEquals(x.dims(), softmax.dims());
            assertArrayEquals(Reference.reduced(x.dims(), axis, false), lse.dims());
            assertArrayEquals(Reference.reduced(x.dims(), axis, true), x.logSumExp(axis, true).dims());
            double[][] slices = Reference.slices(x, axis);
            double[][] p = Reference.slices(softmax, axis), logP = Reference.slices(logSoftmax, axis);
            for (int s = 0; s < slices.length; s++) {
                double[] v = slices[s];
                int n = v.length;
                double m = Double.NEGATIVE_INFINITY, sum = 0;
                for (double e : v) {
                    m = Math.max(m, e);
                }
                for (double e : v) {
                    sum += Math.exp(e - m);
                }
                double logSum = Math.log(sum);
                String where = "axis " + axis + " of " + x.shape() + ", slice " + s;
                assertEquals(m + logSum, lse.getFlat(s), 8 * EPS * (Math.abs(m) + logSum + 1), "logSumExp " + where);
                double total = 0;
                for (int j = 0; j < n; j++) {
                    double shifted = v[j] - m; // rounding x − m costs |x − m|·ε relative in the exponential
                    double expected = Math.exp(shifted) / sum;
                    assertEquals(expected, p[s][j], (n + 8 + Math.abs(shifted)) * EPS * expected + 1e-45,
                            "softmax " + where + " element " + j);
                    assertEquals(shifted - logSum, logP[s][j], 8 * EPS * (Math.abs(shifted) + logSum + 1),
                            "logSoftmax " + where + " element " + j);
                    total += p[s][j];
                }
                assertEquals(1.0, total, (2 * n + 8) * EPS, "softmax sums to 1 " + where);
            }
        }
    }

    @Test
    void hugeInputsStayFinite() {
        Tensor x = Tensor.vector(1e30f, 1e30f, 0f, -1e30f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 0f}, x.softmax(0).toArray());
        float[] logP = x.logSoftmax(0).toArray();
        assertEquals((float) -Math.log(2), logP[0], 1e-7f);
        assertEquals(-1e30f, logP[2], 1e24f);
        assertEquals(1e30f, x.logSumExp(0, false).item(), 1e24f);
        Tensor big = Tensor.vector(1000f, 1001f, 1002f);
        double z = 1 + Math.exp(1) + Math.exp(2);
        assertArrayEquals(new float[] {(float) (1 / z), (float) (Math.E / z), (float) (Math.exp(2) / z)},
                big.softmax(0).toArray(), 1e-7f);
        assertEquals(1002 + Math.log(z) - 2, big.logSumExp(0, false).item(), 1e-4);
        assertEquals(-88.72284f - 1000f, Tensor.vector(0f, -88.72284f - 1000f).logSoftmax(0).getFlat(1), 1e-3f);
    }

    /** Expected values printed by PyTorch 1.13 for the same inputs. */
    @Test
    void specialValuesAsPyTorch() {
        Tensor negInf = Tensor.vector(-INF, 1f, 2f);
        float[] p = negInf.softmax(0).toArray();
        assertEquals(0f, p[0]);
        assertEquals((float) (1 / (1 + Math.E)), p[1], 1e-7f);
        assertEquals(-INF, negInf.logSoftmax(0).getFlat(0));
        assertEquals(2 + Math.log1p(Math.exp(-1)), negInf.logSumExp(0, false).item(), 1e-6);

        Tensor allNegInf = Tensor.vector(-INF, -INF);
        assertAllNaN(allNegInf.softmax(0)); // torch.softmax: [nan, nan]
        assertAllNaN(allNegInf.logSoftmax(0)); // torch.log_softmax: [nan, nan]
        assertEquals(-INF, allNegInf.logSumExp(0, false).item()); // torch.logsumexp: -inf

        Tensor posInf = Tensor.vector(INF, 1f);
        assertAllNaN(posInf.softmax(0)); // [nan, nan]
        assertAllNaN(posInf.logSoftmax(0)); // [nan, nan]
        assertEquals(INF, posInf.logSumExp(0, false).item()); // inf

        Tensor nan = Tensor.vector(1f, Float.NaN, 3f);
        assertAllNaN(nan.softmax(0));
        assertAllNaN(nan.logSoftmax(0));
        assertTrue(Float.isNaN(nan.logSumExp(0, false).item()));
    }

    @Test
    void specialValuesAlongAnOuterAxisMatchTheLastAxis() {
        Tensor rows = Tensor.of(new float[][] {{-INF, 1f, 2f}, {-INF, -INF, -INF}, {INF, 1f, 0f}, {1f, Float.NaN, 0f},
                {3f, 4f, 5f}});
        Tensor columns = rows.transpose();
        assertSameValues(rows.softmax(1), columns.softmax(0).transpose());
        assertSameValues(rows.logSoftmax(1), columns.logSoftmax(0).transpose());
        assertSameValues(rows.logSumExp(1, false), columns.logSumExp(0, false));
    }

    @Test
    void emptyAxes() {
        assertArrayEquals(new int[] {2, 0}, Tensor.zeros(2, 0).softmax(1).dims());
        assertArrayEquals(new float[] {-INF, -INF}, Tensor.zeros(2, 0).logSumExp(1, false).toArray());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).logSoftmax(1).dims());
    }

    private static void assertAllNaN(Tensor t) {
        for (float v : t.toArray()) {
            assertTrue(Float.isNaN(v), t.toString());
        }
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.dims(), actual.dims());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(FloatAsserts.withinUlps(expected.getFlat(i), actual.getFlat(i), 4),
                    "element " + i + ": " + expected + " vs " + actual);
        }
    }
}
