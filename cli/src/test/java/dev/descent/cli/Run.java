package dev.descent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code descent} in-process and keeps what it printed. */
record Run(int exit, String out, String err) {

    static Run of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Descent.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The error output is exactly one line starting with "descent:" — no stack trace. */
    boolean oneLineError() {
        String e = err.strip();
        return e.startsWith("descent: ") && !e.contains("\n") && !e.contains("\tat ") && !e.contains("Exception");
    }

    /** Asserts that {@code args} is bad input — exit 2, one line — and that {@code out} was not created. */
    static void assertBadInput(java.nio.file.Path out, String... args) {
        Run r = of(args);
        String what = String.join(" ", args) + "\n" + r;
        org.junit.jupiter.api.Assertions.assertEquals(2, r.exit(), what);
        org.junit.jupiter.api.Assertions.assertTrue(r.oneLineError(), what);
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(out), "output directory for " + what);
    }

    /** {@code a} followed by {@code more}. */
    static String[] append(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
