package dev.descent.cli;

import dev.descent.cli.chart.Curves;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.Results;
import dev.descent.cli.experiment.RunResult;
import dev.descent.cli.experiment.RunSpec;
import dev.descent.cli.experiment.Section;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.optimizer.LearningRates;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.report.HtmlReport;
import dev.descent.train.EpochLogs;
import org.knowm.xchart.XYChart;
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
import java.util.function.ToDoubleFunction;

/** {@code descent sweep}: final accuracy and wall time against the learning rate and the minibatch size. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sweep the learning rate and the minibatch size: train once per setting and chart the final "
                + "validation accuracy and the wall time per setting (the lecture's \"training speed and accuracy "
                + "vs minibatch size\"). Writes report.html (opens offline) and the charts."},
        footer = {"", "Examples:", "  descent sweep",
                "  descent sweep -O adam --lrs 1e-4,3e-4,1e-3,3e-3,1e-2 --batch-sizes 16,64,256",
                "  descent sweep --batch-sizes none --lrs 0.01,0.1,1"})
final class SweepCommand implements Callable<Integer> {

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

    @Option(names = "--lrs", split = ",", paramLabel = "RATES",
            description = "Learning rates to try, or none (default: 0.001,0.003,0.01,0.03,0.1,0.3,1).")
    List<String> lrs = List.of("0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1");

    @Option(names = "--batch-sizes", split = ",", paramLabel = "SIZES",
            description = "Minibatch sizes to try, or none (default: 8,16,32,64,128,256).")
    List<String> batchSizes = List.of("8", "16", "32", "64", "128", "256");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OptimizerKind kind = optimizer.kind();
        int epochs = training.epochs(10);
        List<Double> rates = parse(lrs, "--lrs", false);
        List<Double> sizes = parse(batchSizes, "--batch-sizes", true);
        if (rates.isEmpty() && sizes.isEmpty()) {
            throw new BadInputException("nothing to sweep: both --lrs and --batch-sizes are none");
        }
        if (!rates.isEmpty() && optimizer.schedule().ownRate()) {
            throw new BadInputException("--schedule " + optimizer.schedule() + " sets the rate itself, so every "
                    + "--lrs run would be the same; sweep it with --lrs none");
        }
        RunSpec base = new RunSpec(kind.cliName(), training.model(), kind, optimizer.lr(), optimizer.hyper(),
                optimizer.schedule(), optimizer.regimen(regimen.regimen()), epochs, training.batchSize(),
                training.seed());
        DataSpec.Data data = training.load();
        out.println(data.describe());
        try (OutputDirectory dir = output.open("sweep")) {
            HtmlReport report = new HtmlReport("Descent: learning-rate and minibatch-size sweeps");
            report.paragraph(data.describe() + ". Model " + base.model().describe() + ", " + kind.cliName() + ", "
                    + epochs + " epochs, seed " + training.seed() + ".");
            StringBuilder csv = new StringBuilder();
            if (!rates.isEmpty()) {
                Section s = new Section("lr", "Learning rate", "Batch size " + base.batchSize() + "; one run per "
                        + "learning rate. Too small learns slowly, too large diverges.");
                for (double lr : rates) {
                    s.runs().add(run(out, base.withLr(lr).withLabel("lr " + Args.number(lr)), data));
                }
                finish(out, s, rates, "learning rate", true, report, dir, csv);
            }
            if (!sizes.isEmpty()) {
                Section s = new Section("batch", "Minibatch size", "Learning rate " + Args.number(base.lr())
                        + "; one run per minibatch size, same number of epochs. Small batches take more, noisier "
                        + "steps per epoch; large ones fewer, cheaper per example.");
                for (double b : sizes) {
                    s.runs().add(run(out, base.withBatchSize((int) b).withLabel("batch " + (int) b), data));
                }
                finish(out, s, sizes, "minibatch size", true, report, dir, csv);
            }
            report.code(Args.commandLine(spec));
            report.write(dir.file("report.html"));
            Files.writeString(dir.file("history.csv"), csv);
            Path done = dir.commit();
            out.println();
            out.println("Wrote " + done.resolve("report.html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private static RunResult run(PrintWriter out, RunSpec r, DataSpec.Data data) {
        RunResult result = Experiment.run(r, data, null);
        out.printf(Locale.ROOT, "  %-12s val acc %6.2f%%  %6.2f s%n", r.label(),
                100 * result.last(EpochLogs.VAL_ACCURACY), result.seconds());
        out.flush();
        return result;
    }

    private void finish(PrintWriter out, Section s, List<Double> x, String xTitle, boolean logX, HtmlReport report,
                        OutputDirectory dir, StringBuilder csv) {
        s.chart("accuracy", chart("Final validation accuracy vs " + xTitle, xTitle, "accuracy", x, logX,
                        s.runs(), r -> r.last(EpochLogs.VAL_ACCURACY)))
                .chart("time", chart("Wall time vs " + xTitle, xTitle, "seconds", x, logX, s.runs(),
                        RunResult::seconds));
        out.println();
        out.println(s.title());
        Results.print(out, Results.table(s.runs()));
        s.write(report, dir, output.format());
        csv.append(Results.historyCsv(s.key(), s.runs(), csv.length() == 0));
    }

    /** One marked line: a value of each run against the swept setting. */
    private static XYChart chart(String title, String xTitle, String yTitle, List<Double> x, boolean logX,
                                 List<RunResult> runs, ToDoubleFunction<RunResult> y) {
        XYChart chart = Curves.chart(title, xTitle, yTitle);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendVisible(false);
        Curves.marked(chart, yTitle, x.stream().mapToDouble(Double::doubleValue).toArray(),
                runs.stream().mapToDouble(y).toArray(), 0);
        return chart;
    }

    /** The values of a list option, each positive; "none" alone is the empty list. */
    private static List<Double> parse(List<String> values, String option, boolean whole) {
        List<Double> out = new ArrayList<>();
        if (values.size() == 1 && values.get(0).equalsIgnoreCase("none")) {
            return out;
        }
        for (String v : values) {
            double d = LearningRates.Numbers.positive(option, v);
            if (whole && d != Math.rint(d)) {
                throw new BadInputException(option + " values must be whole numbers, got " + v);
            }
            out.add(d);
        }
        return out;
    }
}
