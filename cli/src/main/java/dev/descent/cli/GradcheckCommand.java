package dev.descent.cli;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.cli.gradcheck.Case;
import dev.descent.cli.gradcheck.Catalog;
import dev.descent.core.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code descent gradcheck}: every differentiable operation's analytic gradient against central differences. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check every differentiable operation's gradient: autograd's backward against a central "
                + "difference (GradCheck), on random inputs kept away from kinks, and print the table.",
                "Exit status 0 when every operation passes, 1 when one fails."},
        footer = {"", "Examples:", "  descent gradcheck", "  descent gradcheck --op softmax --op matmul"})
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--op", paramLabel = "TEXT",
            description = "Only operations whose name contains TEXT (repeatable; case-insensitive).")
    List<String> only;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--step", defaultValue = "5e-3",
            description = "Relative finite-difference step h (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(names = "--atol", defaultValue = "1e-3", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--rtol", defaultValue = "1e-2", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol;

    @Override
    public Integer call() {
        GradCheck.Options options = new GradCheck.Options(step, atol, rtol, seed);
        List<Case> cases = Catalog.all().stream().filter(this::selected).toList();
        if (cases.isEmpty()) {
            throw new BadInputException("no operation matches --op " + String.join(", ", only));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "GradCheck: float32 central differences, h = %s·max(1, |x|), pass when "
                + "|analytic − numeric| ≤ %s + %s·|numeric|%n%n", step, atol, rtol);
        String format = "%-11s %-36s %-18s %11s %11s  %s%n";
        out.printf(Locale.ROOT, format, "group", "operation", "inputs", "max abs err", "max rel err", "result");
        int failed = 0;
        Rng rng = new Rng(seed);
        for (Case c : cases) {
            Variable[] inputs = c.inputs().apply(rng);
            GradCheck.Report report = GradCheck.check(options, c.f(), inputs);
            double abs = report.inputs().stream().mapToDouble(GradCheck.InputReport::maxAbsError).max().orElse(0);
            double rel = report.inputs().stream().mapToDouble(GradCheck.InputReport::maxRelError).max().orElse(0);
            failed += report.passed() ? 0 : 1;
            out.printf(Locale.ROOT, format, c.group(), c.name(), shapes(inputs), String.format(Locale.ROOT, "%.2e",
                    abs), String.format(Locale.ROOT, "%.2e", rel), report.passed() ? "pass" : "FAIL");
        }
        out.printf(Locale.ROOT, "%ngradcheck: %d of %d operations passed%n", cases.size() - failed, cases.size());
        return failed == 0 ? 0 : 1;
    }

    private boolean selected(Case c) {
        if (only == null || only.isEmpty()) {
            return true;
        }
        String name = (c.group() + " " + c.name()).toLowerCase(Locale.ROOT);
        return only.stream().anyMatch(o -> name.contains(o.toLowerCase(Locale.ROOT)));
    }

    private static String shapes(Variable[] inputs) {
        return Arrays.stream(inputs).map(v -> Arrays.toString(v.shape().dims()).replace(" ", ""))
                .collect(Collectors.joining(" "));
    }
}
