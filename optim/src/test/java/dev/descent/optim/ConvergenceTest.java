package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.LrScheduler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer, with tuned hyper-parameters, reaches the minimum of an ill-conditioned quadratic and of the
 * Rosenbrock function from the classic start (−1.5, 2). Gradients are computed by hand (in double, from the float
 * parameters), so only the optimizers are under test.
 *
 * <p>AdaDelta needs a schedule on Rosenbrock: PyTorch's form accumulates the step before the learning rate scales it,
 * so the step length is neutrally stable, and with any constant rate it locks into a two-step oscillation across the
 * valley; annealing the rate (cosine, over the run) lets it settle — with its default hyper-parameters.
 */
class ConvergenceTest {
    /** f(x, y) = ½(x − 1)² + 5(y + 2)²: curvatures 1 and 10, minimum (1, −2). */
    static double[] quadraticGrad(double x, double y) {
        return new double[] {x - 1, 10 * (y + 2)};
    }

    /** f(x, y) = (1 − x)² + 100(y − x²)²: a curved valley, minimum (1, 1). */
    static double[] rosenbrockGrad(double x, double y) {
        return new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
    }

    private record Case(String name, Function<List<Variable>, Optimizer<?>> make, int steps, boolean anneal) {
        Case(String name, Function<List<Variable>, Optimizer<?>> make, int steps) {
            this(name, make, steps, false);
        }
    }

    /** Runs {@code steps} steps from (x0, y0), the rate cosine-annealed to 0 if asked, and returns the final point. */
    static float[] descend(Case c, boolean rosenbrock, float x0, float y0) {
        Variable p = Variable.parameter(Tensor.vector(x0, y0));
        Optimizer<?> opt = c.make().apply(List.of(p));
        LrScheduler scheduler = c.anneal() ? new LrScheduler(opt, new CosineAnnealingLr(c.steps(), 0)) : null;
        for (int k = 0; k < c.steps(); k++) {
            float x = p.value().getFlat(0);
            float y = p.value().getFlat(1);
            double[] g = rosenbrock ? rosenbrockGrad(x, y) : quadraticGrad(x, y);
            p.setGrad(Tensor.vector((float) g[0], (float) g[1]));
            opt.step();
            if (scheduler != null) {
                scheduler.step();
            }
        }
        return p.value().toArray();
    }

    private static final List<Case> QUADRATIC = List.of(
            new Case("SGD", p -> new Sgd(p, Sgd.defaults().withLr(0.1)), 300),
            new Case("SGD momentum", p -> new Sgd(p, Sgd.defaults().withLr(0.05).withMomentum(0.9)), 300),
            new Case("SGD Nesterov", p -> new Sgd(p, Sgd.defaults().withLr(0.05).withMomentum(0.9)
                    .withNesterov(true)), 300),
            new Case("AdaGrad", p -> new AdaGrad(p, AdaGrad.defaults().withLr(1.0)), 500),
            new Case("AdaDelta", p -> new AdaDelta(p, AdaDelta.defaults().withLr(10.0)), 3000),
            new Case("RMSprop", p -> new RmsProp(p, RmsProp.defaults().withLr(0.01)), 1500),
            new Case("RMSprop centred momentum", p -> new RmsProp(p, RmsProp.defaults().withLr(0.01)
                    .withMomentum(0.5).withCentered(true)), 1500),
            new Case("Adam", p -> new Adam(p, Adam.defaults().withLr(0.1)), 1000),
            new Case("AMSGrad", p -> new Adam(p, Adam.defaults().withLr(0.1).withAmsgrad(true)), 1000),
            new Case("AdamW", p -> new AdamW(p, AdamW.defaults().withLr(0.1).withWeightDecay(0)), 1000),
            new Case("Adamax", p -> new Adamax(p, Adamax.defaults().withLr(0.1)), 1000),
            new Case("NAdam", p -> new NAdam(p, NAdam.defaults().withLr(0.1)), 1000),
            new Case("RAdam", p -> new RAdam(p, RAdam.defaults().withLr(0.1)), 1000));

    private static final List<Case> ROSENBROCK = List.of(
            new Case("SGD", p -> new Sgd(p, Sgd.defaults().withLr(5e-4)), 60_000),
            new Case("SGD momentum", p -> new Sgd(p, Sgd.defaults().withLr(5e-4).withMomentum(0.9)), 10_000),
            new Case("SGD Nesterov", p -> new Sgd(p, Sgd.defaults().withLr(5e-4).withMomentum(0.9)
                    .withNesterov(true)), 10_000),
            new Case("AdaGrad", p -> new AdaGrad(p, AdaGrad.defaults().withLr(0.5)), 20_000),
            new Case("AdaDelta, cosine-annealed", p -> new AdaDelta(p, AdaDelta.defaults()), 30_000, true),
            new Case("RMSprop", p -> new RmsProp(p, RmsProp.defaults().withLr(1e-3)), 10_000),
            new Case("RMSprop centred momentum", p -> new RmsProp(p, RmsProp.defaults().withLr(1e-3)
                    .withMomentum(0.5).withCentered(true)), 10_000),
            new Case("Adam", p -> new Adam(p, Adam.defaults().withLr(0.02)), 10_000),
            new Case("AMSGrad", p -> new Adam(p, Adam.defaults().withLr(0.02).withAmsgrad(true)), 10_000),
            new Case("AdamW", p -> new AdamW(p, AdamW.defaults().withLr(0.02).withWeightDecay(0)), 10_000),
            new Case("Adamax", p -> new Adamax(p, Adamax.defaults().withLr(0.02)), 10_000),
            new Case("NAdam", p -> new NAdam(p, NAdam.defaults().withLr(0.002)), 20_000),
            new Case("RAdam", p -> new RAdam(p, RAdam.defaults().withLr(0.01)), 10_000));

    @TestFactory
    Stream<DynamicTest> quadratic() {
        return QUADRATIC.stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertNear(descend(c, false, -3f, 4f), 1, -2, 1e-3, c.name())));
    }

    @TestFactory
    Stream<DynamicTest> rosenbrock() {
        return ROSENBROCK.stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertNear(descend(c, true, -1.5f, 2f), 1, 1, 1e-2, c.name())));
    }

    static void assertNear(float[] p, double x, double y, double tol, String name) {
        double d = Math.hypot(p[0] - x, p[1] - y);
        System.out.printf("%-28s ends at (%.6f, %.6f), %.2e from the minimum%n", name, p[0], p[1], d);
        assertTrue(d < tol, name + " ended at (" + p[0] + ", " + p[1] + "), " + d + " from (" + x + ", " + y + ")");
    }
}
