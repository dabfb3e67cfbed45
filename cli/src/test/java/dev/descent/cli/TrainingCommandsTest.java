package dev.descent.cli;

import dev.descent.cli.experiment.Results;
import dev.descent.cli.report.HeadlessChromium;
import dev.descent.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** train, compare and sweep end to end on the built-in digits at a tiny budget. */
class TrainingCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void trainWritesHistoryWeightsAndCharts() throws Exception {
        Path out = tmp.resolve("train");
        Run r = Run.of("train", "--epochs", "3", "--hidden", "16", "--dropout", "0.2", "--batch-norm", "--l2",
                "1e-4", "-O", "adam", "--lr", "0.01", "--schedule", "step:2:0.5", "--seed", "3", "-o",
                out.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(1 + 3, history.size(), "header and one line per epoch");
        assertTrue(history.get(0).startsWith("group,run,epoch,loss,accuracy,val_loss,val_accuracy"));
        // The step schedule halves the rate after two epochs.
        assertTrue(history.get(3).endsWith(",0.005"), history.get(3));
        var weights = SafeTensors.load(out.resolve("model.safetensors")).tensors();
        assertTrue(weights.keySet().stream().anyMatch(k -> k.contains("running_mean")), weights.keySet().toString());
        assertEquals(64 * 16, weights.values().stream().mapToLong(t -> t.size()).filter(n -> n == 64 * 16).findFirst()
                .orElse(0));
        assertEquals(760, ImageIO.read(out.resolve("loss.png").toFile()).getWidth());
        assertTrue(Files.exists(out.resolve("accuracy.png")));
        assertTrue(r.out().contains("Wrote " + out.toAbsolutePath()), r.out());
    }

    /** The test set's classification report is printed after the summary and written with the confusion matrix. */
    @Test
    void trainReportsTheTestSetsClassificationReportAndConfusionMatrix() throws Exception {
        Path out = tmp.resolve("report");
        Run r = Run.of("train", "--epochs", "1", "--hidden", "16", "--seed", "5", "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("run ")).findFirst().orElseThrow());
        String[] summary = lines.get(header + 1).split("\\s{2,}");
        BigDecimal testAcc = new BigDecimal(summary[6].replace("%", "")).movePointLeft(2);
        String accuracyRow = lines.stream().filter(l -> l.strip().startsWith("accuracy ")).findFirst().orElseThrow();
        String[] accuracy = accuracyRow.strip().split("\\s+");
        assertEquals(0, testAcc.compareTo(new BigDecimal(accuracy[1])), summary[6] + " vs\n" + r.out());
        int report = lines.indexOf("Test set:");
        assertTrue(report > header, r.out());
        assertTrue(lines.get(report + 16).strip().startsWith("weighted avg "), "a title and 16 lines:\n" + r.out());

        String text = Files.readString(out.resolve("classification-report.txt"));
        assertTrue(text.contains(accuracyRow), text);
        assertTrue(text.contains("actual \\ predicted"), text);
        List<String> csv = Files.readAllLines(out.resolve("confusion-matrix.csv"));
        assertEquals("actual\\predicted,0,1,2,3,4,5,6,7,8,9", csv.get(0));
        assertEquals(1 + 10, csv.size());
        long total = csv.stream().skip(1).flatMap(l -> Arrays.stream(l.split(",")).skip(1))
                .mapToLong(Long::parseLong).sum();
        assertEquals(Long.parseLong(accuracy[2]), total, "every test example counted once");
    }

    @Test
    void trainsOnFashionMnistFromDebiansDirectory() throws Exception {
        assumeTrue(dev.descent.train.data.Datasets.hasFashionMnist(dev.descent.train.data.Datasets.FASHION_MNIST_DIR),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): skipping");
        Path out = tmp.resolve("fashion");
        Run r = Run.of("train", "--data", "fashion-mnist", "--limit", "1000", "--epochs", "1", "--hidden", "16",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("784 features, 10 classes"), r.out());
        assertEquals(2, Files.readAllLines(out.resolve("history.csv")).size());
        assertTrue(r.out().contains("\n  Ankle boot "), "the classes by name:\n" + r.out());
        assertTrue(Files.readAllLines(out.resolve("confusion-matrix.csv")).get(0)
                .startsWith("actual\\predicted,T-shirt/top,Trouser,"));

        // The run's own test set is Fashion-MNIST's, whatever --limit cut from the training images.
        Run e = Run.of("evaluate", out.toString());
        assertEquals(0, e.exit(), e.toString());
        String accuracy = Results.pct(Double.parseDouble(SafeTensors.load(out.resolve("model.safetensors"))
                .metadata().get("descent.test_accuracy")));
        assertTrue(e.out().lines().anyMatch(l -> l.matches("test +10000 +[0-9.]+ +" + accuracy.replace(".", "\\."))),
                accuracy + " in\n" + e.out());
    }

    @Test
    void theSameSeedGivesTheSameHistory() throws Exception {
        String[] args = {"train", "--epochs", "2", "--hidden", "8", "--dropout", "0.5", "--seed", "7", "-o"};
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, Run.of(Run.append(args, a.toString())).exit());
        assertEquals(0, Run.of(Run.append(args, b.toString())).exit());
        assertEquals(Files.readString(a.resolve("history.csv")), Files.readString(b.resolve("history.csv")));
    }

