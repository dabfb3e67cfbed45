package dev.descent.nn;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the PyTorch reference files of the test resources and compares Descent's float32 results with their float64
 * values.
 *
 * <p><b>Tolerance.</b> Descent computes in float32, so each value may differ from the float64 reference by a few
 * rounding errors of the quantities it was computed from. That is 10⁻⁴ relative for values of ordinary size (the
 * reference README's bound). A value near zero, though, is usually a sum of terms of order 1 that nearly cancel — a
 * gradient component through BatchNorm, whose backward subtracts two means, is the typical case — and its float32
 * error is then a few ulps of those terms (2⁻²⁴ ≈ 6·10⁻⁸ each), not of the small result. So each element must satisfy
 * {@code |a − e| ≤ rtol·|e| + 1e-6·max(1, max|E|)}: the absolute floor is about 16 ulps of the largest element of
 * the same tensor (or of 1), far below any real error (a wrong term would be off by the term's size). NaN must meet
 * NaN, and an infinity the same infinity.
 */
final class TorchJson {
    static final double RTOL = 1e-4;
    private static final double ATOL_SCALE = 1e-6;
    /** A thousand times the spacing of float32's subnormals (1.4·10⁻⁴⁵), which hold only a few digits. */
    private static final double SUBNORMAL_FLOOR = 1.4e-42;

    private TorchJson() {
    }

    /** The JSON test resource at {@code path}. */
    static JsonNode read(String path) {
        try (InputStream in = TorchJson.class.getResourceAsStream(path)) {
            assertNotNull(in, "test resource " + path);
            return new ObjectMapper().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"shape": [...], "values": [...]} as a tensor. */
    static Tensor tensor(JsonNode node) {
        int[] dims = new int[node.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = node.get("shape").get(i).asInt();
        }
        return values(node.get("values"), Shape.of(dims));
    }

    /** A flat list of numbers, in the given shape. */
    static Tensor values(JsonNode list, Shape shape) {
        if (list == null || !list.isArray()) {
            fail("expected a list of numbers for shape " + shape + ", got " + list);
        }
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) list.get(i).asDouble();
        }
        return Tensor.of(v, shape.dims());
    }

    /** A JSON list of integers. */
    static int[] ints(JsonNode list) {
        int[] v = new int[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asInt();
        }
        return v;
    }

    /** Asserts every element within the tolerance above (relative {@link #RTOL}); returns the worst ratio to it. */
    static double check(String what, Tensor actual, Tensor expected) {
        return check(what, actual, expected, RTOL);
    }

    /** As {@link #check(String, Tensor, Tensor)} with relative tolerance {@code rtol}. */
    static double check(String what, Tensor actual, Tensor expected, double rtol) {
        return check(what, actual, expected, rtol, false);
    }

    /**
     * As {@link #check(String, Tensor, Tensor, double)}; with {@code elementwise} (a result computed element by element
     * from its own inputs, with no cancelling sum) the absolute floor is only float32's subnormal resolution, so that
     * every element, however small, is held to the relative bound.
     */
    static double check(String what, Tensor actual, Tensor expected, double rtol, boolean elementwise) {
        assertTrue(actual != null, what + ": missing");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double largest = 0;
        for (int i = 0; i < expected.size(); i++) {
            float e = Math.abs(expected.getFlat(i));
            largest = Float.isFinite(e) ? Math.max(largest, e) : largest;
        }
        double atol = elementwise ? SUBNORMAL_FLOOR : ATOL_SCALE * Math.max(1.0, largest); // of the finite elements
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.size(); i++) {
            double a = actual.getFlat(i), ex = expected.getFlat(i);
            double ratio = a == ex || Double.isNaN(a) && Double.isNaN(ex) ? 0
                    : Math.abs(a - ex) / (rtol * Math.abs(ex) + atol);
            if (!(ratio <= worst)) {
                worst = ratio;
                worstAt = i;
            }
        }
        int at = worstAt;
        double used = worst;
        assertTrue(worst <= 1.0, () -> what + ": element " + at + " is " + actual.getFlat(at) + ", PyTorch has "
                + expected.getFlat(at) + " (" + used + " times the tolerance)");
        return worst;
    }
}
