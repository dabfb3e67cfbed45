package dev.descent.cli.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour lines of f(x, y) by marching squares, as polylines a line chart can draw.
 *
 * <p>f is sampled on an n×n grid over the window. In each grid cell, a level c crosses an edge where the corner
 * values lie on both sides of c; the crossing point is interpolated linearly along the edge. A cell whose corners
 * split 1–3 has one segment, a saddle cell (two opposite corners above) has two, resolved by the cell's centre value.
 * Neighbouring cells share their crossing points, so segments join into polylines (open ones end at the window's
 * border, closed ones are loops); polylines are returned separated by NaN, which a line chart draws as a break.
 */
public final class Contours {

    /** One level's contour: x and y coordinates, NaN between separate segments. */
    public record Line(double level, double[] xs, double[] ys) {
    }

    private Contours() {
    }

    /** f sampled on an n×n grid over window {x0, x1, y0, y1}: grid[j][i] = f(x_i, y_j). */
    public static double[][] sample(DoubleBinaryOperator f, double[] window, int n) {
        double[][] grid = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                grid[j][i] = f.applyAsDouble(coord(window[0], window[1], i, n), coord(window[2], window[3], j, n));
            }
        }
        return grid;
    }

    private static double coord(double lo, double hi, int i, int n) {
        return lo + (hi - lo) * i / (n - 1);
    }

    /**
     * {@code count} levels at evenly spaced quantiles of the sampled values: contours then spread evenly over the
     * picture whatever the scale of f (Rosenbrock spans five orders of magnitude).
     */
    public static double[] quantileLevels(double[][] grid, int count) {
        double[] all = Arrays.stream(grid).flatMapToDouble(Arrays::stream).filter(Double::isFinite).sorted().toArray();
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            // Denser near the bottom, where the minima are, but above the lowest ~2%: a nearly flat floor
            // (the Rosenbrock valley) would otherwise give a level that breaks into specks.
            double q = Math.pow((k + 1.0) / (count + 1), 1.5);
            levels[k] = all[(int) Math.min(all.length - 1, Math.round(q * (all.length - 1)))];
        }
        return Arrays.stream(levels).distinct().toArray();
    }

    /** The contour line of every level. */
    public static List<Line> lines(double[][] grid, double[] window, double[] levels) {
        List<Line> out = new ArrayList<>();
        for (double c : levels) {
            out.add(line(grid, window, c));
        }
        return out;
    }

    /** The contour f = c by marching squares, with segments joined into polylines. */
    public static Line line(double[][] grid, double[] window, double c) {
        int n = grid.length;
        // Each crossed grid edge is one contour point; each cell links two (or, at a saddle, four) of them.
        Map<Long, double[]> points = new LinkedHashMap<>();
        Map<Long, List<Long>> links = new LinkedHashMap<>();
        for (int j = 0; j + 1 < n; j++) {
            for (int i = 0; i + 1 < n; i++) {
                // Corners counter-clockwise from bottom-left: a(i,j) b(i+1,j) c(i+1,j+1) d(i,j+1).
                double a = grid[j][i], b = grid[j][i + 1], cc = grid[j + 1][i + 1], d = grid[j + 1][i];
                int mask = (a > c ? 1 : 0) | (b > c ? 2 : 0) | (cc > c ? 4 : 0) | (d > c ? 8 : 0);
                if (mask == 0 || mask == 15) {
                    continue;
                }
                // The cell's edges: bottom, right, top, left.
                long[] e = {horizontal(i, j, n), vertical(i + 1, j, n), horizontal(i, j + 1, n), vertical(i, j, n)};
                if (mask == 5 || mask == 10) {
                    // A saddle cell: the centre decides which pairs of edges connect.
                    boolean centreAbove = (a + b + cc + d) / 4 > c;
                    if ((mask == 5) == centreAbove) {
                        link(links, e[0], e[1]);
                        link(links, e[2], e[3]);
                    } else {
                        link(links, e[0], e[3]);
                        link(links, e[1], e[2]);
                    }
                } else {
                    long first = -1;
                    for (long edge : e) {
                        if (crossed(grid, edge, n, c)) {
                            if (first < 0) {
                                first = edge;
                            } else {
                                link(links, first, edge);
                            }
                        }
                    }
                }
            }
        }
        for (long edge : links.keySet()) {
            points.put(edge, crossing(grid, window, edge, n, c));
        }
        return polylines(c, points, links);
    }

    // Edge keys: the horizontal edge from grid point (i, j) to (i+1, j) is even, the vertical one to (i, j+1) odd.
    private static long horizontal(int i, int j, int n) {
        return 2L * ((long) j * n + i);
    }

    private static long vertical(int i, int j, int n) {
        return 2L * ((long) j * n + i) + 1;
    }

    private static void link(Map<Long, List<Long>> links, long p, long q) {
        links.computeIfAbsent(p, k -> new ArrayList<>(2)).add(q);
        links.computeIfAbsent(q, k -> new ArrayList<>(2)).add(p);
    }

    /** The grid values at the two ends of an edge. */
    private static double[] ends(double[][] grid, long edge, int n) {
        long cell = edge / 2;
        int i = (int) (cell % n), j = (int) (cell / n);
        return edge % 2 == 0 ? new double[] {grid[j][i], grid[j][i + 1], i, j, i + 1, j}
                : new double[] {grid[j][i], grid[j + 1][i], i, j, i, j + 1};
    }

    private static boolean crossed(double[][] grid, long edge, int n, double c) {
        double[] e = ends(grid, edge, n);
        return (e[0] > c) != (e[1] > c);
    }

    /** Where f = c on the edge, by linear interpolation of the values at its ends. */
    private static double[] crossing(double[][] grid, double[] window, long edge, int n, double c) {
        double[] e = ends(grid, edge, n);
        double t = (c - e[0]) / (e[1] - e[0]);
        double gi = e[2] + t * (e[4] - e[2]), gj = e[3] + t * (e[5] - e[3]);
        return new double[] {window[0] + (window[1] - window[0]) * gi / (n - 1),
                window[2] + (window[3] - window[2]) * gj / (n - 1)};
    }

    /** Walks the links into polylines: open chains from their ends first, then closed loops. */
    private static Line polylines(double c, Map<Long, double[]> points, Map<Long, List<Long>> links) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<Long, List<Long>> start : links.entrySet()) {
                long s = start.getKey();
                if (seen.contains(s) || (pass == 0 && start.getValue().size() != 1)) {
                    continue;
                }
                long prev = -1, cur = s;
                while (true) {
                    seen.add(cur);
                    double[] p = points.get(cur);
                    xs.add(p[0]);
                    ys.add(p[1]);
                    long next = -1;
                    for (long q : links.get(cur)) {
                        if (q != prev && !seen.contains(q)) {
                            next = q;
                            break;
                        }
                    }
                    if (next < 0) {
                        if (pass == 1) { // close the loop
                            xs.add(points.get(s)[0]);
                            ys.add(points.get(s)[1]);
                        }
                        break;
                    }
                    prev = cur;
                    cur = next;
                }
                xs.add(Double.NaN);
                ys.add(Double.NaN);
            }
        }
        return new Line(c, xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
