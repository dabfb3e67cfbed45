package dev.descent.cli;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Regimen;
import dev.descent.cli.experiment.ResultCharts;
import dev.descent.cli.experiment.Results;
import dev.descent.cli.experiment.RunResult;
import dev.descent.cli.experiment.RunSpec;
import dev.descent.cli.experiment.ScheduleSpec;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.saved.RunRecord;
import dev.descent.cli.saved.SavedRun;
import dev.descent.train.metrics.ConfusionMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code descent train}: one model, one optimizer, one dataset; history, weights and charts. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one network and write its history (CSV, per epoch), the learning rate and momentum of "
                + "every step (CSV), its weights (safetensors), the test set's classification report and confusion "
                + "matrix, and loss, accuracy and learning-rate charts into an output directory, named at the end.",
                "",
                "model.safetensors holds the network's state_dict and, as metadata (descent.spec), what rebuilds the "
                        + "network; preprocessing.safetensors the standardization of its inputs. 'descent evaluate' "
                        + "and 'descent predict' use the directory again."},
        footer = {"", "Examples:", "  descent train",
                "  descent train --hidden 128,64 --dropout 0.3 --batch-norm -O adam --lr 0.001 --epochs 30",
                "  descent train -O momentum --lr 0.1 --schedule step-drop:0.5:10 --epochs 40",
                "  descent train -O sgd --momentum 0.9 --schedule onecycle:0.2 --clip-norm 1",
                "  descent train -O adamw --schedule warmup:1+cosine --label-smoothing 0.1",
                "  descent train --plateau 0.5:2 --early-stop 5 --epochs 50",
                "  descent train --data fashion-mnist --epochs 5 --batch-size 128 --threads 2"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainingOptions training;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    RegimenOptions regimen;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelSpec model = training.model();
        OptimizerKind kind = optimizer.kind();
        int epochs = training.epochs(20);
        Regimen steering = optimizer.regimen(regimen.regimen());
        RunSpec run = new RunSpec(kind.cliName(), model, kind, optimizer.lr(), optimizer.hyper(),
                optimizer.schedule(), steering, epochs, training.batchSize(), training.seed());
        DataSpec.Data data = training.load();
        out.println(data.describe());
        ScheduleSpec schedule = run.schedule();
        out.printf(Locale.ROOT, "model %s; %s %s, schedule %s%s; %d epochs, batch size %d, seed %d%n",
                model.describe(), kind.cliName(), schedule.ownRate() ? "with the schedule's rate"
                        : "lr " + Args.number(run.lr()), schedule, schedule.perIteration() ? " (per minibatch)" : "",
                epochs, training.batchSize(), training.seed());
        if (!steering.describe().isEmpty()) {
            out.println(steering.describe());
        }
        out.flush();
        try (OutputDirectory dir = output.open("train")) {
            RunResult r = Experiment.run(run, data, progressStream());
            out.println();
            if (r.history().stopReason() != null) {
                out.println("Stopped after epoch " + r.history().size() + " of " + epochs + ": "
                        + r.history().stopReason());
            }
            if (r.restored() > 0) {
                out.println("Restored the weights of epoch " + r.restored() + " (lowest val_loss); the test "
                        + "metrics and model.safetensors are theirs");
            }
            Results.print(out, Results.table(List.of(r)));
            ConfusionMatrix confusion = r.testConfusion();
            String[] classNames = data.classNames();
            if (confusion != null) {
                String report = ClassificationSummary.print(out, "Test set:", confusion, classNames);
                Files.writeString(dir.file("classification-report.txt"), report + "\n"
                        + confusion.matrixTable(classNames));
                Files.writeString(dir.file("confusion-matrix.csv"), confusion.toCsv(classNames));
            }
            Files.writeString(dir.file("history.csv"), Results.historyCsv("train", List.of(r), true));
            Files.writeString(dir.file("steps.csv"), r.steps().toCsv());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("descent.model", model.describe());
            meta.put("descent.optimizer", kind.cliName() + " lr " + run.lr());
            meta.put("descent.schedule", run.schedule().text());
            steering.settings().forEach((k, v) -> meta.put("descent." + k, v));
            meta.put("descent.data", data.label());
            meta.put("descent.test_loss", Double.toString(r.testLoss()));
            meta.put("descent.test_accuracy", Double.toString(r.testAcc()));
            meta.put("descent.command", Args.commandLine(spec));
            SavedRun.save(dir.file(SavedRun.MODEL_FILE), r.model(), RunRecord.of(model, data, steering),
                    data.scaler(), meta);
            ChartFiles.save(ResultCharts.trainVsValidation("Loss", List.of(r), false), dir.file("loss"),
                    output.format());
            ChartFiles.save(ResultCharts.trainVsValidation("Accuracy", List.of(r), true), dir.file("accuracy"),
                    output.format());
            ChartFiles.save(ResultCharts.stepRates(r), dir.file("learning-rate"), output.format());
            Path done = dir.commit();
            out.println();
            out.println("Wrote " + done + " (history.csv, steps.csv, model.safetensors, preprocessing.safetensors, "
                    + (confusion != null ? "classification-report.txt, confusion-matrix.csv, " : "")
                    + "loss, accuracy and learning-rate charts)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** The progress bar goes to the process's standard output (a terminal), not to a captured writer. */
    private PrintStream progressStream() {
        return System.out;
    }
}
