package dev.descent.examples;

import dev.descent.core.Tensor;
import dev.descent.core.Rng;
import dev.descent.autograd.Variable;
import dev.descent.optim.StateDict;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples run and learn: each one's final accuracy is well above chance. */
class ExamplesTest {

    private static String run(Runnable main) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static double lastPercent(String out, String before) {
        Matcher m = Pattern.compile(before + "\\s*([0-9.]+)%").matcher(out);
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    @Test
    void tinyNetworkLearnsTheCircle() {
        String out = run(() -> TinyNetwork.main(new String[0]));
        assertTrue(lastPercent(out, "accuracy") > 95, out);
    }

    @Test
    void digitsMlpReachesNinetyPercent() {
        String out = run(() -> DigitsMlp.main(new String[0]));
        assertTrue(lastPercent(out, "test accuracy") > 90, out);
    }

    @Test
    void theCustomOptimizerTrainsLikeTheBuiltInOne() {
        String out = run(() -> CustomOptimizer.main(new String[0]));
        Matcher m = Pattern.compile("signum.*test accuracy ([0-9.]+)%").matcher(out);
        assertTrue(m.find() && Double.parseDouble(m.group(1)) > 90, out);
    }

    @Test
    void theCustomOptimizersStateResumesExactly() {
        Tensor[] grads = {Tensor.normal(new Rng(1), 0f, 1f, 3, 4), Tensor.normal(new Rng(2), 0f, 1f, 3, 4),
                Tensor.normal(new Rng(3), 0f, 1f, 3, 4)};
        Variable straight = Variable.parameter(Tensor.normal(new Rng(0), 0f, 1f, 3, 4));
        SignSgd uninterrupted = new SignSgd(List.of(straight), 0.1, 0.9);
        for (Tensor g : grads) {
            straight.setGrad(g.copy());
            uninterrupted.step();
        }

        Variable first = Variable.parameter(Tensor.normal(new Rng(0), 0f, 1f, 3, 4));
        SignSgd before = new SignSgd(List.of(first), 0.1, 0.9);
        first.setGrad(grads[0].copy());
        before.step();
        StateDict saved = before.stateDict();
        assertTrue(saved.tensors().keySet().stream().anyMatch(k -> k.endsWith(SignSgd.MOMENTUM_BUFFER)),
                () -> "state dict keys: " + saved.tensors().keySet());

        Variable resumed = Variable.parameter(first.value().copy());
        SignSgd after = new SignSgd(List.of(resumed), 0.1, 0.9);
        after.loadStateDict(saved);
        for (int i = 1; i < grads.length; i++) {
            resumed.setGrad(grads[i].copy());
            after.step();
        }
        assertTrue(resumed.value().sameBits(straight.value()), () -> resumed.value() + " vs " + straight.value());
    }
}
