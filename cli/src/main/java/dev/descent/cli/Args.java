package dev.descent.cli;

import dev.descent.core.Parallel;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;

/** Small parsers and formatters shared by the commands. */
final class Args {

    private Args() {
    }

    /** "720x540" → {720, 540}. */
    static int[] size(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].strip()), h = Integer.parseInt(parts[1].strip());
                if (w >= 100 && h >= 100 && w <= 4000 && h <= 4000) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadInputException("--size must be WIDTHxHEIGHT between 100x100 and 4000x4000, got '" + text + "'");
    }

    /** Sets the worker threads to {@code --threads}, if given. */
    static void threads(Integer threads) {
        if (threads != null) {
            if (threads < 1 || threads > 1024) {
                throw new BadInputException("--threads must be between 1 and 1024, got " + threads);
            }
            Parallel.setThreads(threads);
        }
    }

    /**
     * The command line that ran {@code command}, for the records a run writes: {@code descent} and the arguments as
     * given (the subcommand's name among them), each quoted for a POSIX shell where it needs it.
     */
    static String commandLine(CommandSpec command) {
        StringBuilder sb = new StringBuilder("descent");
        for (String a : command.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** A number as short as it reads: 0.001, 1e-05, 0.05. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
