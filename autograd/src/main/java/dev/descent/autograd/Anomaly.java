package dev.descent.autograd;

import dev.descent.core.Tensor;

/**
 * Anomaly detection, as {@code torch.autograd.detect_anomaly}: while enabled, the first operation whose forward
 * result or backward gradient contains NaN or ±∞ — from inputs that contained none — throws an
 * {@link ArithmeticException} naming that operation, instead of letting the NaN travel on. Off by default (it reads
 * every value once more).
 */
public final class Anomaly {
    private static volatile boolean enabled;

    private Anomaly() {
    }

    /** Turns anomaly detection on or off for all threads. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Whether anomaly detection is on. */
    public static boolean isEnabled() {
        return enabled;
    }

    static void checkForward(String op, Tensor value, Variable... inputs) {
        if (!enabled) {
            return;
        }
        int bad = firstNonFinite(value);
        if (bad < 0) {
            return;
        }
        for (Variable in : inputs) {
            if (firstNonFinite(in.value()) >= 0) {
                return; // inherited, not made here
            }
        }
        throw new ArithmeticException("anomaly: forward of '" + op + "' produced " + value.getFlat(bad)
                + " at flat index " + bad + " of its " + value.shape() + " output from finite inputs");
    }

    static void checkBackward(String op, int input, Tensor grad, Tensor gradOut) {
        if (!enabled || firstNonFinite(gradOut) >= 0) {
            return;
        }
        int bad = firstNonFinite(grad);
        if (bad >= 0) {
            throw new ArithmeticException("anomaly: backward of '" + op + "' produced " + grad.getFlat(bad)
                    + " at flat index " + bad + " in the gradient of input " + input + " " + grad.shape() + " from a finite output gradient");
        }
    }

    private static int firstNonFinite(Tensor t) {
        float[] a = t.array();
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!Float.isFinite(a[t.offset() + i])) {
                return i;
            }
        }
        return -1;
    }
}
