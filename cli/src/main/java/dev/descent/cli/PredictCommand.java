package dev.descent.cli;

import dev.descent.cli.experiment.Results;
import dev.descent.cli.saved.Predictions;
import dev.descent.cli.saved.SavedRun;
import dev.descent.nn.io.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code descent predict}: a trained run's class probabilities for new examples. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify the rows of a CSV file with a trained run: predicted class and class probabilities "
                + "(Keras's model.predict).",
                "",
                "Rebuilds the network from RUN (the directory 'descent train' wrote, or its model.safetensors), "
                        + "standardizes each row of --input with the statistics the run was trained with, and writes "
                        + "one CSV row per input row: the predicted class (its name when the data had names), its "
                        + "probability and every class's probability (the softmax of the logits), in evaluation mode "
                        + "(dropout off, batch normalization on its running statistics).",
                "",
                "The input is a CSV file of numbers, with or without a header. Whether it has a label column is "
                        + "decided by its column count: as many columns as the model has features means features "
                        + "only; one more means the last column is the label (a class index), which is copied to the "
                        + "output (and, with -o, scored). Any other count is an error."},
        footer = {"", "Examples:",
                "  descent predict descent-out/train-20261124-174600 --input new-digits.csv",
                "  descent predict RUN --input rows.csv -o predictions.csv"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SavedRunOptions saved;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE.csv", required = true,
            description = "The examples: one row each, the model's feature count of columns, optionally followed by "
                    + "the label.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the predictions here; the file must not exist yet (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (out != null) {
            checkWritable(out);
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new BadInputException("cannot read the input file " + input);
        }
        SavedRun run = saved.load();
        Predictions p = Predictions.of(run, input);
        String csv = p.toCsv();
        if (out == null) {
            stdout.print(csv);
            stdout.flush();
            return 0;
        }
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(out, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
        stdout.printf(Locale.ROOT, "Predicted the %d rows of %s with %s into %s%n", p.rows(), input,
                run.modelFile(), out);
        if (p.labelled()) {
            stdout.printf(Locale.ROOT, "Accuracy on their labels: %s (%d of %d)%n", Results.pct(p.accuracy()),
                    p.correct(), p.rows());
        }
        stdout.flush();
        return 0;
    }

    /** Refused before any work: an existing file (never overwritten) or a directory that is not there. */
    private static void checkWritable(Path file) {
        if (Files.exists(file)) {
            throw new BadInputException("output file already exists: " + file + " (choose another with -o, or "
                    + "remove it)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException("cannot write " + file + ": no directory " + parent);
        }
    }
}
