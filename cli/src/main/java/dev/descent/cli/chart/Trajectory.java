package dev.descent.cli.chart;

/**
 * An optimizer's path on a surface: the points it visited, start first.
 *
 * @param label  the optimizer, as shown in the legend
 * @param xs     x of each point
 * @param ys     y of each point
 */
public record Trajectory(String label, double[] xs, double[] ys) {

    public Trajectory {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("trajectory " + label + ": need as many x as y, at least one; got "
                    + xs.length + " and " + ys.length);
        }
    }

    /** Number of points (steps taken + 1). */
    public int length() {
        return xs.length;
    }

    /** The first {@code n} points (at least one). */
    public Trajectory prefix(int n) {
        int k = Math.max(1, Math.min(n, xs.length));
        return new Trajectory(label, java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k));
    }
}
