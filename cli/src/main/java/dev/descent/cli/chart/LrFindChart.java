package dev.descent.cli.chart;

import dev.descent.train.LrCurve;
import dev.descent.train.LrSuggestion;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.Locale;

/**
 * The chart of a learning-rate range test, as fastai draws it: loss against learning rate on a log axis — each
 * batch's loss faint, the smoothed loss bold — with the suggested rates marked on the smoothed curve.
 */
public final class LrFindChart {

    private LrFindChart() {
    }

    /**
     * The curve up to its first non-finite loss. The y axis ends a little above the highest smoothed loss before the
     * last five points (fastai leaves those out of its plot), so the divergence that ended the test, which can be
     * orders of magnitude higher, leaves the chart at the top instead of flattening the rest.
     */
    public static XYChart of(LrCurve curve) {
        XYChart chart = Curves.chart("Learning-rate range test", "learning rate (log scale)", "loss");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDecimalPattern("0.###E0");
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        double[] lrs = curve.lrs(), losses = curve.losses(), smoothed = curve.smoothedLosses();
        int n = finitePrefix(losses, smoothed);
        if (n == 0) {
            return chart;
        }
        double[] x = Arrays.copyOf(lrs, n), s = Arrays.copyOf(smoothed, n);
        double top = Arrays.stream(s, 0, n > 10 ? n - 5 : n).max().orElseThrow();
        double bottom = Math.min(Arrays.stream(s).min().orElseThrow(), Arrays.stream(losses, 0, n).min().orElseThrow());
        chart.getStyler().setYAxisMax(top + 0.1 * (top - bottom));
        chart.getStyler().setYAxisMin(Math.max(0, bottom - 0.05 * (top - bottom)));
        XYSeries raw = Curves.line(chart, "batch loss", x, Arrays.copyOf(losses, n), 0);
        raw.setLineColor(new Color(0x1f, 0x77, 0xb4, 0x60));
        raw.setLineStyle(new BasicStroke(1f));
        Curves.line(chart, "smoothed loss", x, s, 0);
        int colour = 1;
        for (LrSuggestion g : curve.suggestions()) {
            if (g.index() >= 0 && g.index() < n) {
                mark(chart, g, s[nearest(x, g.lr())], colour++);
            }
        }
        return chart;
    }

    /** A suggestion as a large dot at its rate, on the smoothed loss of the nearest point. */
    private static void mark(XYChart chart, LrSuggestion g, double loss, int colour) {
        XYSeries dot = chart.addSeries(String.format(Locale.ROOT, "%s %.3g", g.method(), g.lr()),
                new double[] {g.lr()}, new double[] {loss});
        dot.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dot.setMarker(SeriesMarkers.CIRCLE);
        dot.setMarkerColor(Palette.series(colour));
    }

    private static int finitePrefix(double[] losses, double[] smoothed) {
        int n = 0;
        while (n < losses.length && Double.isFinite(losses[n]) && Double.isFinite(smoothed[n])) {
            n++;
        }
        return n;
    }

    /** The point whose rate is nearest {@code lr} on the log axis. */
    private static int nearest(double[] lrs, double lr) {
        int best = 0;
        for (int i = 1; i < lrs.length; i++) {
            if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[best] / lr))) {
                best = i;
            }
        }
        return best;
    }
}
