package dev.descent.cli.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContoursTest {

    private static final double[] WINDOW = {-2, 2, -2, 2};

    @Test
    void aCircleLevelLiesOnTheCircle() {
        double[][] grid = Contours.sample((x, y) -> x * x + y * y, WINDOW, 81);
        Contours.Line line = Contours.line(grid, WINDOW, 1.0);
        int points = 0;
        for (int i = 0; i < line.xs().length; i++) {
            if (Double.isNaN(line.xs()[i])) {
                continue;
            }
            points++;
            // Linear interpolation on a 0.05 grid: the radius is off by at most ~h²/8r.
            assertEquals(1.0, Math.hypot(line.xs()[i], line.ys()[i]), 2e-3);
        }
        // The circle crosses ~4·(2/0.05) = 80 cells, two endpoints each.
        assertTrue(points > 120, "points on the circle: " + points);
    }

    @Test
    void segmentsJoinIntoOnePolylinePerCurve() {
        double[][] grid = Contours.sample((x, y) -> x, WINDOW, 5);
        Contours.Line line = Contours.line(grid, WINDOW, 0.5);
        // The vertical line x = 0.5 crosses 4 cells: 5 joined points, then the NaN break.
        assertEquals(6, line.xs().length);
        for (int i = 0; i < 5; i++) {
            assertEquals(0.5, line.xs()[i], 1e-12);
        }
        assertEquals(2.0, Math.abs(line.ys()[4] - line.ys()[0]) / 2, 1e-12, "from border to border");
        assertTrue(Double.isNaN(line.xs()[5]));
    }

    @Test
    void aClosedCurveIsALoop() {
        double[][] grid = Contours.sample((x, y) -> x * x + y * y, WINDOW, 21);
        Contours.Line line = Contours.line(grid, WINDOW, 1.0);
        int last = line.xs().length - 2; // before the final NaN
        assertEquals(1, java.util.Arrays.stream(line.xs()).filter(Double::isNaN).count(), "one polyline");
        assertEquals(line.xs()[0], line.xs()[last], 0);
        assertEquals(line.ys()[0], line.ys()[last], 0);
    }

    @Test
    void saddleCellsGetTwoSegmentsAndTheCentreDecidesWhich() {
        double[] w = {0, 1, 0, 1};
        // Corners a(0,0)=1, b(1,0)=0, c(1,1)=1, d(0,1)=0: opposite corners above 0.5; the centre, 0.5, is not,
        // so a and c are cut off: one segment joins bottom and left, the other right and top.
        double[][] grid = {{1, 0}, {0, 1}};
        Contours.Line l = Contours.line(grid, w, 0.5);
        assertEquals(6, l.xs().length, "two segments");
        java.util.Set<String> segments = new java.util.HashSet<>();
        for (int k = 0; k < 6; k += 3) {
            String p = l.xs()[k] + "," + l.ys()[k], q = l.xs()[k + 1] + "," + l.ys()[k + 1];
            segments.add(p.compareTo(q) < 0 ? p + " " + q : q + " " + p);
        }
        assertEquals(java.util.Set.of("0.0,0.5 0.5,0.0", "0.5,1.0 1.0,0.5"), segments);
    }

    @Test
    void quantileLevelsAreIncreasingAndInsideTheRange() {
        double[][] grid = Contours.sample((x, y) -> Math.exp(3 * x) + y * y, WINDOW, 40);
        double[] levels = Contours.quantileLevels(grid, 12);
        for (int i = 1; i < levels.length; i++) {
            assertTrue(levels[i] > levels[i - 1]);
        }
        assertTrue(levels[0] >= Math.exp(-6) && levels[levels.length - 1] <= Math.exp(6) + 4);
    }
}
