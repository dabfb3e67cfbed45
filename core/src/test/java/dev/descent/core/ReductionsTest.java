package dev.descent.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.descent.core.kernel.FloatAsserts.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reductions over all elements and along each axis, with and without kept dimensions, against sums in double. */
@Tag("kernels")
@net.jqwik.api.Tag("kernels")
class ReductionsTest {

    /** Random shapes, sometimes with a long axis so that the vector loops and their tails run. */
    private static Tensor randomTensor(Rng rng) {
        int[] dims = Shapes.random(rng, 4, 5);
        if (rng.nextInt(3) == 0) {
            dims = Shapes.random(rng, 3, 4);
            if (dims.length > 0) {
                dims[rng.nextInt(dims.length)] = 1 + rng.nextInt(300);
            }
        }
        Tensor x = Tensor.uniform(rng, -4f, 6f, dims);
        if (rng.nextInt(3) == 0) { // small integers: ties for argmax, max and min
            x = Tensor.uniform(rng, 0f, 4f, dims).mapi(dev.descent.core.kernel.UnaryOp.SIGN).mul(3f);
        }
        return x;
    }

    @Property(tries = 150)
    void axisReductionsMatchDoubleSums(@ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = randomTensor(rng);
        for (int axis = 0; axis < x.rank(); axis++) {
            double[][] slices = Reference.slices(x, axis);
            for (boolean keep : new boolean[] {false, true}) {
                int[] expectedDims = Reference.reduced(x.dims(), axis, keep);
                Tensor sum = x.sum(axis, keep), mean = x.mean(axis, keep), max = x.max(axis, keep);
                Tensor min = x.min(axis, keep);
                Tensor biased = x.variance(axis, keep, false), unbiased = x.variance(axis, keep, true);
                for (Tensor t : new Tensor[] {sum, mean, max, min, biased, unbiased}) {
                    assertArrayEquals(expectedDims, t.dims());
                }
                int[] argmax = x.argmax(axis);
                for (int s = 0; s < slices.length; s++) {
                    double[] v = slices[s];
                    int n = v.length;
                    String where = "axis " + axis + " of " + x.shape() + ", slice " + s;
                    double total = Reference.sum(v), scale = Reference.sumAbs(v);
                    assertEquals(total, sum.getFlat(s), (n + 2) * EPS * scale, "sum " + where);
                    assertEquals(total / n, mean.getFlat(s), ((n + 3) * EPS * scale) / n, "mean " + where);
                    assertEquals(max(v), max.getFlat(s), 0.0, "max " + where);
                    assertEquals(min(v), min.getFlat(s), 0.0, "min " + where);
                    assertEquals(argmax(v), argmax[s], "argmax " + where);
                    assertVariance(v, 0, biased.getFlat(s), "biased variance " + where);
                    assertVariance(v, 1, unbiased.getFlat(s), "unbiased variance " + where);
                }
            }
        }
    }

    @Property(tries = 100)
    void wholeTensorReductionsMatchDoubleSums(@ForAll long seed) {
        Tensor x = randomTensor(new Rng(seed));
        double[] v = new double[x.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.getFlat(i);
        }
        int n = v.length;
        assertEquals(Reference.sum(v), x.sum(), (n + 2) * EPS * Reference.sumAbs(v));
        assertEquals(Reference.sum(v) / n, x.mean(), (n + 3) * EPS * Reference.sumAbs(v) / n);
        assertEquals(max(v), x.max(), 0.0);
        assertEquals(min(v), x.min(), 0.0);
        assertEquals(argmax(v), x.argmax());
        assertVariance(v, 0, x.variance(false), "variance");
        assertVariance(v, 1, x.variance(true), "unbiased variance");
    }

