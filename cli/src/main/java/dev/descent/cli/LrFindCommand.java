package dev.descent.cli;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.chart.LrFindChart;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.RunSpec;
import dev.descent.cli.experiment.ScheduleSpec;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.train.LrCurve;
import dev.descent.train.LrFinder;
import dev.descent.train.LrSuggestion;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code descent lr-find}: the learning-rate range test of the network {@code descent train} would train. */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = {"The learning-rate range test (Leslie Smith, 2017; fastai's lr_find): train the network "
                + "'descent train' would train for --steps minibatches while the learning rate grows exponentially "
                + "from --start-lr to --end-lr, and record the loss of every batch and its smoothed value (a "
                + "bias-corrected moving average, β = 0.98). The test stops early once the smoothed loss exceeds "
                + "--diverge times its lowest value.",
                "",
                "Prints fastai's two suggestions — steep, the rate where the smoothed loss falls fastest against "
                        + "log lr, and minimum/10, a tenth of the rate at its lowest — and writes lr-find.csv "
                        + "(step, lr, loss, smoothed_loss) and the lr-find chart (log lr axis, suggestions marked) "
                        + "into an output directory. Read the chart: a good rate sits on the steep fall, well before "
                        + "the minimum.",
                "",
                "Takes the model, data, optimizer and regularization options of 'descent train'; --lr, --epochs, "
                        + "--schedule, --plateau and --early-stop do not apply and are ignored."},
        footer = {"", "Examples:", "  descent lr-find",
                "  descent lr-find -O adam --hidden 128,64 --batch-norm",
                "  descent lr-find -O sgd --momentum 0.9 --start-lr 1e-5 --end-lr 1 --steps 200 --diverge 5",
                "  descent lr-find --data fashion-mnist --batch-size 128 --threads 2",
                "then, with a suggested rate:",
                "  descent train -O adam --hidden 128,64 --batch-norm --lr 0.003"})
final class LrFindCommand implements Callable<Integer> {

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

    @Option(names = "--start-lr", paramLabel = "RATE", defaultValue = "1e-7",
            description = "The first step's learning rate (default: ${DEFAULT-VALUE}).")
    double startLr;

    @Option(names = "--end-lr", paramLabel = "RATE", defaultValue = "10",
            description = "The last step's learning rate (default: ${DEFAULT-VALUE}).")
    double endLr;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Minibatches to train, cycling through the data as often as needed (default: "
                    + "${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--diverge", paramLabel = "FACTOR", defaultValue = "4",
            description = "Stop once the smoothed loss exceeds FACTOR times its lowest (default: ${DEFAULT-VALUE}; "
                    + "'Infinity' runs every step).")
    double diverge;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        checkRange();
        ModelSpec model = training.model();
        OptimizerKind kind = optimizer.kind();
        RunSpec run = new RunSpec(kind.cliName(), model, kind, startLr, optimizer.hyper(), ScheduleSpec.constant(),
                regimen.regimen(), 1, training.batchSize(), training.seed());
        DataSpec.Data data = training.load();
        LrFinder finder = new LrFinder(Experiment.trainer(run, data)).startLr(startLr).endLr(endLr).steps(steps)
                .divergeFactor(diverge);
        out.println(data.describe());
        out.printf(Locale.ROOT, "model %s; %s, batch size %d, seed %d; lr %s → %s over %d steps, stopping at %s × "
                        + "the lowest smoothed loss%n", model.describe(), kind.cliName(), training.batchSize(),
                training.seed(), Args.number(startLr), Args.number(endLr), steps, Args.number(diverge));
        String ignored = ignoredOptions();
        if (!ignored.isEmpty()) {
            out.println("Ignored (they do not apply to a range test): " + ignored);
        }
        out.flush();
        try (OutputDirectory dir = output.open("lr-find")) {
            LrCurve curve = finder.find(data.train());
            out.println();
            out.println(curve.stopReason() == null ? "Ran all " + steps + " steps."
                    : "Stopped after " + curve.size() + " of " + steps + " steps: " + curve.stopReason());
            out.println("Suggested learning rates:");
            for (LrSuggestion g : curve.suggestions()) {
                out.printf(Locale.ROOT, "  %-11s %s%n", g.method(), Double.isNaN(g.lr()) ? "none (too few points)"
                        : Args.number(g.lr()));
            }
            Files.writeString(dir.file("lr-find.csv"), curve.toCsv());
            ChartFiles.save(LrFindChart.of(curve), dir.file("lr-find"), output.format());
            Path done = dir.commit();
            out.println();
            out.println("Wrote " + done + " (lr-find.csv, lr-find chart)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** The range's options, named, before anything is loaded or written. */
    private void checkRange() {
        if (!(startLr > 0) || Double.isInfinite(startLr)) {
            throw new BadInputException("--start-lr must be a positive number, got " + startLr);
        }
        if (!(endLr > startLr) || Double.isInfinite(endLr)) {
            throw new BadInputException("--end-lr must be a finite number above --start-lr " + startLr + ", got "
                    + endLr);
        }
        if (steps < 2 || steps > 1_000_000) {
            throw new BadInputException("--steps must be between 2 and 1000000, got " + steps);
        }
        if (!(diverge > 1)) {
            throw new BadInputException("--diverge must be above 1 (or Infinity), got " + diverge);
        }
    }

    /** The options of {@code descent train} that were given but have no meaning here. */
    private String ignoredOptions() {
        List<String> names = new ArrayList<>();
        if (optimizer.lr != null) {
            names.add("--lr");
        }
        if (training.epochs != null) {
            names.add("--epochs");
        }
        if (!optimizer.schedule().isConstant()) {
            names.add("--schedule");
        }
        if (optimizer.plateau != null) {
            names.add("--plateau");
        }
        if (regimen.earlyStop != null) {
            names.add("--early-stop");
        }
        return String.join(", ", names);
    }
}
