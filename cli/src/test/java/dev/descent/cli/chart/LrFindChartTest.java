package dev.descent.cli.chart;

import dev.descent.train.LrCurve;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The range test's chart: what it draws, and that a curve ending in NaN or without a finite point still renders. */
class LrFindChartTest {

    private static double[] rates(int n) {
        double[] lrs = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = 1e-6 * Math.pow(10, i * 0.25);
        }
        return lrs;
    }

    @Test
    void drawsBothLossesUpToTheFirstNonFinitePointAndMarksTheSuggestions() throws Exception {
        int n = 30;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = 2 - Math.tanh((i - 15) / 4.0);
        }
        loss[n - 1] = Double.NaN;
        LrCurve curve = new LrCurve(rates(n), loss, loss, 40, "the loss became NaN");
        XYChart chart = LrFindChart.of(curve);
        assertEquals(List.of("batch loss", "smoothed loss",
                        String.format(java.util.Locale.ROOT, "steep %.3g", curve.steep().lr()),
                        String.format(java.util.Locale.ROOT, "minimum/10 %.3g", curve.minimum().lr())),
                chart.getSeriesCollection().stream().map(x -> x.getName()).toList());
        assertEquals(n - 1, chart.getSeries("smoothed loss").getXData().length);
        assertEquals(760, ImageIO.read(new ByteArrayInputStream(ChartFiles.png(chart))).getWidth());
    }

    @Test
    void aCurveWithoutAFinitePointRendersEmpty() throws Exception {
        LrCurve curve = new LrCurve(new double[] {1e-3}, new double[] {Double.NaN}, new double[] {Double.NaN}, 10,
                "the loss became NaN");
        XYChart chart = LrFindChart.of(curve);
        assertEquals(0, chart.getSeriesCollection().size());
        assertEquals(760, ImageIO.read(new ByteArrayInputStream(ChartFiles.png(chart))).getWidth());
    }
}
