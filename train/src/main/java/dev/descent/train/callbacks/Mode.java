package dev.descent.train.callbacks;

import java.util.Locale;

/** Whether a monitored metric improves by going down (a loss) or up (an accuracy). */
public enum Mode {
    MIN, MAX,
    /** MAX for a metric whose name contains "acc" or "auc", MIN otherwise — Keras's rule. */
    AUTO;

    /** MIN or MAX for {@code metric}. */
    public Mode resolve(String metric) {
        if (this != AUTO) {
            return this;
        }
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("acc") || m.contains("auc") ? MAX : MIN;
    }
}
