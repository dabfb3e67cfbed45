package dev.descent.cli.surface;

/**
 * Two basins: a shallow, narrow local minimum on the way to a deep, wide global one.
 *
 * <pre>
 *   f(x, y) = c·(x² + y²) − d₁·g₁ − d₂·g₂,     gᵢ = exp(−((x − uᵢ)² + (y − vᵢ)²) / sᵢ)
 *   ∂f/∂x   = 2c·x + Σᵢ dᵢ·gᵢ·2(x − uᵢ)/sᵢ
 *   ∂f/∂y   = 2c·y + Σᵢ dᵢ·gᵢ·2(y − vᵢ)/sᵢ
 *   local:  (u₁, v₁) = (1, 1),   d₁ = 0.6, s₁ = 0.25
 *   global: (u₂, v₂) = (−1, −1), d₂ = 2,   s₂ = 1.2,     c = 0.1
 * </pre>
 *
 * From the start (2.5, 2) the slope leads into the local basin first: plain gradient descent (and Adam, whose steps
 * shrink as it settles) stays there, while SGD with momentum 0.9 carries enough speed through the shallow basin to
 * roll on into the global one.
 */
final class TwoMinima extends SetupSurface {

    private static final double C = 0.1;
    private static final double[][] WELLS = { // u, v, depth, width
            {1, 1, 0.6, 0.25},
            {-1, -1, 2, 1.2},
    };

    TwoMinima() {
        super(new Setup("two-minima",
                "0.1(x^2+y^2) - 0.6exp(-|p-(1,1)|^2/0.25) - 2exp(-|p+(1,1)|^2/1.2): local minimum near (1, 1), "
                        + "global near (-1, -1)",
                new double[] {2.5, 2}, new double[] {-3, 3, -3, 3},
                null, 0.05, 0.05, 200));
    }

    @Override
    public double value(double x, double y) {
        double f = C * (x * x + y * y);
        for (double[] w : WELLS) {
            f -= w[2] * well(w, x, y);
        }
        return f;
    }

    @Override
    public double[] gradient(double x, double y) {
        double gx = 2 * C * x, gy = 2 * C * y;
        for (double[] w : WELLS) {
            double g = w[2] * well(w, x, y);
            gx += g * 2 * (x - w[0]) / w[3];
            gy += g * 2 * (y - w[1]) / w[3];
        }
        return new double[] {gx, gy};
    }

    private static double well(double[] w, double x, double y) {
        double dx = x - w[0], dy = y - w[1];
        return Math.exp(-(dx * dx + dy * dy) / w[3]);
    }

    @Override
    public double[] minimum() {
        // The global basin's centre is pulled slightly toward the origin by the bowl: found numerically.
        return Minimum.near(this, -1, -1);
    }
}
