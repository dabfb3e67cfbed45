package dev.descent.cli.surface;

/**
 * A saddle point.
 *
 * <pre>
 *   f(x, y) = x² − y²
 *   ∇f      = (2x, −2y)
 * </pre>
 *
 * Starting almost on the ridge y = 0, the gradient points nearly straight at the saddle (0, 0) and the escaping
 * component −2y is tiny: plain gradient descent stalls near the saddle for many steps, while methods that scale
 * each coordinate (RMSprop, Adam) magnify the small y-gradient and leave quickly. f is unbounded below, so there is
 * no minimum: a path ends when it leaves the window.
 */
final class Saddle extends SetupSurface {

    Saddle() {
        super(new Setup("saddle",
                "x^2 - y^2: a saddle at (0, 0), unbounded below along y",
                new double[] {-1.8, 1e-3}, new double[] {-2, 2, -2, 2},
                null, 0.05, 0.05, 150));
    }

    @Override
    public double value(double x, double y) {
        return x * x - y * y;
    }

    @Override
    public double[] gradient(double x, double y) {
        return new double[] {2 * x, -2 * y};
    }
}
