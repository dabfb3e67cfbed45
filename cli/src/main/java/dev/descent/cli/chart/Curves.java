package dev.descent.cli.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/** Line charts of training curves (loss or accuracy per epoch) and of sweep results. */
public final class Curves {

    public static final int WIDTH = 760, HEIGHT = 400;

    private Curves() {
    }

    /** An empty line chart with Descent's style. */
    public static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart);
        return chart;
    }

    static void style(XYChart chart) {
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xcccccc));
        s.setLegendBorderColor(new Color(0xdddddd));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setPlotGridLinesColor(new Color(0xeeeeee));
        s.setAntiAlias(true);
        s.setDecimalPattern("#,##0.###");
    }

    /** Adds a solid line (index picks the colour). */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, int index) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Palette.series(index));
        s.setLineStyle(new BasicStroke(2f));
        return s;
    }

    /** Adds a dashed line in the same colour as {@code index} (e.g. validation beside training). */
    public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, int index) {
        XYSeries s = line(chart, name, x, y, index);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        return s;
    }

    /** Adds a line with round markers at each point (for sweeps with a few settings). */
    public static XYSeries marked(XYChart chart, String name, double[] x, double[] y, int index) {
        XYSeries s = line(chart, name, x, y, index);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(Palette.series(index));
        return s;
    }
}
