package dev.descent.cli;

import dev.descent.cli.experiment.DataSource;
import dev.descent.cli.experiment.Results;
import dev.descent.cli.saved.RunEvaluation;
import dev.descent.cli.saved.RunRecord;
import dev.descent.cli.saved.SavedRun;
import dev.descent.train.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code descent evaluate}: a trained run's loss, accuracy and classification report on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a trained run on labelled data: loss, accuracy and classification report (Keras's "
                + "model.evaluate).",
                "",
                "Rebuilds the network from RUN (the directory 'descent train' wrote, or its model.safetensors), "
                        + "loads its weights, standardizes the data with the statistics the run was trained with "
                        + "(preprocessing.safetensors), and prints the loss, the accuracy and the classification "
                        + "report as 'descent train' prints its test set.",
                "",
                "By default the data is the run's own and the split its test split, cut again from the seed the run "
                        + "recorded: the figures are then those 'descent train' reported, to the bit."},
        footer = {"", "Examples:",
                "  descent evaluate descent-out/train-20261124-174600",
                "  descent evaluate RUN --split all",
                "  descent evaluate RUN --data more-digits.csv",
                "  descent evaluate RUN/model.safetensors --weights finetuned.safetensors"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SavedRunOptions saved;

    @Option(names = {"-d", "--data"}, paramLabel = "DATA",
            description = "digits, fashion-mnist, or a CSV file with the label in the last column (default: the data "
                    + "the run was trained on).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the Fashion-MNIST files are (default: where the run found them, or "
                    + "/usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "test: the test part of the data's split, seeded as the run's (on the run's own data, "
                    + "its test set); all: every example (default: test on the run's data, all on other data).")
    String split;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SavedRun run = saved.load();
        RunRecord record = run.record();
        DataSource source = source(record.data().source());
        boolean own = source.sameData(record.data().source());
        RunEvaluation.Split which = split != null ? RunEvaluation.Split.byName(split)
                : own ? RunEvaluation.Split.TEST : RunEvaluation.Split.ALL;
        out.println("Model: " + run.modelFile() + " (" + record.describe() + ")");
        String command = run.metadata().get("descent.command");
        if (command != null) {
            out.println("Trained by: " + command);
        }
        if (saved.weights() != null) {
            out.println("Weights: " + saved.weights());
        }
        if (own && record.data().sha256() != null && !record.data().sha256().equals(source.fingerprint())) {
            out.println("Note: " + source.path() + " has changed since the run (its SHA-256 differs), so its "
                    + "split is not the run's");
        }
        out.flush();
        RunEvaluation e = RunEvaluation.of(run, source, which);
        out.println("Data: " + e.data() + ", standardized with the run's statistics");
        out.println();
        Results.print(out, List.of(List.of("split", "examples", "loss", "accuracy"),
                List.of(which.toString(), Integer.toString(e.evaluation().examples()),
                        Results.f4(e.evaluation().loss()), Results.pct(e.evaluation().accuracy()))));
        ClassificationSummary.print(out, which == RunEvaluation.Split.TEST ? "Test set:" : "All examples:",
                e.confusion(), record.classNames());
        out.flush();
        return 0;
    }

    /** The data asked for, or the run's own (from where the run found it, unless --data-dir says otherwise). */
    private DataSource source(DataSource own) {
        if (data != null) {
            return DataSource.of(data, dataDir != null ? dataDir : own.kind() == DataSource.Kind.FASHION_MNIST
                    ? own.path() : Datasets.FASHION_MNIST_DIR);
        }
        try {
            return DataSource.of(own.cliName(), dataDir != null ? dataDir : own.path());
        } catch (BadInputException e) {
            throw new BadInputException("the run's own data: " + e.getMessage() + "; pass --data", e);
        }
    }
}
