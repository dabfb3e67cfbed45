package dev.descent.train.metrics;

/** A confusion matrix as text: an aligned table for people and CSV for programs, rows actual, columns predicted. */
final class MatrixTable {
    private MatrixTable() {
    }

    /**
     * <pre>
     * actual \ predicted  0  1  2
     *                  0  1  0  0
     *                  1  1  0  0
     *                  2  0  1  2
     * </pre>
     * Every column is as wide as its widest entry; the first holds the actual classes' names.
     */
    static String text(ConfusionMatrix m, String[] classNames) {
        String[] names = ClassNames.of(m, classNames);
        String corner = "actual \\ predicted";
        int first = corner.length();
        for (String n : names) {
            first = Math.max(first, n.length());
        }
        int[] width = new int[m.classes()];
        for (int p = 0; p < m.classes(); p++) {
            width[p] = names[p].length();
            for (int a = 0; a < m.classes(); a++) {
                width[p] = Math.max(width[p], Long.toString(m.count(a, p)).length());
            }
        }
        StringBuilder s = new StringBuilder(pad(corner, first));
        for (int p = 0; p < m.classes(); p++) {
            s.append("  ").append(pad(names[p], width[p]));
        }
        s.append('\n');
        for (int a = 0; a < m.classes(); a++) {
            s.append(pad(names[a], first));
            for (int p = 0; p < m.classes(); p++) {
                s.append("  ").append(pad(Long.toString(m.count(a, p)), width[p]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** {@code actual\predicted,<names…>}, then each actual class's name and counts; names quoted as RFC 4180 asks. */
    static String csv(ConfusionMatrix m, String[] classNames) {
        String[] names = ClassNames.of(m, classNames);
        StringBuilder s = new StringBuilder("actual\\predicted");
        for (String n : names) {
            s.append(',').append(quote(n));
        }
        s.append('\n');
        for (int a = 0; a < m.classes(); a++) {
            s.append(quote(names[a]));
            for (int p = 0; p < m.classes(); p++) {
                s.append(',').append(m.count(a, p));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
