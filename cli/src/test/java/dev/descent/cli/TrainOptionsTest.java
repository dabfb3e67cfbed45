package dev.descent.cli;

import dev.descent.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code descent train} with the schedules, clipping, smoothing, plateau cuts and early stopping, end to end on the
 * built-in digits: each run shows in its files that the option took effect. 320 training examples in batches of 32
 * make 10 steps an epoch.
 */
class TrainOptionsTest {

    private static final String[] SMALL = {"train", "--limit", "320", "--hidden", "8", "--seed", "5"};

    @TempDir
    Path tmp;

    private Run train(String name, String... args) {
        Run r = Run.of(Run.append(Run.append(SMALL, args), "-o", tmp.resolve(name).toString()));
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    /** A column of a CSV file with a header, by name. */
    private double[] column(String run, String file, String name) throws IOException {
        List<String> lines = Files.readAllLines(tmp.resolve(run).resolve(file));
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[c])).toArray();
    }

    private Map<String, String> metadata(String run) throws IOException {
        return SafeTensors.load(tmp.resolve(run).resolve("model.safetensors")).metadata();
    }

    @Test
    void oneCycleShapesTheRateAndTheMomentumOfEveryStep() throws IOException {
        Run r = train("onecycle", "--epochs", "4", "-O", "sgd", "--momentum", "0.9", "--schedule", "onecycle:0.2");
        assertTrue(r.out().contains("sgd with the schedule's rate, schedule onecycle:0.2 (per minibatch)"), r.out());
        double[] lr = column("onecycle", "steps.csv", "learning_rate");
        double[] momentum = column("onecycle", "steps.csv", "momentum");
        assertEquals(40, lr.length);
        // PyTorch's OneCycleLR over 40 steps: up from 0.2/25 to 0.2 at step 0.3·40 − 1 = 11, then down to 0.2/25e4.
        assertEquals(0.008, lr[0], 1e-12);
        assertEquals(0.2, lr[11], 1e-12);
        assertEquals(8e-7, lr[39], 1e-15);
        for (int i = 1; i < 40; i++) {
            assertTrue(i <= 11 ? lr[i] > lr[i - 1] : lr[i] < lr[i - 1], "step " + i + ": " + Arrays.toString(lr));
            assertTrue(i <= 11 ? momentum[i] < momentum[i - 1] : momentum[i] > momentum[i - 1], "momentum " + i);
        }
        assertEquals(0.85, momentum[11], 1e-12);
        // The history's rate per epoch is the rate of the epoch's last step.
        double[] perEpoch = column("onecycle", "history.csv", "learning_rate");
        assertEquals(List.of(lr[9], lr[19], lr[29], lr[39]), Arrays.stream(perEpoch).boxed().toList());
        assertTrue(Files.exists(tmp.resolve("onecycle").resolve("learning-rate.png")));
        assertEquals("onecycle:0.2", metadata("onecycle").get("descent.schedule"));
    }

    @Test
    void adamsBetaOneCyclesButAdaGradHasNothingToCycle() throws IOException {
        train("adam", "--epochs", "1", "-O", "adam", "--schedule", "cyclic:0.001:0.01:0.5");
        double[] beta1 = column("adam", "steps.csv", "momentum");
        assertEquals(0.9, beta1[0], 1e-12);
        assertEquals(0.8, beta1[5], 1e-12);
        train("adagrad", "--epochs", "1", "-O", "adagrad", "--schedule", "cyclic:0.001:0.01:0.5");
        assertTrue(Files.readAllLines(tmp.resolve("adagrad").resolve("steps.csv")).get(1).endsWith(","),
                "no momentum column value");
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpoch() throws IOException {
        // The epochs' progress goes to System.out itself (a terminal's, for the progress bar): caught here too.
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream terminal = System.out;
        Run r;
        try {
            System.setOut(new PrintStream(progress, true, StandardCharsets.UTF_8));
            r = train("stop", "--epochs", "40", "-O", "sgd", "--lr", "0.5", "--early-stop", "0");
        } finally {
            System.setOut(terminal);
        }
        String epochs = progress.toString(StandardCharsets.UTF_8);
        assertTrue(epochs.contains("Epoch 2/40"), epochs);
        double[] valLoss = column("stop", "history.csv", "val_loss");
        assertTrue(valLoss.length < 40, "stopped early: " + valLoss.length + " epochs");
        int best = 0;
        for (int e = 1; e < valLoss.length; e++) {
            best = valLoss[e] < valLoss[best] ? e : best;
        }
        // Patience 0: the first epoch that is not an improvement is the last.
        assertTrue(valLoss[valLoss.length - 1] >= valLoss[valLoss.length - 2]);
        assertTrue(r.out().contains("Stopped after epoch " + valLoss.length + " of 40: EarlyStopping: val_loss did "
                + "not improve on "), r.out());
        assertTrue(r.out().contains("Restored the weights of epoch " + (best + 1) + " (lowest val_loss)"), r.out());
        assertFalse(epochs.contains("early stopping") || epochs.contains("Restoring model weights"),
                "the stop is reported once, after the run: " + epochs);
        assertEquals("early stop after 0 epochs without a lower val_loss", metadata("stop").get("descent.early-stop"));
    }

    @Test
    void clippingTheGradientNormSlowsTrainingAndIsRecorded() throws IOException {
        String[] run = {"--epochs", "2", "-O", "sgd", "--lr", "0.5"};
        train("free", run);
        train("loose", Run.append(run, "--clip-norm", "1e9"));
        train("tight", Run.append(run, "--clip-norm", "1e-3"));
        // A norm no gradient reaches changes nothing; a tiny one keeps the loss near ln 10.
        assertEquals(Files.readString(tmp.resolve("free").resolve("history.csv")),
                Files.readString(tmp.resolve("loose").resolve("history.csv")));
        assertTrue(column("free", "history.csv", "loss")[1] < 1.5);
        assertTrue(column("tight", "history.csv", "loss")[1] > 2.2);
        assertEquals("0.001", metadata("tight").get("descent.clip-norm"));
    }

    @Test
    void labelSmoothingKeepsTheLossAboveTheSmoothedTargetsEntropy() throws IOException {
        train("smooth", "--epochs", "3", "-O", "adam", "--lr", "0.01", "--label-smoothing", "0.5");
        // Cross-entropy ≥ the entropy of q = 0.55 on the label and 0.05 on each of the other nine classes.
        double entropy = -0.55 * Math.log(0.55) - 9 * 0.05 * Math.log(0.05);
        for (String metric : List.of("loss", "val_loss")) {
            for (double l : column("smooth", "history.csv", metric)) {
                assertTrue(l >= entropy, metric + " " + l + " < " + entropy);
            }
        }
        assertEquals("0.5", metadata("smooth").get("descent.label-smoothing"));
    }

    @Test
    void thePlateauHalvesTheRateAfterEachEpochThatDoesNotImprove() throws IOException {
        train("plateau", "--epochs", "10", "-O", "sgd", "--lr", "0.8", "--plateau", "0.5:0");
        double[] valLoss = column("plateau", "history.csv", "val_loss");
        double[] lr = column("plateau", "history.csv", "learning_rate");
        // Keras's rule with patience 0: a cut after every epoch not below the best by more than 1e-4.
        double best = Double.POSITIVE_INFINITY, rate = 0.8;
        int cuts = 0;
        for (int e = 0; e < lr.length; e++) {
            assertEquals(rate, lr[e], 1e-12, "epoch " + (e + 1));
            if (valLoss[e] + 1e-4 < best) {
                best = valLoss[e];
            } else {
                rate *= 0.5;
                cuts++;
            }
        }
        assertTrue(cuts > 0, "no plateau in " + Arrays.toString(valLoss));
    }

    /** {@code --layer-norm} puts a LayerNorm (PyTorch's names, no running statistics) before each activation. */
    @Test
    void layerNormAndTheSiluAndEluActivationsBuildTheNamedLayers() throws IOException {
        Run silu = train("layer-norm", "--epochs", "1", "--layer-norm", "--activation", "silu");
        var weights = SafeTensors.load(tmp.resolve("layer-norm").resolve("model.safetensors")).tensors();
        assertEquals(List.of("0.bias", "0.weight", "1.bias", "1.weight", "3.bias", "3.weight"),
                weights.keySet().stream().sorted().toList(), "Linear, LayerNorm, SiLU, Linear");
        assertEquals(8, weights.get("1.weight").size(), "LayerNorm over the 8 hidden units");
        assertTrue(silu.out().contains("8 silu, layer norm"), silu.out());
        Run elu = train("elu", "--epochs", "1", "--activation", "elu", "--batch-norm");
        assertTrue(elu.out().contains("8 elu, batch norm"), elu.out());
    }

    @Test
    void sweepTakesTheSameOptions() {
        Path out = tmp.resolve("sweep");
        Run r = Run.of("sweep", "--epochs", "2", "--hidden", "8", "--limit", "320", "--lrs", "none", "--batch-sizes",
                "64", "--plateau", "--clip-norm", "1", "--early-stop", "0", "--label-smoothing", "0.1", "-o",
                out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertNotEquals(-1, r.out().indexOf("batch 64"), r.out());
    }

    @Test
    void badOptionValuesAreOneLineWithExitTwo() {
        Path out = tmp.resolve("never");
        for (String[] args : List.of(
                new String[] {"train", "--schedule", "onecycle:0.1:2"},
                new String[] {"train", "--schedule", "warmup:30+cosine", "--epochs", "3"},
                new String[] {"train", "--plateau", "0.5:2", "--schedule", "cosine"},
                new String[] {"train", "--plateau", "2"},
                new String[] {"train", "--early-stop", "soon"},
                new String[] {"train", "--clip-norm", "-1"},
                new String[] {"train", "--label-smoothing", "2"},
                new String[] {"train", "--class-weights", "1,2"},
                new String[] {"sweep", "--schedule", "cyclic:1:2"},
                new String[] {"sweep", "--schedule", "onecycle:0.1", "--lrs", "0.1,1"},
                new String[] {"compare", "--early-stop", "-2"})) {
            Run.assertBadInput(out, Run.append(args, "-o", out.toString()));
        }
        Run both = Run.of("train", "--batch-norm", "--layer-norm", "-o", out.toString());
        assertEquals("descent: --batch-norm and --layer-norm both given: choose one", both.err().strip());
        Run r = Run.of("train", "--plateau", "0.5:2", "--schedule", "cosine", "-o", out.toString());
        assertEquals("descent: --plateau and --schedule cosine both set the learning rate (the schedule would "
                + "overwrite the cuts); use one of them", r.err().strip());
    }
}
