package dev.descent.cli.trajectory;

import dev.descent.autograd.Variable;
import dev.descent.cli.chart.Trajectory;
import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.optimizer.Optimizers;
import dev.descent.cli.surface.Surface;
import dev.descent.core.Tensor;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamState;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * One optimizer walking on a surface: the point (x, y) is a 2-element parameter {@link Variable}; each step sets its
 * gradient to the surface's analytic ∇f and calls the real optimizer's {@code step()}, so the path is exactly what
 * the optimizer does to a network's weights.
 *
 * <p>A path stops early when the point leaves the plot window by more than the window's own size (it diverged, or
 * fell off an unbounded surface) or becomes non-finite.
 */
public final class PathRun {

    private PathRun() {
    }

    /**
     * Runs {@code steps} steps of {@code kind} with learning rate {@code lr} from {@code start}; with a non-null
     * {@code trace}, prints each step's gradient, the optimizer's state after the step and the update.
     */
    public static Trajectory run(Surface surface, OptimizerKind kind, double lr, Hyper hyper, double[] start,
                                 int steps, PrintWriter trace) {
        Variable p = Variable.parameter(Tensor.vector((float) start[0], (float) start[1])).named("xy");
        Optimizer<?> opt = Optimizers.create(kind, java.util.List.of(p), lr, hyper);
        double[] xs = new double[steps + 1], ys = new double[steps + 1];
        xs[0] = p.value().getFlat(0);
        ys[0] = p.value().getFlat(1);
        if (trace != null) {
            trace.printf(Locale.ROOT, "%n%s on %s, lr %s, start (%s, %s)%n", kind.cliName(), surface.name(), lr,
                    fmt(xs[0]), fmt(ys[0]));
            trace.println("  step  θ: the point before the step, g: ∇f(θ), then the optimizer's state after the step"
                    + " (PyTorch's names), Δθ: the update applied, f: the new value");
        }
        int n = 0;
        for (int t = 1; t <= steps; t++) {
            double x = xs[t - 1], y = ys[t - 1];
            double[] g = surface.gradient(x, y);
            p.setGrad(Tensor.vector((float) g[0], (float) g[1]));
            opt.step();
            xs[t] = p.value().getFlat(0);
            ys[t] = p.value().getFlat(1);
            n = t;
            if (trace != null) {
                trace.println(traceLine(t, x, y, g, opt.state(p), xs[t] - x, ys[t] - y, surface.value(xs[t], ys[t])));
            }
            if (!inBounds(surface.window(), xs[t], ys[t])) {
                if (trace != null) {
                    trace.printf(Locale.ROOT, "  stopped: (%s, %s) is far outside the window%n", fmt(xs[t]),
                            fmt(ys[t]));
                }
                break;
            }
        }
        return new Trajectory(kind.cliName(), java.util.Arrays.copyOf(xs, n + 1), java.util.Arrays.copyOf(ys, n + 1));
    }

    private static boolean inBounds(double[] w, double x, double y) {
        double mx = w[1] - w[0], my = w[3] - w[2];
        return Double.isFinite(x) && Double.isFinite(y) && x > w[0] - mx && x < w[1] + mx && y > w[2] - my
                && y < w[3] + my;
    }

    private static String traceLine(int t, double x, double y, double[] g, ParamState state, double dx, double dy,
                                    double fNew) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5d  θ=(%s, %s)  g=(%s, %s)", t, fmt(x),
                fmt(y), fmt(g[0]), fmt(g[1])));
        if (state != null) {
            for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
                Tensor v = e.getValue();
                sb.append("  ").append(e.getKey()).append("=(").append(fmt(v.getFlat(0))).append(", ")
                        .append(fmt(v.getFlat(1))).append(')');
            }
            for (Map.Entry<String, Double> e : state.scalars().entrySet()) {
                sb.append("  ").append(e.getKey()).append('=').append(fmt(e.getValue()));
            }
        }
        sb.append(String.format(Locale.ROOT, "  Δθ=(%s, %s)  f=%s", fmt(dx), fmt(dy), fmt(fNew)));
        return sb.toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
