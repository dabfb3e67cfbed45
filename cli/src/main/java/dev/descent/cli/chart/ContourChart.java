package dev.descent.cli.chart;

import dev.descent.cli.surface.Surface;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

/**
 * A surface drawn as contour lines (an XChart line chart of marching-squares contours), with one coloured path per
 * optimizer on top, the start as a black square and the global minimum as a star-like diamond.
 *
 * <p>The contours are computed once per surface ({@link #ContourChart(Surface, int, int)}) and reused for every
 * frame of an animation.
 */
public final class ContourChart {

    private static final int GRID = 70;
    private static final int LEVELS = 15;

    private final Surface surface;
    private final int width, height;
    private final List<Contours.Line> lines;

    public ContourChart(Surface surface, int width, int height) {
        this.surface = surface;
        this.width = width;
        this.height = height;
        double[][] grid = Contours.sample(surface::value, surface.window(), GRID);
        this.lines = Contours.lines(grid, surface.window(), Contours.quantileLevels(grid, LEVELS));
    }

    /** The chart with every path drawn whole. */
    public XYChart render(List<Trajectory> paths) {
        return render(paths, Integer.MAX_VALUE, null);
    }

    /** The chart with each path cut to its first {@code points} points; {@code subtitle} is added to the title. */
    public XYChart render(List<Trajectory> paths, int points, String subtitle) {
        String title = surface.name() + (subtitle == null ? "" : "  —  " + subtitle);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("x")
                .yAxisTitle("y").build();
        Curves.style(chart);
        double[] w = surface.window();
        var st = chart.getStyler();
        st.setXAxisMin(w[0]);
        st.setXAxisMax(w[1]);
        st.setYAxisMin(w[2]);
        st.setYAxisMax(w[3]);
        st.setPlotGridLinesVisible(false);
        for (int k = 0; k < lines.size(); k++) {
            Contours.Line line = lines.get(k);
            if (line.xs().length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries("level " + k, line.xs(), line.ys());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.sequential((double) k / Math.max(1, lines.size() - 1), 150));
            s.setLineStyle(new BasicStroke(1f));
            s.setShowInLegend(false);
        }
        for (int i = 0; i < paths.size(); i++) {
            Trajectory t = paths.get(i).prefix(points);
            XYSeries s = chart.addSeries(t.label(), t.xs(), t.ys());
            Color c = Palette.series(i);
            s.setLineColor(c);
            s.setLineStyle(new BasicStroke(1.6f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(c);
        }
        st.setMarkerSize(3);
        double[] start = surface.start();
        point(chart, "start", start, SeriesMarkers.SQUARE, Color.BLACK);
        if (surface.minimum() != null) {
            point(chart, "minimum", surface.minimum(), SeriesMarkers.DIAMOND, new Color(0xd62728));
        }
        return chart;
    }

    private static void point(XYChart chart, String name, double[] p, org.knowm.xchart.style.markers.Marker marker,
                              Color color) {
        XYSeries s = chart.addSeries(name, new double[] {p[0]}, new double[] {p[1]});
        s.setMarker(marker);
        s.setMarkerColor(color);
        s.setLineColor(new Color(0, 0, 0, 0));
    }
}