    @Test
    void compareWritesAReportEveryChartOfWhichRendersInChromium() throws Exception {
        Path out = tmp.resolve("cmp");
        Run r = Run.of("compare", "--epochs", "2", "--hidden", "16", "--overfit-hidden", "32",
                "--overfit-limit", "60", "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        String o = r.out();
        for (String run : List.of("fixed lr 0.1", "momentum + decay", "momentum + step drop", "sgd", "momentum",
                "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "plain", "dropout 0.5", "batch norm",
                "dropout + batch norm")) {
            assertTrue(o.contains("\n" + run + " "), run + " missing from the table:\n" + o);
        }
        assertTrue(o.contains("train loss  train acc  val loss  val acc  test loss  test acc  best epoch  seconds"),
                o);
        Path report = out.resolve("report.html");
        String html = Files.readString(report);
        assertEquals(7, html.split("<img ", -1).length - 1, "3 + 2 + 2 charts");
        assertFalse(html.contains("http://") || html.contains("https://"), "opens offline");
        assumeTrue(HeadlessChromium.binary().isPresent(),
                "chromium is not installed (apt-get install chromium): skipping the browser check");
        int[] widths = HeadlessChromium.imageWidths(report);
        assertEquals(7, widths.length);
        assertTrue(Arrays.stream(widths).allMatch(w -> w == 760), Arrays.toString(widths));
    }

    @Test
    void sweepChartsAccuracyAndTimePerSetting() throws Exception {
        Path out = tmp.resolve("sweep");
        Run r = Run.of("sweep", "--epochs", "1", "--hidden", "8", "--lrs", "0.01,0.1", "--batch-sizes", "32,128",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.toString());
        for (String f : List.of("lr-accuracy.png", "lr-time.png", "batch-accuracy.png", "batch-time.png",
                "report.html", "history.csv")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertTrue(r.out().contains("lr 0.01") && r.out().contains("batch 128"), r.out());
    }

    @Test
    void badInputIsOneLineWithExitTwoAndNoOutputDirectory() {
        Path out = tmp.resolve("never");
        Path missing = tmp.resolve("no-such.csv");
        List<String[]> bad = List.of(
                new String[] {"train", "-O", "adamax2"},
                new String[] {"train", "--schedule", "zigzag"},
                new String[] {"train", "--schedule", "step:zero"},
                new String[] {"train", "--data", missing.toString()},
                new String[] {"train", "--data", "fashion-mnist", "--data-dir", tmp.resolve("nope").toString()},
                new String[] {"train", "--epochs", "many"},
                new String[] {"train", "--epochs", "0"},
                new String[] {"train", "--lr", "-0.1"},
                new String[] {"train", "--dropout", "1.5"},
                new String[] {"train", "--hidden", "64,x"},
                new String[] {"train", "--activation", "swish"},
                new String[] {"train", "--threads", "0"},
                new String[] {"compare", "--sections", "everything"},
                new String[] {"sweep", "--lrs", "0.1,fast"},
                new String[] {"sweep", "--lrs", "none", "--batch-sizes", "none"});
        for (String[] args : bad) {
            Run.assertBadInput(out, Run.append(args, "-o", out.toString()));
        }
    }

    @Test
    void aMalformedCsvIsBadInput() throws Exception {
        Path csv = Files.writeString(tmp.resolve("bad.csv"), "1,2,0\n3,x,1\n");
        Run.assertBadInput(tmp.resolve("o"), "train", "--data", csv.toString(), "-o", tmp.resolve("o").toString());
    }
}
