package dev.descent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoriesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void drawsContoursAndAnimatesThePaths() throws Exception {
        Path out = tmp.resolve("traj");
        Run r = Run.of("trajectories", "-s", "rosenbrock,saddle", "-O", "sgd,momentum,adam", "--steps", "30",
                "--frames", "4", "--size", "400x300", "--format", "both", "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        for (String s : List.of("rosenbrock", "saddle")) {
            assertEquals(400, ImageIO.read(out.resolve(s + ".png").toFile()).getWidth());
            assertTrue(Files.readString(out.resolve(s + ".svg")).contains("<svg"));
            ImageReader gif = ImageIO.getImageReadersByFormatName("gif").next();
            try (ImageInputStream in = ImageIO.createImageInputStream(out.resolve(s + ".gif").toFile())) {
                gif.setInput(in);
                assertEquals(4, gif.getNumImages(true), s + " frames");
            }
        }
        List<String> csv = Files.readAllLines(out.resolve("trajectories.csv"));
        assertEquals("surface,optimizer,lr,step,x,y,f", csv.get(0));
        // rosenbrock: 3 optimizers × 31 points; saddle paths may stop early when they leave the window.
        assertEquals(3 * 31, csv.stream().filter(l -> l.startsWith("rosenbrock,")).count());
        assertTrue(r.out().contains("Wrote " + out.toAbsolutePath()), r.out());
    }

    @Test
    void theRealOptimizersMoveDownhill() {
        Path out = tmp.resolve("t");
        Run r = Run.of("trajectories", "-s", "two-minima", "-O", "sgd,adam,adadelta", "--steps", "50", "--no-gif",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        // f at the start (2.5, 2) is 1.025 less two tiny wells ≈ 1.02; every optimizer must end lower.
        for (String line : r.out().split("\n")) {
            if (line.contains(" steps ")) {
                double f = Double.parseDouble(line.substring(line.lastIndexOf("f ") + 2).strip());
                assertTrue(f < 1.0, line);
            }
        }
    }

    @Test
    void traceShowsGradientStateAndUpdate() {
        Run r = Run.of("trajectories", "-s", "saddle", "-O", "momentum,adam", "--steps", "3", "--no-gif",
                "--lr", "0.1", "--trace", "-o", tmp.resolve("t").toString());
        assertEquals(0, r.exit(), r.toString());
        String o = r.out();
        // Saddle start (-1.8, 0.001): g = (2x, -2y) = (-3.6, -0.002).
        assertTrue(o.contains("    1  θ=(-1.80000, 0.00100000)  g=(-3.60000, -0.00200000)"), o);
        // PyTorch momentum: buffer = g on the first step, update = -lr·buffer.
        assertTrue(o.contains("momentum_buffer=(-3.60000, -0.00200000)  Δθ=(0.360000, 0.000200000)"), o);
        assertTrue(o.contains("exp_avg=(") && o.contains("exp_avg_sq=("), o);
    }

    @Test
    void badInputIsOneLineWithExitTwoAndNoOutputDirectory() {
        Path out = tmp.resolve("never");
        List<String[]> bad = List.of(
                new String[] {"trajectories", "-O", "sgd,adamz", "-o", out.toString()},
                new String[] {"trajectories", "-s", "himmelblau", "-o", out.toString()},
                new String[] {"trajectories", "--steps", "ten", "-o", out.toString()},
                new String[] {"trajectories", "--lr", "adam=-1", "-o", out.toString()},
                new String[] {"trajectories", "--lr", "fast", "-o", out.toString()},
                new String[] {"trajectories", "--beta1", "1.5", "-O", "adam", "-o", out.toString()},
                new String[] {"trajectories", "--size", "10x10", "-o", out.toString()},
                new String[] {"trajectories", "--format", "jpeg", "-o", out.toString()},
                new String[] {"trajectories", "--bogus"});
        for (String[] args : bad) {
            Run.assertBadInput(out, args);
        }
    }

    @Test
    void neverWritesIntoAnExistingDirectory() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("exists"));
        Run r = Run.of("trajectories", "-s", "saddle", "-O", "sgd", "--steps", "2", "--no-gif", "-o", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("already exists"), r.err());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no partial directory left");
        }
    }
}
