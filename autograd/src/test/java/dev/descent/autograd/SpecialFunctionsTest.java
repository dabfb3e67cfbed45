package dev.descent.autograd;

import dev.descent.core.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecialFunctionsTest {
    /** {z, erf(z), erfc(z)} from Python 3's math.erf and math.erfc (accurate to about one ulp of a double). */
    private static final double[][] KNOWN = {
        {0.0, 0.0, 1.0},
        {1e-10, 1.1283791670955126e-10, 0.999999999887162},
        {1e-05, 1.1283791670579e-05, 0.9999887162083294},
        {0.1, 0.1124629160182849, 0.8875370839817152},
        {0.25, 0.2763263901682369, 0.7236736098317631},
        {0.5, 0.5204998778130465, 0.4795001221869535},
        {0.84375, 0.7672256612323416, 0.23277433876765835},
        {1.0, 0.8427007929497149, 0.15729920705028513},
        {1.25, 0.9229001282564582, 0.07709987174354177},
        {1.5, 0.9661051464753108, 0.033894853524689274},
        {2.0, 0.9953222650189527, 0.004677734981047265},
        {2.5, 0.999593047982555, 0.0004069520174449589},
        {3.0, 0.9999779095030014, 2.2090496998585438e-05},
        {4.0, 0.9999999845827421, 1.541725790028002e-08},
        {5.0, 0.9999999999984626, 1.5374597944280351e-12},
        {6.0, 1.0, 2.1519736712498916e-17},
        {10.0, 1.0, 2.088487583762545e-45},
        {20.0, 1.0, 5.3958656116079005e-176},
        {26.0, 1.0, 5.663192408856143e-296},
        {-0.5, -0.5204998778130465, 1.5204998778130465},
        {-3.0, -0.9999779095030014, 1.9999779095030015},
    };

    @Test
    void erfAndErfcMatchKnownValuesToNearDoublePrecision() {
        for (double[] row : KNOWN) {
            assertRelative(row[1], SpecialFunctions.erf(row[0]), 1e-14, "erf(" + row[0] + ")");
            assertRelative(row[2], SpecialFunctions.erfc(row[0]), 1e-12, "erfc(" + row[0] + ")");
        }
    }

    @Test
    void limitsAndNaN() {
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SpecialFunctions.erfc(40));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
        assertEquals(-0.0, SpecialFunctions.erf(-0.0)); // odd, down to the sign of zero
    }

    @Test
    void symmetryComplementAndDerivative() {
        Rng rng = new Rng(7);
        for (int i = 0; i < 2000; i++) {
            double z = (rng.nextDouble() - 0.5) * 12;
            assertEquals(-SpecialFunctions.erf(z), SpecialFunctions.erf(-z), 0.0);
            assertEquals(1.0, SpecialFunctions.erf(z) + SpecialFunctions.erfc(z), 2e-16);
            // erf'(z) = (2/√π)·e^(−z²): a wrong coefficient anywhere would bend the curve
            double h = 1e-5;
            double slope = (SpecialFunctions.erf(z + h) - SpecialFunctions.erf(z - h)) / (2 * h);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-z * z), slope, 1e-9, "erf' at " + z);
        }
    }

    @Test
    void continuousWhereTheTwoSeriesMeet() {
        double below = Math.nextDown(2.0), above = Math.nextUp(2.0);
        // below 2, erfc = 1 − erf loses relative digits as erfc shrinks: 4·10⁻¹³ at z = 2, far below float's 6·10⁻⁸
        assertRelative(SpecialFunctions.erfc(below), SpecialFunctions.erfc(above), 1e-12, "erfc around 2");
        assertRelative(SpecialFunctions.erf(below), SpecialFunctions.erf(above), 4e-15, "erf around 2");
    }

    /** Reference values: ½·erfc(−x/√2) and e^(−x²/2)/√(2π) from Python's math module. */
    @Test
    void normalDistribution() {
        assertEquals(0.5, SpecialFunctions.normalCdf(0), 0);
        assertRelative(0.8413447460685429, SpecialFunctions.normalCdf(1), 1e-14, "Φ(1)");
        assertRelative(0.02275013194817922, SpecialFunctions.normalCdf(-2), 1e-13, "Φ(−2)");
        assertRelative(7.619853024160593e-24, SpecialFunctions.normalCdf(-10), 1e-11, "Φ(−10)");
        assertRelative(0.24197072451914337, SpecialFunctions.normalPdf(1), 1e-15, "φ(1)");
    }

    private static void assertRelative(double expected, double actual, double rtol, String what) {
        double err = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= rtol, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }
}
