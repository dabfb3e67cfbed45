package dev.descent.cli.surface;

/** Finds a nearby minimum by Newton's method on the gradient, with a finite-difference Hessian. */
final class Minimum {

    private Minimum() {
    }

    static double[] near(Surface s, double x, double y) {
        double h = 1e-6;
        for (int i = 0; i < 50; i++) {
            double[] g = s.gradient(x, y);
            double[] gx = s.gradient(x + h, y), gy = s.gradient(x, y + h);
            double a = (gx[0] - g[0]) / h, b = (gy[0] - g[0]) / h, c = (gx[1] - g[1]) / h, d = (gy[1] - g[1]) / h;
            double det = a * d - b * c;
            x -= (d * g[0] - b * g[1]) / det;
            y -= (a * g[1] - c * g[0]) / det;
        }
        return new double[] {x, y};
    }
}
