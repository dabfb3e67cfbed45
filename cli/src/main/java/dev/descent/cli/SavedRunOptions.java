package dev.descent.cli;

import dev.descent.cli.saved.SavedRun;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** Which trained run, with which weights, on how many threads: shared by {@code evaluate} and {@code predict}. */
public final class SavedRunOptions {

    @Parameters(index = "0", paramLabel = "RUN",
            description = "The run's directory (with model.safetensors and preprocessing.safetensors), or its model "
                    + "file.")
    Path run;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Use these weights instead of the run's: a safetensors file of the same network's "
                    + "state_dict (a checkpoint, or the model fine-tuned in PyTorch).")
    Path weights;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the processors).")
    Integer threads;

    /** Sets the threads and loads the run. */
    SavedRun load() throws IOException {
        Args.threads(threads);
        return SavedRun.load(run, weights);
    }

    /** The --weights given, or null. */
    Path weights() {
        return weights;
    }
}
