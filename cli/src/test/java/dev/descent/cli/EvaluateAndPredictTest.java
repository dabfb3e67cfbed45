package dev.descent.cli;

import dev.descent.autograd.NoGrad;
import dev.descent.cli.experiment.Activation;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Normalization;
import dev.descent.cli.experiment.Regimen;
import dev.descent.cli.experiment.RunResult;
import dev.descent.cli.experiment.RunSpec;
import dev.descent.cli.experiment.ScheduleSpec;
import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.saved.RunEvaluation;
import dev.descent.cli.saved.RunRecord;
import dev.descent.cli.saved.SavedRun;
import dev.descent.cli.saved.StandardizerFile;
import dev.descent.core.Parallel;
import dev.descent.core.Tensor;
import dev.descent.nn.io.SafeTensors;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code descent evaluate} and {@code descent predict} on runs that {@code descent train} wrote: the run's own test
 * figures again to the bit, the in-memory model's predictions, and a one-line error with exit status 2 for every
 * broken input.
 */
class EvaluateAndPredictTest {

    @TempDir
    static Path tmp;

    /** Every part of the loss on: dropout, batch norm, L2, label smoothing and balanced class weights. */
    private static Path run;
    private static Run trained;
    /** Another architecture on the same data. */
    private static Path other;

    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        trained = Run.of("train", "--epochs", "2", "--hidden", "16", "--dropout", "0.2", "--batch-norm", "--l2",
                "1e-4", "--label-smoothing", "0.1", "--class-weights", "balanced", "--seed", "3", "-o",
                run.toString());
        assertEquals(0, trained.exit(), trained.toString());
        other = tmp.resolve("other");
        Run o = Run.of("train", "--epochs", "1", "--hidden", "8", "--seed", "4", "-o", other.toString());
        assertEquals(0, o.exit(), o.toString());
    }

    @Test
    void evaluateGivesTheRunsTestFiguresToTheBit() throws Exception {
        SavedRun saved = SavedRun.load(run, null);
        Map<String, String> meta = saved.metadata();
        assertEquals("descent train --epochs 2 --hidden 16 --dropout 0.2 --batch-norm --l2 1e-4 --label-smoothing 0.1"
                + " --class-weights balanced --seed 3 -o " + run, meta.get("descent.command"));
        int threads = Parallel.threads();
        try {
            for (int t : new int[] {1, 3}) { // the thread count splits the work, never a sum: the same bits
                Parallel.setThreads(t);
                RunEvaluation e = RunEvaluation.of(saved, saved.record().data().source(), RunEvaluation.Split.TEST);
                assertEquals(Double.parseDouble(meta.get("descent.test_accuracy")), e.evaluation().accuracy());
                assertEquals(Double.parseDouble(meta.get("descent.test_loss")), e.evaluation().loss(),
                        "the loss with its smoothing, class weights and L2 penalty, as train measured it");
            }
        } finally {
            Parallel.setThreads(threads);
        }

        Run r = Run.of("evaluate", run.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(report(trained.out()), report(r.out()), "the same report, printed by the same code");
        assertTrue(Files.readString(run.resolve("classification-report.txt")).startsWith(report(trained.out())
                .substring("Test set:\n".length())));
        String[] summary = row(trained.out(), "run ");
        String[] table = row(r.out(), "split ");
        assertEquals(List.of("test", summary[5], summary[6]), List.of(table[0], table[2], table[3]),
                "split, test loss and test accuracy:\n" + trained.out() + "\n" + r.out());
        assertTrue(r.out().contains("Data: digits (built in, 1,797 8×8 images), the run's test split (seed 3)"),
                r.out());
        // The model file alone names the run as well as its directory.
        assertEquals(r.out().lines().skip(1).toList(),
                Run.of("evaluate", run.resolve("model.safetensors").toString()).out().lines().skip(1).toList());
    }

    @Test
    void evaluateOnEveryExampleAndOnAnotherFile() throws Exception {
        Run all = Run.of("evaluate", run.toString(), "--split", "all", "--threads", "1");
        assertEquals(0, all.exit(), all.toString());
        assertEquals("1797", row(all.out(), "split ")[1], all.out());
        assertTrue(all.out().contains("\nAll examples:\n"), all.out());

        Path csv = digitsCsv("first40.csv", 0, 40, true);
        Run r = Run.of("evaluate", run.toString(), "--data", csv.toString());
        assertEquals(0, r.exit(), r.toString());
        String[] table = row(r.out(), "split ");
        assertEquals(List.of("all", "40"), List.of(table[0], table[1]), "another file: all of it by default");
        Path predictions = tmp.resolve("first40-predictions.csv");
        Run p = Run.of("predict", run.toString(), "--input", csv.toString(), "-o", predictions.toString());
        assertEquals(0, p.exit(), p.toString());
        assertTrue(p.out().contains("Accuracy on their labels: " + table[3] + " ("), p.out() + "\n" + r.out());
    }

    @Test
    void aRunOnACsvFileFindsItAgainAndNoticesWhenItChanged() throws Exception {
        Path csv = digitsCsv("own.csv", 0, 300, true), csvRun = tmp.resolve("csv-run");
        Run t = Run.of("train", "--data", csv.toString(), "--epochs", "1", "--hidden", "8", "-o", csvRun.toString());
        assertEquals(0, t.exit(), t.toString());
        Run e = Run.of("evaluate", csvRun.toString());
        assertEquals(0, e.exit(), e.toString());
        assertTrue(e.out().contains("Data: own.csv, the run's test split (seed 1)") && !e.out().contains("Note:"),
                e.out());
        assertEquals(row(t.out(), "run ")[6], row(e.out(), "split ")[3]);

        digitsCsv("own.csv", 1, 301, true);
        e = Run.of("evaluate", csvRun.toString());
        assertEquals(0, e.exit(), e.toString());
        assertTrue(e.out().contains("Note: " + csv.toAbsolutePath() + " has changed since the run"), e.out());

        Files.delete(csv);
        assertBad("the run's own data: cannot read data file '" + csv.toAbsolutePath() + "'", "evaluate",
                csvRun.toString());
    }

    @Test
    void predictGivesTheClassesAndProbabilitiesOfTheModelInMemory() throws Exception {
        DataSpec.Data data = DataSpec.load("digits", Datasets.FASHION_MNIST_DIR, 0, 11);
        ModelSpec model = new ModelSpec(new int[] {12}, Activation.TANH, 0.3, Normalization.LAYER, 0, 0);
        RunResult result = Experiment.run(new RunSpec("p", model, OptimizerKind.ADAM, 0.01, Hyper.none(),
                ScheduleSpec.constant(), Regimen.none(), 2, 32, 11), data, null);
        Path dir = Files.createDirectories(tmp.resolve("in-memory"));
        SavedRun.save(dir.resolve(SavedRun.MODEL_FILE), result.model(), RunRecord.of(model, data, Regimen.none()),
                data.scaler(), Map.of());

        Dataset raw = Datasets.digits().rows(100, 130);
        Tensor logits;
        result.model().eval();
        try (NoGrad ignored = NoGrad.enter()) {
            logits = result.model().forward(data.scaler().transform(raw.features())).value();
        }
        int[] expected = logits.argmax(1);
        Tensor probabilities = logits.softmax(1);

        Run features = Run.of("predict", dir.toString(), "--input", digitsCsv("rows.csv", 100, 130, false).toString());
        assertEquals(0, features.exit(), features.toString());
        List<String> lines = features.out().lines().toList();
        assertEquals("predicted,probability,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", lines.get(0));
        assertEquals(1 + 30, lines.size());
        for (int i = 0; i < 30; i++) {
            String[] cells = lines.get(1 + i).split(",");
            assertEquals(Integer.toString(expected[i]), cells[0], "row " + i);
            assertEquals(probabilities.get(i, expected[i]), Float.parseFloat(cells[1]), "row " + i);
            for (int c = 0; c < 10; c++) {
                assertEquals(probabilities.get(i, c), Float.parseFloat(cells[2 + c]), "row " + i + " class " + c);
            }
        }

        Path out = tmp.resolve("labelled-predictions.csv");
        Run labelled = Run.of("predict", dir.toString(), "--input",
                digitsCsv("labelled.csv", 100, 130, true).toString(), "-o", out.toString());
        assertEquals(0, labelled.exit(), labelled.toString());
        List<String> written = Files.readAllLines(out);
        assertTrue(written.get(0).startsWith("label,predicted,probability,p_0,"), written.get(0));
        int correct = 0;
        for (int i = 0; i < 30; i++) {
            String[] cells = written.get(1 + i).split(",");
            assertEquals(Integer.toString(raw.labels()[i]), cells[0]);
            assertEquals(Integer.toString(expected[i]), cells[1]);
            correct += raw.labels()[i] == expected[i] ? 1 : 0;
        }
        assertTrue(labelled.out().contains("(" + correct + " of 30)"), labelled.out());
    }

    @Test
    void brokenRunsAreOneLineErrors() throws Exception {
        Path model = run.resolve(SavedRun.MODEL_FILE), preprocessing = run.resolve(StandardizerFile.FILE_NAME);
        assertBad("no such run directory or model file: ", "evaluate", tmp.resolve("nope").toString());
        assertBad("has no model.safetensors", "evaluate", Files.createDirectories(tmp.resolve("empty")).toString());

        Path truncated = runDir("truncated", Arrays.copyOf(Files.readAllBytes(model), 500), preprocessing);
        assertBad("truncated", "evaluate", truncated.toString());

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        SafeTensors.save(SafeTensors.load(model).tensors(), Map.of(), plain.resolve(SavedRun.MODEL_FILE));
        Files.copy(preprocessing, plain.resolve(StandardizerFile.FILE_NAME));
        assertBad("has no descent.spec metadata", "evaluate", plain.toString());

        Path edited = Files.createDirectories(tmp.resolve("edited"));
        SafeTensors.Contents c = SafeTensors.load(model);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put(RunRecord.METADATA_KEY, meta.get(RunRecord.METADATA_KEY).replace("\"batch\"", "\"group\""));
        SafeTensors.save(c.tensors(), c.dtypes(), meta, edited.resolve(SavedRun.MODEL_FILE));
        Files.copy(preprocessing, edited.resolve(StandardizerFile.FILE_NAME));
        assertBad("descent.spec: model.normalization must be none, batch or layer, got \"group\"", "predict",
                edited.toString(), "--input", digitsCsv("five.csv", 0, 5, false).toString());

        Path lone = runDir("lone", Files.readAllBytes(model), null);
        assertBad("preprocessing.safetensors is missing", "evaluate", lone.toString());
        Path mixed = runDir("mixed", Files.readAllBytes(model), other.resolve(StandardizerFile.FILE_NAME));
        assertBad("is not the preprocessing file model.safetensors was written with", "evaluate", mixed.toString());

        assertBad("not the weights of the network model.safetensors describes (64 inputs → 16 relu, dropout 0.2, "
                        + "batch norm, L2 1.0E-4 → 10 classes): shape of 0.weight is [8, 64] but the module's is "
                        + "[16, 64]",
                "evaluate", run.toString(), "--weights", other.resolve(SavedRun.MODEL_FILE).toString());
        assertBad("no such file", "evaluate", run.toString(), "--weights", tmp.resolve("nope.safetensors").toString());
        assertEquals(0, Run.of("evaluate", other.toString(), "--weights", other.resolve("model.safetensors")
                .toString()).exit(), "its own weights, named");
    }

    @Test
    void dataThatDoesNotFitIsAOneLineError() throws Exception {
        Path narrow = Files.writeString(tmp.resolve("narrow.csv"), "1,".repeat(63) + "0\n" + "2,".repeat(63) + "1\n");
        assertBad("narrow.csv has 63 features per example but the model takes 64", "evaluate", run.toString(),
                "--data", narrow.toString());
        Path shortRows = Files.writeString(tmp.resolve("short.csv"), "1,".repeat(62) + "0\n");
        assertBad("short.csv has 63 columns, but the model takes 64 features: give 64 columns of features, or 65 "
                + "with the label last", "predict", run.toString(), "--input", shortRows.toString());
        Path wide = Files.writeString(tmp.resolve("wide.csv"), "1,".repeat(65) + "0\n");
        assertBad("wide.csv has 66 columns, but the model takes 64", "predict", run.toString(), "--input",
                wide.toString());
        Path unknownClass = Files.writeString(tmp.resolve("class12.csv"), "1,".repeat(64) + "12\n");
        assertBad("label '12' is not a class index in [0, 10)", "evaluate", run.toString(), "--data",
                unknownClass.toString());
        assertBad("label of example 0 is 12.0, not a class index in [0, 10)", "predict", run.toString(), "--input",
                unknownClass.toString());
        Path text = Files.writeString(tmp.resolve("text.csv"), "1,".repeat(63) + "1\n" + "1,".repeat(63) + "x\n");
        assertBad("text.csv: line 2, column 64: 'x' is not a number", "predict", run.toString(), "--input",
                text.toString());
        assertBad("cannot read data file", "evaluate", run.toString(), "--data", tmp.resolve("no.csv").toString());
        assertBad("cannot read the input file", "predict", run.toString(), "--input", tmp.resolve("no.csv").toString());
        assertBad("--split must be test or all, got 'sideways'", "evaluate", run.toString(), "--split", "sideways");
        assertBad("Missing required option: '--input=FILE.csv'", "predict", run.toString());

        Path rows = digitsCsv("ten.csv", 0, 10, false);
        Path exists = Files.writeString(tmp.resolve("exists.csv"), "keep me");
        assertBad("output file already exists", "predict", run.toString(), "--input", rows.toString(), "-o",
                exists.toString());
        assertEquals("keep me", Files.readString(exists));
        Path nowhere = tmp.resolve("no-dir").resolve("p.csv");
        assertBad("no directory", "predict", run.toString(), "--input", rows.toString(), "-o", nowhere.toString());
        Path failed = tmp.resolve("failed.csv");
        assertBad("short.csv has 63 columns", "predict", run.toString(), "--input", shortRows.toString(), "-o",
                failed.toString());
        assertFalse(Files.exists(failed), "no file for a failed prediction");
    }

    /** Exit 2, one line on stderr containing {@code fragment}. */
    private static void assertBad(String fragment, String... args) {
        Run r = Run.of(args);
        String what = String.join(" ", args) + "\n" + r;
        assertEquals(2, r.exit(), what);
        assertTrue(r.oneLineError(), what);
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in\n" + what);
    }

    /** A directory with {@code modelBytes} as its model file and a copy of {@code preprocessing} (if not null). */
    private static Path runDir(String name, byte[] modelBytes, Path preprocessing) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.write(dir.resolve(SavedRun.MODEL_FILE), modelBytes);
        if (preprocessing != null) {
            Files.copy(preprocessing, dir.resolve(StandardizerFile.FILE_NAME));
        }
        return dir;
    }

    /** The built-in digits' rows {@code from..to-1} as CSV, raw pixel values, with or without the label last. */
    private static Path digitsCsv(String name, int from, int to, boolean label) throws IOException {
        Dataset d = Datasets.digits().rows(from, to);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.size(); i++) {
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < d.featureCount(); j++) {
                cells.add(Integer.toString((int) d.features().get(i, j)));
            }
            if (label) {
                cells.add(Integer.toString(d.labels()[i]));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return Files.writeString(tmp.resolve(name), sb);
    }

    /** The printed classification report: its title line through the weighted average. */
    private static String report(String out) {
        List<String> lines = out.lines().toList();
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("Test set:")) {
                from = i;
            }
            if (from >= 0 && lines.get(i).startsWith("weighted avg")) {
                return String.join("\n", lines.subList(from, i + 1)) + "\n";
            }
        }
        throw new AssertionError("no classification report in\n" + out);
    }

    /** The cells of the table row after the header starting with {@code header}. */
    private static String[] row(String out, String header) {
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith(header)) {
                return lines.get(i + 1).strip().split("\\s{2,}");
            }
        }
        throw new AssertionError("no table starting '" + header + "' in\n" + out);
    }
}
