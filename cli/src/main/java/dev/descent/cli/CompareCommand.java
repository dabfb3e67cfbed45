package dev.descent.cli;

import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Normalization;
import dev.descent.cli.experiment.Regimen;
import dev.descent.cli.experiment.ResultCharts;
import dev.descent.cli.experiment.Results;
import dev.descent.cli.experiment.RunResult;
import dev.descent.cli.experiment.RunSpec;
import dev.descent.cli.experiment.ScheduleSpec;
import dev.descent.cli.experiment.Section;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.report.HtmlReport;
import dev.descent.train.EpochLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code descent compare}: the lecture's experiments on one model and dataset, as an offline HTML report.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run the lecture's three experiments on one model and dataset into report.html (opens offline).",
                "  schedules       fixed learning rate vs momentum with time-based decay vs the step-drop schedule",
                "  optimizers      SGD, momentum, Nesterov, AdaGrad, AdaDelta, RMSprop, Adam and AdamW, same budget",
                "  regularization  without vs with dropout and batch normalization, on a model that overfits",
                "Prints a table per experiment: final train/validation/test loss and accuracy, best epoch, seconds."},
        footer = {"", "Examples:", "  descent compare",
                "  descent compare --sections optimizers --epochs 30 --hidden 128,64",
                "  descent compare --data fashion-mnist --limit 10000 --epochs 5"})
final class CompareCommand implements Callable<Integer> {

    /** The three experiments. */
    enum Experiments { SCHEDULES, OPTIMIZERS, REGULARIZATION }

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainingOptions training;

    @Mixin
    RegimenOptions regimen;

