package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescentTest {

    private static java.util.Set<String> subcommands() {
        var sink = new java.io.PrintWriter(new java.io.StringWriter());
        return Descent.commandLine(sink, sink).getSubcommands().keySet();
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        Run r = Run.of("--version");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s)descent \\d+\\.\\d+\\.\\d+.*Java .*"), r.out());
    }

    @Test
    void helpListsEverySubcommand() {
        Run r = Run.of("--help");
        assertEquals(0, r.exit(), r.toString());
        for (String sub : subcommands()) {
            assertTrue(r.out().contains(sub), sub + " missing from\n" + r.out());
        }
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : subcommands()) {
            Run r = Run.of(sub, "--help");
            assertEquals(0, r.exit(), sub + ": " + r);
            assertTrue(r.out().contains("Usage: descent " + sub), sub + ": " + r.out());
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        Run r = Run.of("--frobnicate");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.oneLineError(), r.toString());
        assertTrue(r.err().contains("--frobnicate"), r.err());
    }

    @Test
    void anUnknownSubcommandIsOneLineAndExitTwo() {
        Run r = Run.of("frobnicate");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.oneLineError(), r.toString());
    }
}
