package dev.descent.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Keras's progress bar for one epoch, redrawn in place with a carriage return:
 * <pre>
 *  120/469 [=======&gt;......................] - ETA: 2s - loss: 0.6132 - accuracy: 0.7841
 *  469/469 [==============================] - 3s 6ms/step - loss: 0.5123 - accuracy: 0.8201 - val_loss: …
 * </pre>
 * Redraws are at most ten a second, so printing never costs training time. Used only when the output is a terminal;
 * otherwise the trainer prints one plain line per epoch.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int total;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private boolean drawn;
    private int lastLength;

    /** A bar over {@code totalBatches} batches, timed by {@code nanoClock} (for example {@code System::nanoTime}). */
    public ProgressBar(PrintStream out, int totalBatches, LongSupplier nanoClock) {
        this.out = out;
        this.total = totalBatches;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Shows that {@code done} batches have finished, with the running loss and accuracy. */
    public void update(int done, double loss, double accuracy) {
        long now = clock.getAsLong();
        if (drawn && done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double elapsed = (now - start) / 1e9;
        double eta = done == 0 ? 0 : elapsed / done * (total - done);
        StringBuilder s = bar(done).append(" - ETA: ").append(duration(eta))
                .append(" - loss: ").append(EpochLogs.formatValue(EpochLogs.LOSS, loss));
        if (!Double.isNaN(accuracy)) {
            s.append(" - accuracy: ").append(EpochLogs.formatValue(EpochLogs.ACCURACY, accuracy));
        }
        draw(s.toString());
    }

    /** Replaces the bar by the epoch's final line and ends it. */
    public void finish(EpochLogs logs) {
        double elapsed = (clock.getAsLong() - start) / 1e9;
        StringBuilder s = bar(total).append(" - ").append(duration(elapsed)).append(' ')
                .append(Math.round(elapsed * 1000 / Math.max(total, 1))).append("ms/step");
        for (var e : logs.values().entrySet()) {
            if (!e.getKey().equals(EpochLogs.SECONDS)) {
                s.append(" - ").append(e.getKey()).append(": ").append(EpochLogs.formatValue(e.getKey(), e.getValue()));
            }
        }
        draw(s.toString());
        out.println();
        out.flush();
    }

    private StringBuilder bar(int done) {
        String count = Integer.toString(total);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%" + count.length() + "d/%s [", done, count));
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        for (int i = 0; i < WIDTH; i++) {
            s.append(i < filled - 1 || (i == filled - 1 && done == total) ? '=' : i == filled - 1 ? '>' : '.');
        }
        return s.append(']');
    }

    private void draw(String line) {
        // Pad over the previous line's tail, which a shorter line would leave visible.
        int pad = Math.max(0, lastLength - line.length());
        out.print('\r' + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    static String duration(double seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", (long) seconds / 3600, (long) seconds / 60 % 60,
                    (long) seconds % 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", (long) seconds / 60, (long) seconds % 60);
        }
        return Math.round(seconds) + "s";
    }
}