    @Property(tries = 100)
    void argminStdProdNormAnyAllMatchDoubleReferences(@ForAll long seed) {
        Tensor x = randomTensor(new Rng(seed));
        if (rngBit(seed)) { // zeros among the values: any/all and prod see them
            x = x.mul(x.gt(1f));
        }
        for (int axis = 0; axis < x.rank(); axis++) {
            double[][] slices = Reference.slices(x, axis);
            for (boolean keep : new boolean[] {false, true}) {
                int[] expectedDims = Reference.reduced(x.dims(), axis, keep);
                Tensor std = x.std(axis, keep, true), prod = x.prod(axis, keep), l1 = x.norm(1f, axis, keep);
                Tensor l2 = x.norm(2f, axis, keep), any = x.any(axis, keep), all = x.all(axis, keep);
                Tensor lInf = x.dim(axis) > 0 ? x.norm(Float.POSITIVE_INFINITY, axis, keep) : null;
                for (Tensor t : new Tensor[] {std, prod, l1, l2, any, all}) {
                    assertArrayEquals(expectedDims, t.dims());
                }
                int[] argmin = x.dim(axis) > 0 ? x.argmin(axis) : null;
                for (int s = 0; s < slices.length; s++) {
                    double[] v = slices[s];
                    int n = v.length;
                    String where = "axis " + axis + " of " + x.shape() + ", slice " + s;
                    double product = 1, squares = 0;
                    boolean some = false, every = true;
                    for (double e : v) {
                        product *= e;
                        squares += e * e;
                        some |= e != 0;
                        every &= e != 0;
                    }
                    float rounded = (float) product; // ±∞ beyond the float range, as the result must be
                    assertEquals(rounded, prod.getFlat(s), (n + 1) * EPS * Math.abs(rounded) + Float.MIN_VALUE,
                            "prod " + where);
                    assertEquals(Reference.sumAbs(v), l1.getFlat(s), (n + 1) * EPS * Reference.sumAbs(v), "l1 " + where);
                    assertEquals(Math.sqrt(squares), l2.getFlat(s), (n + 2) * EPS * Math.sqrt(squares), "l2 " + where);
                    assertEquals(some ? 1f : 0f, any.getFlat(s), "any " + where);
                    assertEquals(every ? 1f : 0f, all.getFlat(s), "all " + where);
                    if (n > 0) {
                        assertEquals(Math.max(max(v), -min(v)), lInf.getFlat(s), 0.0, "l∞ " + where);
                        assertEquals(argmin(v), argmin[s], "argmin " + where);
                    }
                    // std is exactly the float square root of the variance wherever that is a normal float
                    float variance = x.variance(axis, keep, true).getFlat(s);
                    if (n > 1 && variance >= Float.MIN_NORMAL) {
                        assertEquals((float) Math.sqrt(variance), std.getFlat(s), "std " + where);
                    }
                }
            }
        }
    }

    private static boolean rngBit(long seed) {
        return (seed & 1) == 0;
    }

    @Test
    void argminTakesTheFirstOfTiesAndTheFirstNaNAsArgmaxDoes() {
        assertEquals(1, Tensor.vector(3, 1, 1, 2).argmin());
        assertArrayEquals(new int[] {1, 0}, Tensor.of(new float[] {2, 1, 1, 4, 4, 4}, 2, 3).argmin(1));
        assertArrayEquals(new int[] {0, 1, 0}, Tensor.of(new float[] {1, 5, 0, 1, 2, 0}, 2, 3).argmin(0));
        // torch 1.13: argmin([1, NaN, 0]) = 1, the NaN, although 0 is smaller; min() is NaN there too
        Tensor x = Tensor.vector(1, Float.NaN, 0, Float.NaN);
        assertEquals(1, x.argmin());
        assertEquals(x.argmax(), x.argmin());
        Tensor columns = Tensor.of(new float[] {1, 2, Float.NaN, 0, Float.NaN, -7}, 3, 2);
        assertArrayEquals(new int[] {1, 2}, columns.argmin(0));
        assertArrayEquals(new int[] {1, 0}, columns.argmax(0));
    }

    @Test
    void stdNormsAndProductsKeepWhatFloatIntermediatesWouldLose() {
        assertEquals(2.1213203e38f, Tensor.vector(3e38f, 0f).std(true)); // its variance, 4.5e76, is no float
        assertEquals(7.071068e-40f, Tensor.vector(1e-39f, 0f).std(true), 1e-45f); // its variance underflows
        assertEquals((float) (Math.sqrt(2) * 2e38f), Tensor.vector(2e38f, 2e38f).norm(2f)); // 8e76 in the sum
        assertEquals((float) (Math.sqrt(2) * 1e-30f), Tensor.vector(1e-30f, 1e-30f).norm(2f)); // 2e-60 in the sum
        assertEquals(1e30f, Tensor.vector(1e30f, 1e30f, 1e-30f).prod());
        assertTrue(Float.isNaN(Tensor.vector(0f, Float.POSITIVE_INFINITY).prod()));
        assertTrue(Float.isNaN(Tensor.vector(Float.POSITIVE_INFINITY, Float.NaN).norm(Float.POSITIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, Tensor.vector(1f, Float.NEGATIVE_INFINITY).norm(1f));
        assertTrue(Tensor.vector(0f, Float.NaN).any()); // NaN is true, as in torch.any
        assertTrue(Tensor.zeros(0).all());
        assertEquals(1f, Tensor.zeros(2, 0).prod(1, false).getFlat(0));
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] < v[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The two-pass bound: rounding of the mean, of each deviation, and of the sum of squares. */
    private static void assertVariance(double[] v, int correction, float actual, String what) {
        int n = v.length;
        if (n - correction <= 0) {
            assertTrue(Float.isNaN(actual), what + " of " + n + " elements should be NaN, got " + actual);
            return;
        }
        double mean = Reference.sum(v) / n, ss = 0, cross = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
            cross += Math.abs(x - mean) * Math.abs(x);
        }
        double tolerance = (n + 4) * EPS * (ss + 2 * cross) / (n - correction) + 1e-30;
        assertEquals(ss / (n - correction), actual, tolerance, what);
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void batchStatisticsOverTheBatchAxis() {
        // the BatchNorm case: [N, D] reduced over N, each column its own mean and variance
        Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 10}, {5, 40}});
        assertArrayEquals(new float[] {3, 20}, x.mean(0, false).toArray());
        assertArrayEquals(new float[] {8f / 3, 200}, x.variance(0, false, false).toArray(), 1e-5f);
        assertArrayEquals(new float[] {4, 300}, x.variance(0, false, true).toArray(), 1e-4f);
        assertArrayEquals(new int[] {1, 2}, x.mean(0, true).dims());
    }

