package dev.descent.examples;

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
        Matcher m = Pattern.compile("signSGD.*test accuracy ([0-9.]+)%").matcher(out);
        assertTrue(m.find() && Double.parseDouble(m.group(1)) > 90, out);
    }
}
