package dev.descent.train.metrics;

/**
 * How per-class precision, recall and F1 are folded into one number, as scikit-learn's {@code average=} argument of
 * {@code precision_recall_fscore_support}. With K classes, per-class values m<sub>c</sub> and supports
 * s<sub>c</sub> (examples whose actual class is c, n = Σ s<sub>c</sub>):
 */
public enum Average {
    /** The unweighted mean over all K classes: (1/K) Σ<sub>c</sub> m<sub>c</sub>; every class counts the same. */
    MACRO,
    /** The mean weighted by support: Σ<sub>c</sub> s<sub>c</sub>·m<sub>c</sub> / n; frequent classes count more. */
    WEIGHTED,
    /**
     * The metric of the pooled counts: P = Σ TP<sub>c</sub> / Σ (TP<sub>c</sub> + FP<sub>c</sub>), R = Σ
     * TP<sub>c</sub> / Σ (TP<sub>c</sub> + FN<sub>c</sub>), F1 = 2PR / (P + R). For single-label data every error is
     * one false positive and one false negative, so all three equal the accuracy.
     */
    MICRO
}
