package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code descent} command: the lecture on training, runnable.
 *
 * <p>Each subcommand is one experiment a course on training shows: {@code train} fits one model ({@code evaluate}
 * and {@code predict} use it again, {@code lr-find} runs the learning-rate range test on it first), {@code compare}
 * runs the lecture's comparisons into an HTML report, {@code trajectories} draws and animates optimizers on 2-D
 * surfaces, {@code sweep} varies the learning rate and the minibatch size, {@code gradcheck} checks every gradient.
 *
 * <p>Exit status: 0 on success, 2 on bad input (an unknown option or name, an invalid number, an unreadable path —
 * always one line on stderr, never a stack trace), 1 on an unexpected failure.
 */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Descent: gradient descent and its optimizers, runnable.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TrainCommand.class,
                LrFindCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                CompareCommand.class,
                TrajectoriesCommand.class,
                SweepCommand.class,
                GradcheckCommand.class,
        })
public final class Descent implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit status (what tests call). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    /** The configured command line: streams, exit codes and the one-line error handlers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Descent());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Errors::onBadArguments);
        cl.setExecutionExceptionHandler(Errors::onFailure);
        return cl;
    }

    @Override
    public void run() {
        // `descent` alone: show what it can do.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
