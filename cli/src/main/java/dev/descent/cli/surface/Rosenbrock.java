package dev.descent.cli.surface;

/**
 * Rosenbrock's banana: a narrow, curved valley.
 *
 * <pre>
 *   f(x, y) = (1 − x)² + 100·(y − x²)²
 *   ∂f/∂x   = −2·(1 − x) − 400·x·(y − x²)
 *   ∂f/∂y   = 200·(y − x²)
 * </pre>
 *
 * The valley floor y = x² is easy to reach and slow to follow: across it the curvature is ~200 times larger than
 * along it, so plain gradient descent zig-zags across the walls while momentum and the adaptive methods travel down
 * the floor to the minimum at (1, 1).
 */
final class Rosenbrock extends SetupSurface {

    Rosenbrock() {
        super(new Setup("rosenbrock",
                "(1-x)^2 + 100(y-x^2)^2: a narrow curved valley, minimum 0 at (1, 1)",
                new double[] {-1.5, 2.0}, new double[] {-2, 2, -1, 3},
                new double[] {1, 1}, 1e-3, 0.1, 500));
    }

    @Override
    public double value(double x, double y) {
        double a = 1 - x, b = y - x * x;
        return a * a + 100 * b * b;
    }

    @Override
    public double[] gradient(double x, double y) {
        double b = y - x * x;
        return new double[] {-2 * (1 - x) - 400 * x * b, 200 * b};
    }
}
