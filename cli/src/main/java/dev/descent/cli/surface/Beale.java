package dev.descent.cli.surface;

/**
 * Beale's function: flat plains, steep ridges and sharp corners.
 *
 * <pre>
 *   f(x, y) = (1.5 − x + x·y)² + (2.25 − x + x·y²)² + (2.625 − x + x·y³)²
 *   with aₖ = cₖ − x + x·yᵏ  (c₁, c₂, c₃ = 1.5, 2.25, 2.625):
 *   ∂f/∂x = Σₖ 2·aₖ·(yᵏ − 1)
 *   ∂f/∂y = Σₖ 2·aₖ·k·x·yᵏ⁻¹
 * </pre>
 *
 * The gradient changes by orders of magnitude across the window, so one learning rate fits nowhere: too large on
 * the ridges, too small on the plains. The minimum is 0 at (3, 0.5).
 */
final class Beale extends SetupSurface {

    private static final double[] C = {1.5, 2.25, 2.625};

    Beale() {
        super(new Setup("beale",
                "(1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2: plains and ridges, minimum 0 at (3, 0.5)",
                new double[] {1.0, 1.4}, new double[] {-1, 4.5, -1.5, 2},
                new double[] {3, 0.5}, 5e-3, 0.05, 300));
    }

    @Override
    public double value(double x, double y) {
        double f = 0, yk = 1;
        for (double c : C) {
            yk *= y;
            double a = c - x + x * yk;
            f += a * a;
        }
        return f;
    }

    @Override
    public double[] gradient(double x, double y) {
        double gx = 0, gy = 0, ykMinus1 = 1;
        for (int k = 1; k <= 3; k++) {
            double yk = ykMinus1 * y;
            double a = C[k - 1] - x + x * yk;
            gx += 2 * a * (yk - 1);
            gy += 2 * a * k * x * ykMinus1;
            ykMinus1 = yk;
        }
        return new double[] {gx, gy};
    }
}
