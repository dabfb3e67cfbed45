package dev.descent.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/** What a fit prints: a progress bar per epoch on a terminal, one plain line per epoch otherwise, or nothing. */
final class Reporter {
    private final PrintStream out;
    private final int epochs;
    private final int batches;
    private final boolean bar;
    private final boolean lines;
    private ProgressBar current;

    Reporter(Trainer.Verbosity verbosity, PrintStream out, int epochs, int batches) {
        this.out = out;
        this.epochs = epochs;
        this.batches = batches;
        boolean terminal = verbosity == Trainer.Verbosity.AUTO && out == System.out && isTerminal();
        this.bar = verbosity == Trainer.Verbosity.PROGRESS_BAR || terminal;
        this.lines = !bar && verbosity != Trainer.Verbosity.SILENT;
    }

    /**
     * Whether standard output is an interactive terminal. {@code System.console()} is null when it is redirected;
     * from JDK 22 on it may exist anyway, and {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17–21: a console exists only for a terminal
        }
    }

    void epochBegin(int epoch) {
        if (bar) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
            current = new ProgressBar(out, batches, System::nanoTime);
        }
    }

    void batchEnd(int done, double loss, double accuracy) {
        if (current != null) {
            current.update(done, loss, accuracy);
        }
    }

    void epochEnd(EpochLogs logs) {
        if (current != null) {
            current.finish(logs);
            current = null;
        } else if (lines) {
            out.println("Epoch " + (logs.epoch() + 1) + "/" + epochs + " - " + logs.format());
            out.flush();
        }
    }
}
