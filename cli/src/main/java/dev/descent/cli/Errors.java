package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * How the command reports failures: bad input is one line and exit status 2; anything else is a bug, reported with
 * its stack trace and exit status 1.
 */
final class Errors {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    private Errors() {
    }

    /** An unknown option, a missing value, a value of the wrong type: picocli's message and a hint. */
    static int onBadArguments(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("descent: " + oneLine(e.getMessage()) + " (see '" + commandPath(cl) + " --help')");
        err.flush();
        return BAD_INPUT;
    }

    /** A failure while running: bad input (exit 2, one line) or a bug (exit 1, with its stack trace). */
    static int onFailure(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (isBadInput(e)) {
            err.println("descent: " + oneLine(describe(e)));
            err.flush();
            return BAD_INPUT;
        }
        err.println("descent: unexpected failure, please report it with the command line you ran:");
        e.printStackTrace(err);
        err.flush();
        return FAILURE;
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof BadInputException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    private static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "cannot access: " + a.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String commandPath(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** Messages may span lines (picocli's "did you mean" lists); the contract is one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