    @Option(names = "--sections", split = ",", paramLabel = "NAME",
            description = "Which experiments: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Experiments> sections = EnumSet.allOf(Experiments.class);

    @Option(names = "--overfit-limit", paramLabel = "N", defaultValue = "200",
            description = "Training examples for the regularization experiment, few enough for a wide model to "
                    + "overfit (default: ${DEFAULT-VALUE}).")
    int overfitLimit;

    @Option(names = "--overfit-hidden", split = ",", paramLabel = "SIZES",
            description = "Hidden sizes of the overfitting model (default: 256,256).")
    int[] overfitHidden = {256, 256};

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int epochs = training.epochs(20);
        ModelSpec model = training.model();
        if (overfitLimit < 10) {
            throw new BadInputException("--overfit-limit must be ≥ 10, got " + overfitLimit);
        }
        Regimen steering = regimen.regimen();
        DataSpec.Data data = training.load();
        out.println(data.describe());
        out.printf(Locale.ROOT, "model %s, %d epochs, batch size %d, seed %d%n", model.describe(), epochs,
                training.batchSize(), training.seed());
        if (!steering.describe().isEmpty()) {
            out.println("every run: " + steering.describe());
        }
        int total = (sections.contains(Experiments.SCHEDULES) ? 3 : 0)
                + (sections.contains(Experiments.OPTIMIZERS) ? 8 : 0)
                + (sections.contains(Experiments.REGULARIZATION) ? 4 : 0);
        Progress progress = new Progress(out, total);
        try (OutputDirectory dir = output.open("compare")) {
            HtmlReport report = new HtmlReport("Descent: comparing training methods");
            report.paragraph(data.describe() + ". Model " + model.describe() + ", " + epochs + " epochs, batch size "
                    + training.batchSize() + ", seed " + training.seed() + ". Every run starts from the same "
                    + "weights and sees the examples in the same order.");
            StringBuilder csv = new StringBuilder();
            List<Section> done = new ArrayList<>();
            if (sections.contains(Experiments.SCHEDULES)) {
                done.add(schedules(model, data, epochs, progress));
            }
            if (sections.contains(Experiments.OPTIMIZERS)) {
                done.add(optimizers(model, data, epochs, progress));
            }
            if (sections.contains(Experiments.REGULARIZATION)) {
                done.add(regularization(model, epochs, progress));
            }
            for (Section s : done) {
                out.println();
                out.println(s.title());
                Results.print(out, Results.table(s.runs()));
                s.write(report, dir, output.format());
                csv.append(Results.historyCsv(s.key(), s.runs(), csv.length() == 0));
            }
            report.code(Args.commandLine(spec));
            report.write(dir.file("report.html"));
            Files.writeString(dir.file("history.csv"), csv);
            Path committed = dir.commit();
            out.println();
            out.println("Wrote " + committed.resolve("report.html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private RunSpec base(ModelSpec model, OptimizerKind kind, int epochs) {
        return new RunSpec(kind.cliName(), model, kind, kind.trainingLr(), Hyper.none(), ScheduleSpec.constant(),
                regimen.regimen(), epochs, training.batchSize(), training.seed());
    }

    /** (1) The lecture's comparison slide: one learning rate, three ways of changing it. */
    private Section schedules(ModelSpec model, DataSpec.Data data, int epochs, Progress progress) {
        Section s = new Section("schedules", "1. Learning-rate schedules",
                "SGD at a fixed learning rate of 0.1; SGD with momentum 0.9 and time-based decay "
                        + "lr/(1 + decay·t), decay = lr/epochs per step; and SGD with momentum 0.9 and the step-drop "
                        + "schedule lr·0.5^⌊(1+epoch)/" + Math.max(1, epochs / 4) + "⌋ — the lecture's comparison.");
        RunSpec sgd = base(model, OptimizerKind.SGD, epochs);
        List<RunSpec> runs = List.of(
                sgd.withLabel("fixed lr 0.1"),
                sgd.withLabel("momentum + decay").with(OptimizerKind.MOMENTUM, 0.1,
                        Hyper.none().withDecay(0.1 / epochs), ScheduleSpec.constant()),
                sgd.withLabel("momentum + step drop").with(OptimizerKind.MOMENTUM, 0.1, Hyper.none(),
                        ScheduleSpec.parse("step-drop")));
        for (RunSpec r : runs) {
            s.runs().add(progress.run("schedules", r, data));
        }
        return s.chart("val-accuracy", ResultCharts.metric("Validation accuracy", s.runs(),
                        EpochLogs.VAL_ACCURACY, "accuracy", false))
                .chart("train-loss", ResultCharts.metric("Training loss", s.runs(), EpochLogs.LOSS, "loss", true))
                .chart("learning-rate", ResultCharts.metric("Learning rate at the start of each epoch", s.runs(),
                        EpochLogs.LEARNING_RATE, "learning rate", false));
    }

    /** (2) Every optimizer of the lecture on the same budget, each at its usual learning rate. */
    private Section optimizers(ModelSpec model, DataSpec.Data data, int epochs, Progress progress) {
        Section s = new Section("optimizers", "2. Optimizers on the same budget",
                "The same network, data order and epochs for each optimizer, each at its usual learning rate: "
                        + "SGD 0.1, momentum and Nesterov 0.05 (momentum 0.9), AdaGrad 0.05, AdaDelta 1, RMSprop, "
                        + "Adam and AdamW 0.001.");
        for (OptimizerKind k : List.of(OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.NESTEROV,
                OptimizerKind.ADAGRAD, OptimizerKind.ADADELTA, OptimizerKind.RMSPROP, OptimizerKind.ADAM,
                OptimizerKind.ADAMW)) {
            s.runs().add(progress.run("optimizers", base(model, k, epochs), data));
        }
        return s.chart("val-accuracy", ResultCharts.metric("Validation accuracy", s.runs(),
                        EpochLogs.VAL_ACCURACY, "accuracy", false))
                .chart("train-loss", ResultCharts.metric("Training loss", s.runs(), EpochLogs.LOSS, "loss", true));
    }

    /** (3) A model that overfits a small training set, without and with dropout and batch normalization. */
    private Section regularization(ModelSpec model, int epochs, Progress progress) {
        DataSpec.Data small = DataSpec.load(training.data, training.dataDir, overfitLimit, training.seed());
        ModelSpec wide = new ModelSpec(overfitHidden, model.activation(), 0, Normalization.NONE, 0, 0);
        Section s = new Section("regularization", "3. Dropout and batch normalization against overfitting",
                "A " + wide.describe() + " network trained on only " + small.train().size() + " examples with "
                        + "Adam (0.001) for " + 2 * epochs + " epochs: training loss keeps falling while validation "
                        + "loss turns up (solid: training, dashed: validation). Dropout 0.5 and batch normalization "
                        + "narrow the gap.");
        int longer = 2 * epochs;
        for (Object[] v : new Object[][] {{"plain", 0.0, Normalization.NONE}, {"dropout 0.5", 0.5, Normalization.NONE},
                {"batch norm", 0.0, Normalization.BATCH}, {"dropout + batch norm", 0.5, Normalization.BATCH}}) {
            RunSpec r = base(wide.with((double) v[1], (Normalization) v[2]), OptimizerKind.ADAM, longer)
                    .withLabel((String) v[0]);
            s.runs().add(progress.run("regularization", r, small));
        }
        return s.chart("loss", ResultCharts.trainVsValidation("Loss: training vs validation", s.runs(), false))
                .chart("accuracy", ResultCharts.trainVsValidation("Accuracy: training vs validation", s.runs(),
                        true));
    }

    /** One line per finished run, so a long comparison shows it is alive. */
    static final class Progress {
        private final PrintWriter out;
        private final int total;
        private int done;

        Progress(PrintWriter out, int total) {
            this.out = out;
            this.total = total;
        }

        RunResult run(String group, RunSpec r, DataSpec.Data data) {
            RunResult result = Experiment.run(r, data, null);
            done++;
            out.printf(Locale.ROOT, "[%2d/%d] %-15s %-22s val acc %6.2f%%  %5.1f s%n", done, total, group,
                    r.label(), 100 * result.last(EpochLogs.VAL_ACCURACY), result.seconds());
            out.flush();
            return result;
        }
    }
}
