package dev.descent.cli;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.chart.ContourChart;
import dev.descent.cli.chart.Trajectory;
import dev.descent.cli.chart.TrajectoryAnimation;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.LearningRates;
import dev.descent.cli.optimizer.OptimizerKind;
import dev.descent.cli.surface.Surface;
import dev.descent.cli.surface.Surfaces;
import dev.descent.cli.trajectory.PathRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code descent trajectories}: every optimizer's path on 2-D surfaces, as contour plots and animated GIFs.
 */
@Command(name = "trajectories", mixinStandardHelpOptions = true,
        description = {"Run optimizers on 2-D surfaces and draw their paths: a contour plot per surface with one "
                + "coloured path per optimizer, and an animated GIF of the paths growing step by step.",
                "Surfaces: rosenbrock (narrow curved valley), beale (plains and ridges), saddle (x^2 - y^2), "
                        + "cliff (a plateau ending in a cliff), two-minima (a local and a global minimum)."},
        footer = {"", "Examples:",
                "  descent trajectories",
                "  descent trajectories -s rosenbrock -O sgd,momentum,adam --lr adam=0.1 --format svg",
                "  descent trajectories -s saddle -O adam --steps 5 --trace"})
final class TrajectoriesCommand implements Callable<Integer> {

    static final String DEFAULT_OPTIMIZERS = "sgd,momentum,nesterov,adagrad,adadelta,rmsprop,adam";

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = {"-s", "--surface"}, split = ",", paramLabel = "NAME",
            description = "Surfaces to draw (default: all five).")
    List<String> surfaces;

    @Option(names = {"-O", "--optimizers"}, split = ",", paramLabel = "NAME", defaultValue = DEFAULT_OPTIMIZERS,
            description = "Optimizers to run (default: ${DEFAULT-VALUE}); also: adamw, adamax, nadam, radam.")
    List<String> optimizers;

    @Option(names = "--lr", paramLabel = "[NAME=]RATE",
            description = "Learning rate for every optimizer, or NAME=RATE for one (repeatable). Default: the "
                    + "surface's rate for SGD-like and for adaptive methods (a tenth of it for rmsprop); 1 for "
                    + "adadelta.")
    List<String> lr;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum of momentum and nesterov (default 0.9).")
    Double momentum;

    @Option(names = "--beta1", paramLabel = "B1", description = "β1 of the Adam family (default 0.9).")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "B2", description = "β2 of the Adam family (default 0.999).")
    Double beta2;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per optimizer (default: the surface's).")
    Integer steps;

    @Option(names = "--start", split = ",", paramLabel = "X,Y", description = "Start point (default: the surface's).")
    double[] start;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "40",
            description = "Frames of the animated GIF (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--no-gif", description = "Skip the animated GIFs.")
    boolean noGif;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "720x540",
            description = "Picture size in pixels (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--trace", description = "Print every step: the point, the gradient, the optimizer's state "
            + "(velocity, accumulators, moments) after the step, the update and the new value.")
    boolean trace;

    @Override
    public Integer call() {
        List<Surface> chosen = new ArrayList<>();
        for (String name : surfaces == null ? Surfaces.names() : surfaces) {
            chosen.add(Surfaces.byName(name));
        }
        List<OptimizerKind> kinds = new ArrayList<>();
        for (String name : optimizers) {
            kinds.add(OptimizerKind.byName(name));
        }
        LearningRates rates = LearningRates.parse(lr);
        Hyper hyper = new Hyper(momentum, beta1, beta2, null, null, null, null, null);
        int[] wh = Args.size(size);
        if (steps != null && (steps < 1 || steps > 100_000)) {
            throw new BadInputException("--steps must be between 1 and 100000, got " + steps);
        }
        if (frames < 1 || frames > 500) {
            throw new BadInputException("--frames must be between 1 and 500, got " + frames);
        }
        if (start != null && (start.length != 2 || !Double.isFinite(start[0]) || !Double.isFinite(start[1]))) {
            throw new BadInputException("--start needs two finite numbers X,Y");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OutputDirectory dir = output.open("trajectories")) {
            StringBuilder csv = new StringBuilder("surface,optimizer,lr,step,x,y,f\n");
            for (Surface s : chosen) {
                List<Trajectory> paths = new ArrayList<>();
                out.printf(Locale.ROOT, "%s: %s%n", s.name(), s.description());
                for (OptimizerKind k : kinds) {
                    double rate = rates.of(k).orElse(defaultRate(s, k));
                    Trajectory t = PathRun.run(s, k, rate, hyper, start != null ? start : s.start(),
                            steps != null ? steps : s.steps(), trace ? out : null);
                    paths.add(t);
                    int last = t.length() - 1;
                    out.printf(Locale.ROOT, "  %-9s lr %-8s %4d steps  end (%9.4f, %9.4f)  f %.6g%n", k.cliName(),
                            Args.number(rate), last, t.xs()[last], t.ys()[last], s.value(t.xs()[last], t.ys()[last]));
                    for (int i = 0; i <= last; i++) {
                        csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s%n", s.name(), k.cliName(),
                                Args.number(rate), i, t.xs()[i], t.ys()[i], s.value(t.xs()[i], t.ys()[i])));
                    }
                }
                ContourChart chart = new ContourChart(s, wh[0], wh[1]);
                ChartFiles.save(chart.render(paths), dir.file(s.name()), output.format());
                if (!noGif) {
                    try (OutputStream gif = Files.newOutputStream(dir.file(s.name() + ".gif"))) {
                        TrajectoryAnimation.write(chart, paths, frames, gif);
                    }
                }
            }
            Files.writeString(dir.file("trajectories.csv"), csv);
            Path done = dir.commit();
            out.println("Wrote " + done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private static double defaultRate(Surface s, OptimizerKind k) {
        return switch (k.family()) {
            case PLAIN -> s.sgdLearningRate();
            case ADAPTIVE -> s.adaptiveLearningRate();
            case RMS -> s.adaptiveLearningRate() / 10;
            case UNIT -> 1.0;
        };
    }
}
