package dev.descent.train.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * scikit-learn's {@code classification_report} layout, column for column:
 * <pre>
 *               precision    recall  f1-score   support
 *
 *            0       0.50      1.00      0.67         1
 *            1       0.00      0.00      0.00         1
 *            2       1.00      0.67      0.80         3
 *
 *     accuracy                           0.60         5
 *    macro avg       0.50      0.33      0.49         5
 * weighted avg       0.70      0.60      0.61         5
 * </pre>
 * The name column is as wide as the longest of the class names, "weighted avg" and {@code digits}; each number takes
 * 9 characters after a space. Numbers are rounded as Python formats them: the double's exact value, ties to even, so
 * the digits printed are those scikit-learn prints.
 */
final class ClassificationReport {
    private static final String[] HEADERS = {"precision", "recall", "f1-score", "support"};

    private ClassificationReport() {
    }

    static String format(ConfusionMatrix m, String[] classNames, int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be ≥ 0, got " + digits);
        }
        String[] names = ClassNames.of(m, classNames);
        int width = Math.max("weighted avg".length(), digits);
        for (String n : names) {
            width = Math.max(width, n.length());
        }
        StringBuilder s = new StringBuilder(pad("", width)).append(' ');
        for (String h : HEADERS) {
            s.append(' ').append(pad(h, 9));
        }
        s.append("\n\n");
        for (int c = 0; c < m.classes(); c++) {
            row(s, names[c], width, digits, m.precision(c), m.recall(c), m.f1(c), m.support(c));
        }
        s.append('\n');
        s.append(pad("accuracy", width)).append(' ').append(" ".repeat(2 * 10))
                .append(' ').append(pad(number(m.accuracy(), digits), 9))
                .append(' ').append(pad(Long.toString(m.total()), 9)).append('\n');
        for (Average a : new Average[] {Average.MACRO, Average.WEIGHTED}) {
            row(s, a == Average.MACRO ? "macro avg" : "weighted avg", width, digits, m.precision(a), m.recall(a),
                    m.f1(a), m.total());
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String name, int width, int digits, double p, double r, double f1,
                            long support) {
        s.append(pad(name, width)).append(' ');
        for (double v : new double[] {p, r, f1}) {
            s.append(' ').append(pad(number(v, digits), 9));
        }
        s.append(' ').append(pad(Long.toString(support), 9)).append('\n');
    }

    /** Python's {@code f"{v:.{digits}f}"}: the exact binary value rounded half to even. */
    static String number(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
