package dev.descent.core;

import dev.descent.core.TorchCases.Case;
import dev.descent.core.TorchOps.Outcome;
import dev.descent.core.kernel.VectorizationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * PyTorch 1.13 as an outside oracle for every public tensor operation of {@code core}: element-wise functions with
 * their scalar and in-place forms, comparisons, broadcasting, reductions, softmax, layout and factories, on inputs
 * full of NaN, ±∞, −0, subnormals and values near the float range's ends ({@code torch_core_ops.json}, written by
 * {@code src/test/python/make_core_ops.py}). The class is tagged {@code kernels}, so surefire runs it once with the
 * SIMD kernels and once with {@code -Ddescent.simd=false}: every case is checked against both implementations.
 *
 * <p>How a result is judged depends on the case's {@code check}:
 * <ul>
 *   <li>{@code exact} — bit for bit PyTorch's float32 result (any NaN equals any NaN). Arithmetic, comparisons,
 *       √, extrema, clamp and layout are exactly rounded in both, so nothing less is accepted.</li>
 *   <li>{@code ulp} (exp, log, tanh, σ) and {@code pow} — within {@link #ULPS} units in the last place of the float64
 *       result rounded to float; NaN for NaN and the same infinity. Descent's transcendental functions are its own
 *       ({@link dev.descent.core.kernel.FloatMath}), the same bits on every JDK, so they are judged against the
 *       exact value rather than against PyTorch's float32 routines, which are themselves about 1 ulp off.</li>
 *   <li>sums, means, variances, softmax and friends — within {@link OracleBounds}' error bound of the float64
 *       result; a non-finite float64 result (rounded to float) must be matched exactly.</li>
 *   <li>{@code index} — the same indices (argmax: the first maximum, the first NaN).</li>
 * </ul>
 * A case with both values and indices (sort and topk: the values and where they came from; split and chunk: the
 * pieces joined back and their sizes) must match both; ties in sort and topk follow {@code torch.sort(stable=True)}.
 * A result that fails its check but equals PyTorch's float32 result bit for bit is accepted too: that is what a
 * PyTorch user sees (for instance a float32 sum that overflows in torch as in Descent although the exact sum does
 * not).
 *
 * <p>Descent deliberately differs from PyTorch in three documented places, accepted here and counted:
 * {@code sign(NaN)} is NaN, not 0, and {@code sign(−0)} is −0 ({@link dev.descent.core.kernel.UnaryOp#SIGN});
 * {@code relu}, {@code maximum}, {@code minimum}, {@code max}, {@code min} and {@code clamp} order −0 below +0 as
 * {@link Math#max} does, where PyTorch returns whichever zero came first ({@code relu(−0)} is +0, torch's −0).
 */
@Tag("kernels")
class TorchOracleTest {
    private static final List<Case> CASES = TorchCases.load("/torch_core_ops.json");

    /** The largest error, in float ulps of the correctly rounded result, accepted for each function. */
    static final Map<String, Integer> ULPS = Map.of("exp", 1, "log", 1, "tanh", 1, "sigmoid", 2, "pow", 1,
            "powScalar", 1);
    private static final Set<String> ZERO_ORDERED = Set.of("relu", "maximum", "minimum", "maximumScalar",
            "minimumScalar", "clamp", "max", "min", "maxAll", "minAll", "sign");

    /** Largest ulp error met per function, deliberate differences met per operation: printed at the end. */
    private static final Map<String, Long> MAX_ULPS = new TreeMap<>();
    private static final Map<String, Integer> DELIBERATE = new TreeMap<>();
    private static final Map<String, Integer> TORCH_FLOAT32_ONLY = new TreeMap<>();
    private static final Map<String, Double> WORST_OF_BOUND = new TreeMap<>();
    private static int formsChecked;

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPyTorch() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            for (Outcome o : TorchOps.run(c)) {
                check(c, o);
            }
        }));
    }

    @Test
    void everyOperationHasCasesAndEveryCaseAnOperation() {
        Set<String> inFile = CASES.stream().map(Case::op).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(TorchOps.all().keySet()), inFile);
        assertTrue(CASES.size() > 1000, "only " + CASES.size() + " cases: a truncated file?");
    }

    @AfterAll
    static void summary() {
        System.out.println("TorchOracleTest [" + VectorizationProvider.kernels().name() + "]: " + CASES.size()
                + " cases, " + formsChecked + " forms; max ulps " + MAX_ULPS + "; largest error as a fraction of its "
                + "bound " + WORST_OF_BOUND + "; deliberate differences "
                + DELIBERATE + "; matched only torch's float32 result " + TORCH_FLOAT32_ONLY);
    }

    private static synchronized void check(Case c, Outcome o) {
        formsChecked++;
        String where = c.name() + " [" + o.form() + ", " + VectorizationProvider.kernels().name() + "]";
        if (c.check().equals("index")) {
            assertArrayEquals(c.expectedInts(), o.indices(), where);
            return;
        }
        assertEquals(c.expected().shape(), o.values().shape(), where + ": shape");
        float[] actual = o.values().toArray(), torch = c.expected().toArray();
        double[] tolerances = switch (c.check()) {
            case "exact", "ulp", "pow" -> null;
            default -> OracleBounds.tolerances(c);
        };
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            boolean ok = switch (c.check()) {
                case "exact" -> Float.floatToIntBits(actual[i]) == Float.floatToIntBits(torch[i])
                        || deliberate(c, i, actual[i], torch[i]);
                case "ulp", "pow" -> withinUlps(c, c.exact()[i], actual[i]);
                default -> withinBound(c, c.exact()[i], actual[i], tolerances[i]);
            };
            if (!ok && Float.floatToIntBits(actual[i]) == Float.floatToIntBits(torch[i])) {
                TORCH_FLOAT32_ONLY.merge(c.op(), 1, Integer::sum);
                ok = true;
            }
            if (!ok) {
                wrong.add("element " + i + ": got " + actual[i] + ", torch float32 " + torch[i]
                        + (c.exact() == null ? "" : ", float64 " + c.exact()[i])
                        + (tolerances == null ? "" : " ± " + tolerances[i]));
            }
        }
        if (!wrong.isEmpty()) {
            fail(where + ": " + wrong.size() + " of " + actual.length + " elements differ, the first: "
                    + String.join("; ", wrong.subList(0, Math.min(6, wrong.size()))));
        }
        if (c.expectedInts() != null) { // the positions that come with the values: sort's, topk's, split's sizes
            assertArrayEquals(c.expectedInts(), o.indices(), where + ": positions");
        }
    }

    /** A documented difference: a zero of the other sign from Math.max ordering, or sign(NaN) = NaN. */
    private static boolean deliberate(Case c, int i, float actual, float torch) {
        boolean zeros = actual == 0f && torch == 0f && ZERO_ORDERED.contains(c.op());
        boolean signOfNaN = c.op().equals("sign") && Float.isNaN(actual) && Float.isNaN(c.input(0).getFlat(i));
        if (zeros || signOfNaN) {
            DELIBERATE.merge(c.op(), 1, Integer::sum);
            return true;
        }
        return false;
    }

    private static boolean withinUlps(Case c, double exact, float actual) {
        float rounded = (float) exact;
        if (Float.isNaN(rounded) || Float.isNaN(actual)) {
            return Float.isNaN(rounded) && Float.isNaN(actual);
        }
        long ulps = Math.abs(ordered(rounded) - ordered(actual));
        if (rounded == 0f && actual == 0f && Float.floatToIntBits(rounded) != Float.floatToIntBits(actual)) {
            return false; // a zero of the wrong sign: e.g. tanh(−0) must stay −0
        }
        MAX_ULPS.merge(c.op(), ulps, Math::max);
        return ulps <= ULPS.get(c.op());
    }

    /** Floats as integers in the order of their values, adjacent floats one apart, ±0 both 0 (±∞ next to the ends). */
    static long ordered(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : (long) Integer.MIN_VALUE - bits;
    }

    private static boolean withinBound(Case c, double exact, float actual, double tolerance) {
        float rounded = (float) exact;
        if (!Float.isFinite(rounded)) {
            return Float.floatToIntBits(rounded) == Float.floatToIntBits(actual);
        }
        // the float grid's spacing near 0 bounds how closely any float result can approach a tiny exact value
        double bound = tolerance + Float.MIN_VALUE, error = Math.abs(actual - exact);
        if (error <= bound) {
            WORST_OF_BOUND.merge(c.check(), error / bound, Math::max);
        }
        return actual == exact || error <= bound;
    }

    @Test
    void orderedFloatsAreAdjacent() {
        assertEquals(0, ordered(-0f));
        assertEquals(1, ordered(Float.MIN_VALUE) - ordered(0f));
        assertEquals(2, ordered(Float.MIN_VALUE) - ordered(-Float.MIN_VALUE));
        assertEquals(1, ordered(Float.POSITIVE_INFINITY) - ordered(Float.MAX_VALUE));
        assertEquals(1, ordered(Math.nextUp(-1f)) - ordered(-1f));
        assertEquals(-1, ordered(-Float.MIN_VALUE));
    }
}