    @Test
    void varianceIsAccurateWhenTheMeanDwarfsTheSpread() {
        // a one-pass Σx² − (Σx)²/n would lose every digit here
        Tensor x = Tensor.vector(10000f, 10001f, 10002f, 10003f);
        assertEquals(1.25f, x.variance(false), 0f);
        assertEquals(5f / 3, x.variance(true), 1e-6f);
    }

    @Test
    void varianceOfHugeValuesDoesNotOverflowWhereTorchVarDoesNot() {
        // torch.var gives 0, not inf or NaN, though the float sum 3e38 + 3e38 overflows; along either axis
        float big = 3e38f, inf = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new float[][] {{big, big, 1f}, {big, -big, 2f}});
        assertArrayEquals(new float[] {0f, inf, 0.25f}, x.variance(0, false, false).toArray());
        assertArrayEquals(new float[] {0f, inf, 0.5f}, x.variance(0, false, true).toArray());
        assertEquals(0f, Tensor.vector(big, big, big).variance(true));
        // deviations of 2.08e19 square to 4.3e38, past the float range, though the variance is 1.08e38
        Tensor spike = Tensor.vector(0f, 0f, 0f, 0f, 2.6e19f);
        double mean = 2.6e19 / 5, exact = (4 * mean * mean + (2.6e19 - mean) * (2.6e19 - mean)) / 5;
        assertEquals(exact, spike.variance(false), 1e-6 * exact);
        assertEquals(exact, spike.reshape(5, 1).variance(0, false, false).item(), 1e-6 * exact);
        // a slice holding an infinity or NaN is still NaN, and one element unbiased still NaN
        assertTrue(Float.isNaN(Tensor.vector(big, inf).variance(false)));
        assertTrue(Float.isNaN(Tensor.vector(big, Float.NaN).variance(false)));
        assertTrue(Float.isNaN(Tensor.vector(big).variance(true)));
    }

    @Test
    void nanPropagatesThroughMaxAndMinAndArgmaxFindsIt() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 2, 5, 4, 3}, 2, 3);
        assertTrue(Float.isNaN(x.max()));
        assertTrue(Float.isNaN(x.min()));
        assertEquals(1, x.argmax());
        Tensor rowMax = x.max(1, false);
        assertTrue(Float.isNaN(rowMax.getFlat(0)));
        assertEquals(5f, rowMax.getFlat(1));
        assertArrayEquals(new int[] {1, 0}, x.argmax(1));
        assertArrayEquals(new int[] {1, 0, 1}, x.argmax(0));
        // the first NaN, as torch.argmax
        assertEquals(1, Tensor.vector(0, Float.NaN, 9, Float.NaN).argmax());
        Tensor columns = Tensor.of(new float[] {1, 2, Float.NaN, 0, Float.NaN, 7}, 3, 2);
        assertArrayEquals(new int[] {1, 2}, columns.argmax(0));
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        assertEquals(1, Tensor.vector(0, 3, 3, 1).argmax());
        assertArrayEquals(new int[] {0, 0}, Tensor.of(new float[] {2, 2, 1, 4, 4, 4}, 2, 3).argmax(1));
        assertArrayEquals(new int[] {1, 0, 0}, Tensor.of(new float[] {1, 5, 5, 2, 5, 0}, 2, 3).argmax(0));
    }

    @Test
    void emptyReductions() {
        Tensor empty = Tensor.zeros(0, 3);
        assertEquals(0f, empty.sum());
        assertTrue(Float.isNaN(empty.mean()));
        assertArrayEquals(new float[] {0, 0, 0}, empty.sum(0, false).toArray());
        assertTrue(Float.isNaN(empty.mean(0, false).getFlat(0)));
        assertTrue(Float.isNaN(empty.variance(0, false, false).getFlat(0)));
        assertArrayEquals(new int[] {0}, empty.sum(1, false).dims());
        assertTrue(Float.isNaN(Tensor.vector(7).variance(true)));
        assertEquals(0f, Tensor.vector(7).variance(false));
    }

    @Test
    void scalarTensorsReduceToThemselves() {
        Tensor s = Tensor.scalar(2.5f);
        assertEquals(2.5f, s.sum());
        assertEquals(2.5f, s.max());
        assertEquals(0, s.argmax());
        assertEquals(0, s.rank());
    }
}
