package dev.descent.train.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassificationReportTest {
    static final ConfusionMatrix SKLEARN_DOC = new ConfusionMatrix(new int[] {0, 1, 2, 2, 2},
            new int[] {0, 0, 2, 2, 1}, 3);

    /** Character for character the output printed in scikit-learn's classification_report docstring. */
    @Test
    void scikitLearnsDocstringLayout() {
        String expected = """
                              precision    recall  f1-score   support

                     class 0       0.50      1.00      0.67         1
                     class 1       0.00      0.00      0.00         1
                     class 2       1.00      0.67      0.80         3

                    accuracy                           0.60         5
                   macro avg       0.50      0.56      0.49         5
                weighted avg       0.70      0.60      0.61         5
                """;
        assertEquals(expected, SKLEARN_DOC.report(new String[] {"class 0", "class 1", "class 2"}, 2));
    }

    @Test
    void defaultNamesAreTheClassIndices() {
        String[] lines = SKLEARN_DOC.toString().split("\n");
        assertEquals("           0       0.50      1.00      0.67         1", lines[2]);
        assertEquals(9, lines.length);
    }

    @Test
    void moreDigitsWidenNothingButTheDecimals() {
        String[] lines = SKLEARN_DOC.report(null, 4).split("\n");
        assertEquals("           2     1.0000    0.6667    0.8000         3", lines[4]);
        assertEquals("    accuracy                         0.6000         5", lines[6]);
    }

    /** Python rounds the double's exact value half to even: 0.125 → "0.12", 0.375 → "0.38", 2/3 → "0.67". */
    @Test
    void roundsAsPythonFormats() {
        assertEquals("0.12", ClassificationReport.number(0.125, 2));
        assertEquals("0.38", ClassificationReport.number(0.375, 2));
        assertEquals("0.67", ClassificationReport.number(2.0 / 3, 2));
        assertEquals("0.1", ClassificationReport.number(0.15, 1), "0.15 is stored as 0.1499999…");
        assertEquals("1", ClassificationReport.number(1.0, 0));
    }

    @Test
    void matrixTableRowsAreActualColumnsPredicted() {
        assertEquals("""
                actual \\ predicted  0  1  2
                                 0  1  0  0
                                 1  1  0  0
                                 2  0  1  2
                """, SKLEARN_DOC.matrixTable());
        assertEquals("""
                actual \\ predicted  cat  dog  mouse
                               cat    1    0      0
                               dog    1    0      0
                             mouse    0    1      2
                """, SKLEARN_DOC.matrixTable(new String[] {"cat", "dog", "mouse"}));
    }

    @Test
    void csvQuotesNamesThatNeedIt() {
        assertEquals("actual\\predicted,a,\"b,c\",d\na,1,0,0\n\"b,c\",1,0,0\nd,0,1,2\n",
                SKLEARN_DOC.toCsv(new String[] {"a", "b,c", "d"}));
    }
}
