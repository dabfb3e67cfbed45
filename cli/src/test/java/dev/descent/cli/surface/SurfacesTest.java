package dev.descent.cli.surface;

import dev.descent.cli.BadInputException;
import dev.descent.core.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurfacesTest {

    @Test
    void analyticGradientMatchesCentralDifferencesAcrossTheWindow() {
        Rng rng = new Rng(7);
        for (Surface s : Surfaces.all()) {
            double[] w = s.window();
            for (int k = 0; k < 200; k++) {
                double x = w[0] + (w[1] - w[0]) * rng.nextDouble();
                double y = w[2] + (w[3] - w[2]) * rng.nextDouble();
                double[] g = s.gradient(x, y);
                double h = 1e-6;
                double nx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
                double ny = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
                assertEquals(nx, g[0], 1e-5 * Math.max(1, Math.abs(nx)), s.name() + " df/dx at " + x + "," + y);
                assertEquals(ny, g[1], 1e-5 * Math.max(1, Math.abs(ny)), s.name() + " df/dy at " + x + "," + y);
            }
        }
    }

    @Test
    void startsInsideTheWindowAndMinimaAreStationaryAndLowest() {
        for (Surface s : Surfaces.all()) {
            double[] w = s.window(), p = s.start();
            assertTrue(p[0] > w[0] && p[0] < w[1] && p[1] > w[2] && p[1] < w[3], s.name() + " start in window");
            double[] m = s.minimum();
            if (m == null) {
                continue;
            }
            double[] g = s.gradient(m[0], m[1]);
            assertEquals(0, Math.hypot(g[0], g[1]), 1e-6, s.name() + " gradient at the minimum");
            assertTrue(s.value(m[0], m[1]) < s.value(p[0], p[1]), s.name() + " minimum below the start");
            // Lowest on a grid over the window, up to the grid's resolution.
            for (int i = 0; i <= 40; i++) {
                for (int j = 0; j <= 40; j++) {
                    double x = w[0] + (w[1] - w[0]) * i / 40, y = w[2] + (w[3] - w[2]) * j / 40;
                    assertTrue(s.value(x, y) >= s.value(m[0], m[1]) - 1e-9, s.name() + " lower at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void theSaddleIsNotAMinimumAndTheTwoMinimaSurfaceHasALocalOne() {
        Surface saddle = Surfaces.byName("saddle");
        assertTrue(saddle.value(0, 0.1) < saddle.value(0, 0) && saddle.value(0.1, 0) > saddle.value(0, 0));
        Surface two = Surfaces.byName("two-minima");
        double[] local = Minimum.near(two, 1, 1);
        double[] g = two.gradient(local[0], local[1]);
        assertEquals(0, Math.hypot(g[0], g[1]), 1e-6);
        double[] global = two.minimum();
        assertFalse(Math.hypot(local[0] - global[0], local[1] - global[1]) < 1, "two distinct minima");
        assertTrue(two.value(local[0], local[1]) > two.value(global[0], global[1]));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> Surfaces.byName("himmelblau"));
        assertTrue(e.getMessage().contains("rosenbrock") && e.getMessage().contains("himmelblau"), e.getMessage());
        assertEquals("beale", Surfaces.byName("BEALE").name());
    }
}
