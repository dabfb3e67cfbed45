package dev.descent.cli;

import dev.descent.train.LrCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** descent lr-find end to end on the built-in digits, briefly. */
class LrFindCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheCurveAndTheChartAndPrintsTheSuggestionsTheCurveGives() throws Exception {
        Path out = tmp.resolve("lr");
        Run r = Run.of("lr-find", "--hidden", "16", "--batch-norm", "-O", "adam", "--start-lr", "1e-5", "--end-lr",
                "10", "--steps", "40", "--seed", "2", "--lr", "0.1", "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> csv = Files.readAllLines(out.resolve("lr-find.csv"));
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        int n = csv.size() - 1;
        assertTrue(n >= 2 && n <= 40, r.toString());
        double[] lrs = new double[n], losses = new double[n], smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = csv.get(i + 1).split(",");
            assertEquals(i, Integer.parseInt(f[0]));
            lrs[i] = Double.parseDouble(f[1]);
            losses[i] = Double.parseDouble(f[2]);
            smoothed[i] = Double.parseDouble(f[3]);
        }
        assertEquals(1e-5, lrs[0]);
        LrCurve curve = new LrCurve(lrs, losses, smoothed, 40, null);
        assertTrue(r.out().contains("  steep       " + Args.number(curve.steep().lr()) + "\n"), r.toString());
        assertTrue(r.out().contains("  minimum/10  " + Args.number(curve.minimum().lr()) + "\n"), r.toString());
        assertTrue(r.out().contains(n == 40 ? "Ran all 40 steps." : "Stopped after " + n + " of 40 steps: "),
                r.out());
        assertTrue(r.out().contains("Ignored (they do not apply to a range test): --lr"), r.out());
        assertEquals(760, ImageIO.read(out.resolve("lr-find.png").toFile()).getWidth());
        assertTrue(r.out().contains("Wrote " + out.toAbsolutePath()), r.out());

        Path again = tmp.resolve("again");
        Run same = Run.of("lr-find", "--hidden", "16", "--batch-norm", "-O", "adam", "--start-lr", "1e-5",
                "--end-lr", "10", "--steps", "40", "--seed", "2", "--format", "svg", "-o", again.toString());
        assertEquals(0, same.exit(), same.toString());
        assertEquals(csv, Files.readAllLines(again.resolve("lr-find.csv")), "the same seed, the same curve");
        assertTrue(Files.exists(again.resolve("lr-find.svg")) && !Files.exists(again.resolve("lr-find.png")));
    }

    @Test
    void refusesABadRangeBeforeWritingAnything() {
        Path out = tmp.resolve("bad");
        Run.assertBadInput(out, "lr-find", "--start-lr", "1e-2", "--end-lr", "1e-3", "-o", out.toString());
        Run.assertBadInput(out, "lr-find", "--start-lr", "0", "-o", out.toString());
        Run.assertBadInput(out, "lr-find", "--steps", "1", "-o", out.toString());
        Run.assertBadInput(out, "lr-find", "--diverge", "0.5", "-o", out.toString());
        Run.assertBadInput(out, "lr-find", "-O", "nosuch", "-o", out.toString());
    }

    @Test
    void helpShowsTheRangeOptionsAndAnExample() {
        Run r = Run.of("lr-find", "--help");
        assertEquals(0, r.exit());
        for (String s : List.of("--start-lr", "--end-lr", "--steps", "--diverge", "--hidden", "--optimizer",
                "--clip-norm", "Examples:", "descent lr-find -O adam")) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
    }
}
