package dev.descent.cli;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.io.OutputDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a command writes and in which picture format: mixed into every command that writes files. */
public final class OutputOptions {

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output directory; must not exist yet (default: descent-out/<command>-<date>-<time>).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "png",
            description = "Chart files to write: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ChartFiles.Format format = ChartFiles.Format.PNG;

    /** Starts the output directory (written under a temporary name until {@link OutputDirectory#commit()}). */
    public OutputDirectory open(String command) {
        return OutputDirectory.create(out != null ? out : OutputDirectory.defaultFor(command));
    }

    public ChartFiles.Format format() {
        return format;
    }
}
