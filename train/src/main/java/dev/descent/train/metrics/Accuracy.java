package dev.descent.train.metrics;

import dev.descent.core.Tensor;

/** Accuracy beyond the single best guess. */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * Keras's {@code top_k_categorical_accuracy} for integer labels: the fraction of examples whose actual class is
     * among the k highest of its scores,
     * <pre>
     *   (1/N) Σ<sub>i</sub> [ #{ j : scores[i, j] &gt; scores[i, y<sub>i</sub>] } &lt; k ].
     * </pre>
     * <b>Ties</b> count in the label's favour: a label whose score ties with others is in the top k when fewer than k
     * scores are <em>strictly</em> greater, whichever of the tied classes an arg-sort (or {@code torch.topk}) would
     * happen to pick. With k = 1 and no ties this is the plain accuracy; k = C gives 1.
     *
     * @param scores [N, C] scores (logits or probabilities: any increasing map gives the same answer)
     * @param labels N class indices in {@code [0, C)}
     * @param k      1 ≤ k ≤ C
     * @throws IllegalArgumentException for another shape, a label count ≠ N, a label out of range, k out of range, or
     *                                  a NaN score (no order would rank it)
     */
    public static double topK(Tensor scores, int[] labels, int k) {
        if (scores.rank() != 2 || scores.dim(0) == 0) {
            throw new IllegalArgumentException("topK: scores must be [N, C] with N ≥ 1, got " + scores.shape());
        }
        int n = scores.dim(0), c = scores.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("topK: " + labels.length + " labels for scores " + scores.shape());
        }
        if (k < 1 || k > c) {
            throw new IllegalArgumentException("topK: k must be in [1, " + c + "], got " + k);
        }
        long hits = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("topK: label of example " + i + " is " + labels[i]
                        + ", not a class in [0, " + c + ")");
            }
            float own = scores.get(i, labels[i]);
            int greater = 0;
            for (int j = 0; j < c; j++) {
                float s = scores.get(i, j);
                if (Float.isNaN(s)) {
                    throw new IllegalArgumentException("topK: score [" + i + ", " + j + "] is NaN");
                }
                if (s > own) {
                    greater++;
                }
            }
            if (greater < k) {
                hits++;
            }
        }
        return (double) hits / n;
    }
}
