package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden trajectories of SEMANTICS.md §8, computed with PyTorch 2.13 in float64: θ₀ = [1, −2, 3], gradients
 * cycling through g₁, g₂, g₃, parameters checked after the listed steps. These pin today's PyTorch where the replay
 * file (PyTorch 1.13) cannot — NAdam's corrected momentum product in particular.
 */
class GoldenValuesTest {
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {0.4f, 0.5f, -0.6f}, {-0.7f, 0.8f, 0.9f}};

    private record Golden(String name, Function<List<Variable>, Optimizer<?>> make, Map<Integer, double[]> after) {
    }

    private static final List<Golden> CASES = List.of(
            new Golden("SGD(lr=0.1)", p -> new Sgd(p, Sgd.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.99, -1.98, 2.97}, 2, new double[] {0.95, -2.03, 3.03},
                    3, new double[] {1.02, -2.11, 2.94}, 8, new double[] {0.99, -2.25, 2.91})),
            new Golden("SGD(0.1, momentum=0.9)", p -> new Sgd(p, Sgd.defaults().withLr(0.1).withMomentum(0.9)), Map.of(
                    1, new double[] {0.99, -1.98, 2.97}, 2, new double[] {0.941, -2.012, 3.003},
                    3, new double[] {0.9669, -2.1208, 2.9427}, 8, new double[] {1.014545781, -2.840640192, 2.563045923})),
            new Golden("SGD(0.1, momentum=0.9, dampening=0.5)",
                    p -> new Sgd(p, Sgd.defaults().withLr(0.1).withMomentum(0.9).withDampening(0.5)), Map.of(
                    1, new double[] {0.99, -1.98, 2.97}, 2, new double[] {0.961, -1.987, 2.973},
                    3, new double[] {0.9699, -2.0333, 2.9307}, 8, new double[] {0.978796251, -2.363366817, 2.696093043})),
            new Golden("SGD(0.1, momentum=0.9, nesterov)",
                    p -> new Sgd(p, Sgd.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true)), Map.of(
                    1, new double[] {0.981, -1.962, 2.943}, 2, new double[] {0.8969, -2.0408, 3.0327},
                    3, new double[] {0.99021, -2.21872, 2.88843}, 8, new double[] {1.003091203, -3.006576173, 2.516741331})),
            new Golden("SGD(0.1, momentum=0.9, weight_decay=0.1)",
                    p -> new Sgd(p, Sgd.defaults().withLr(0.1).withMomentum(0.9).withWeightDecay(0.1)), Map.of(
                    1, new double[] {0.98, -1.96, 2.94}, 2, new double[] {0.9122, -1.9544, 2.9166},
                    3, new double[] {0.912058, -2.009816, 2.776374}, 8, new double[] {0.7494030981, -2.262519305, 1.770615164})),
            new Golden("SGD(0.1, maximize)", p -> new Sgd(p, Sgd.defaults().withLr(0.1).withMaximize(true)), Map.of(
                    1, new double[] {1.01, -2.02, 3.03}, 8, new double[] {1.01, -1.75, 3.09})),
            new Golden("Adagrad(lr=0.1)", p -> new AdaGrad(p, AdaGrad.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.9000000001, -1.9, 2.9}, 2, new double[] {0.8029857501, -1.992847669, 2.989442719},
                    3, new double[] {0.8891497938, -2.075803805, 2.909264347},
                    8, new double[] {0.8525139484, -2.179013792, 2.888878931})),
            new Golden("Adagrad(0.1, lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.1)",
                    p -> new AdaGrad(p, AdaGrad.defaults().withLr(0.1).withLrDecay(0.1)
                            .withInitialAccumulatorValue(0.1).withWeightDecay(0.1)), Map.of(
                    1, new double[] {0.9465477516, -1.921553546, 2.911534826},
                    8, new double[] {0.8836793534, -2.044372439, 2.814205878})),
            new Golden("Adadelta()", p -> new AdaDelta(p, AdaDelta.defaults()), Map.of(
                    1, new double[] {0.9968393023, -1.996838118, 2.996837898},
                    2, new double[] {0.9924890916, -2.001018993, 3.00087835},
                    8, new double[] {0.9940612075, -2.015582549, 2.99439534})),
            new Golden("RMSprop(lr=0.01)", p -> new RmsProp(p, RmsProp.defaults().withLr(0.01)), Map.of(
                    1, new double[] {0.9000001, -1.90000005, 2.900000033},
                    2, new double[] {0.8029573273, -1.992911801, 2.989532316},
                    8, new double[] {0.8519919635, -2.180426285, 2.888825552})),
            new Golden("RMSprop(0.01, momentum=0.9, centered)",
                    p -> new RmsProp(p, RmsProp.defaults().withLr(0.01).withMomentum(0.9).withCentered(true)), Map.of(
                    1, new double[] {0.8994963195, -1.899496269, 2.899496252},
                    2, new double[] {0.7112812046, -1.902101312, 2.898666817},
                    8, new double[] {0.2358291773, -2.548833733, 2.414609878})),
            new Golden("Adam(lr=0.1)", p -> new Adam(p, Adam.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.90000001, -1.900000005, 2.900000003},
                    2, new double[] {0.811562364, -1.94422153, 2.936610355},
                    3, new double[] {0.8319309634, -2.016305488, 2.902286248},
                    8, new double[] {0.8531083693, -2.311143862, 2.765476747})),
            new Golden("Adam(0.1, weight_decay=0.1)",
                    p -> new Adam(p, Adam.defaults().withLr(0.1).withWeightDecay(0.1)), Map.of(
                    1, new double[] {0.900000005, -1.900000002, 2.900000002},
                    8, new double[] {0.7338099407, -2.064836021, 2.506403366})),
            new Golden("AdamW(0.1, weight_decay=0.1)",
                    p -> new AdamW(p, AdamW.defaults().withLr(0.1).withWeightDecay(0.1)), Map.of(
                    1, new double[] {0.89000001, -1.880000005, 2.870000003},
                    2, new double[] {0.7926623639, -1.90542153, 2.877910355},
                    8, new double[] {0.7864112291, -2.151745814, 2.542974208})),
            new Golden("NAdam(lr=0.1)", p -> new NAdam(p, NAdam.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.8943548327, -1.894354827, 2.894354826},
                    2, new double[] {0.7914448816, -1.989044129, 2.985010573},
                    8, new double[] {0.8388210955, -2.292568212, 2.846540217})),
            new Golden("RAdam(lr=0.1)", p -> new RAdam(p, RAdam.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.99, -1.98, 2.97}, 2, new double[] {0.9642105263, -1.996842105, 2.987368421},
                    8, new double[] {0.9715570384, -2.095060389, 2.934011398})),
            new Golden("Adamax(lr=0.1)", p -> new Adamax(p, Adamax.defaults().withLr(0.1)), Map.of(
                    1, new double[] {0.90000001, -1.900000005, 2.900000003},
                    2, new double[] {0.8355263274, -1.933684215, 2.928947371},
                    8, new double[] {0.8636797874, -2.175501331, 2.811481962})));

    @TestFactory
    Stream<DynamicTest> pyTorchGoldenTrajectories() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Variable theta = Variable.parameter(Tensor.vector(1f, -2f, 3f));
            Optimizer<?> opt = c.make().apply(List.of(theta));
            for (int step = 1; step <= 8; step++) {
                theta.setGrad(Tensor.vector(GRADS[(step - 1) % 3].clone()));
                opt.step();
                double[] expected = c.after().get(step);
                if (expected != null) {
                    assertClose(expected, theta.value(), c.name() + " after step " + step);
                }
            }
        }));
    }

    static void assertClose(double[] expected, Tensor actual, String where) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.getFlat(i), 1e-6 + 1e-5 * Math.abs(expected[i]), where + " [" + i + "]");
        }
    }

    /** AMSGrad differs from Adam only once the second moment falls; SEMANTICS.md's discriminating sequence. */
    @Test
    void amsgradDiffersFromAdamWhenTheSecondMomentFalls() {
        float[][] grads = {{1f, -1f, 0.5f}, {0.01f, 0.01f, 0.01f}, {0.01f, 0.01f, 0.01f}};
        double[][] expected = {{0.7792477091, -1.783166331, 2.777314962}, {0.7793259045, -1.78324167, 2.777368025}};
        for (int ams = 0; ams < 2; ams++) {
            Variable theta = Variable.parameter(Tensor.vector(1f, -2f, 3f));
            Adam adam = new Adam(List.of(theta), Adam.defaults().withLr(0.1).withAmsgrad(ams == 1));
            for (float[] g : grads) {
                theta.setGrad(Tensor.vector(g.clone()));
                adam.step();
            }
            assertClose(expected[ams], theta.value(), ams == 1 ? "AMSGrad" : "Adam");
        }
    }

    /** Keras's time-based decay: the t-th update (t from 0) runs at lr / (1 + decay·t). */
    @Test
    void kerasTimeBasedDecay() {
        Variable theta = Variable.parameter(Tensor.vector(1f, -2f, 3f));
        Sgd sgd = new Sgd(List.of(theta), Sgd.defaults().withLr(0.1).withDecay(0.5));
        double[] expected = {1, -2, 3};
        for (int t = 0; t < 6; t++) {
            double lr = 0.1 / (1 + 0.5 * t);
            assertEquals(lr, sgd.lrInForce(0), 1e-15, "lr in force at update " + t);
            float[] g = GRADS[t % 3];
            for (int i = 0; i < 3; i++) {
                expected[i] -= lr * g[i];
            }
            theta.setGrad(Tensor.vector(g.clone()));
            sgd.step();
            assertClose(expected, theta.value(), "decayed SGD after update " + t);
        }
        assertEquals(0.1, sgd.groups().get(0).lr(), 0, "decay leaves the group's own lr alone");
    }
}
