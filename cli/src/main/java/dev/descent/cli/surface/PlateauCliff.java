package dev.descent.cli.surface;

/**
 * A plateau ending in a cliff.
 *
 * <pre>
 *   f(x, y) = σ(s·x) + a·(x + 2)² + b·y²        σ(t) = 1 / (1 + e⁻ᵗ),  s = 12, a = 0.01, b = 0.1
 *   ∂f/∂x   = s·σ(s·x)·(1 − σ(s·x)) + 2a·(x + 2)
 *   ∂f/∂y   = 2b·y
 * </pre>
 *
 * For x ≫ 0 the sigmoid is flat (the plateau): the gradient is only the gentle 2a·(x + 2) ≈ 0.1, so plain SGD
 * crawls. At x = 0 the surface drops by 1 over a width of ~1/s (the cliff): the gradient jumps to s/4 = 3, and a
 * learning rate tuned for the plateau throws the point far past the edge — the reason for gradient clipping. The
 * minimum lies beyond the cliff near (−2, 0).
 */
final class PlateauCliff extends SetupSurface {

    private static final double S = 12, A = 0.01, B = 0.1;

    // σ(12x) is ~6·10⁻¹¹ at x = −2, so the minimum is the quadratic's to within 10⁻⁸.
    PlateauCliff() {
        super(new Setup("cliff",
                "sigmoid(12x) + 0.01(x+2)^2 + 0.1y^2: a plateau ending in a cliff, minimum near (-2, 0)",
                new double[] {3.5, 1.5}, new double[] {-4, 4, -2, 2},
                new double[] {-2, 0}, 0.5, 0.1, 200));
    }

    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    @Override
    public double value(double x, double y) {
        return sigmoid(S * x) + A * (x + 2) * (x + 2) + B * y * y;
    }

    @Override
    public double[] gradient(double x, double y) {
        double s = sigmoid(S * x);
        return new double[] {S * s * (1 - s) + 2 * A * (x + 2), 2 * B * y};
    }
}
