package dev.descent.cli;

import dev.descent.train.metrics.ConfusionMatrix;

import java.io.PrintWriter;

/**
 * A labelled set's classification report as the commands print it: {@code descent train} for its test set,
 * {@code descent evaluate} for the set it is given — the same code, so the two can be compared line by line.
 */
final class ClassificationSummary {

    /** 4 digits, so that the report's accuracy row reads as the tables' accuracy (0.9472 beside 94.72%). */
    private static final int DIGITS = 4;

    private ClassificationSummary() {
    }

    /**
     * Prints a blank line, {@code title} and the report of {@code m} with {@code classNames} (null: "0", "1", …);
     * returns the report.
     */
    static String print(PrintWriter out, String title, ConfusionMatrix m, String[] classNames) {
        String report = m.report(classNames, DIGITS);
        out.println();
        out.println(title);
        out.print(report);
        return report;
    }
}
