package dev.descent.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void drawsKerasStyleLinesInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long[] now = {0};
        ProgressBar bar = new ProgressBar(out, 10, () -> now[0]);
        now[0] = 2_000_000_000L;
        bar.update(4, 0.61234, 0.75);
        now[0] += 50_000_000L;
        bar.update(5, 0.6, 0.76); // too soon after the last redraw: skipped
        now[0] = 5_000_000_000L;
        bar.finish(new EpochLogs(0).put("loss", 0.5).put("accuracy", 0.8).put("seconds", 5));
        String[] frames = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertEquals(3, frames.length, bytes.toString(StandardCharsets.UTF_8));
        assertEquals(" 4/10 [===========>..................] - ETA: 3s - loss: 0.6123 - accuracy: 0.7500",
                frames[1]);
        assertEquals("10/10 [==============================] - 5s 500ms/step - loss: 0.5000 - accuracy: 0.8000",
                frames[2].strip());
    }

    @Test
    void durationsReadLikeKeras() {
        assertEquals("4s", ProgressBar.duration(3.6));
        assertEquals("2:05", ProgressBar.duration(125));
        assertEquals("1:00:01", ProgressBar.duration(3601));
    }

    @Test
    void historyCollectsMetricsByName() {
        History h = new History();
        h.add(new EpochLogs(0).put("loss", 1.0).put("val_loss", 2.0));
        h.add(new EpochLogs(1).put("loss", 0.5));
        assertEquals(2, h.size());
        assertEquals(java.util.List.of("loss", "val_loss"), h.metricNames());
        assertEquals(0.5, h.metric("loss")[1]);
        assertTrue(Double.isNaN(h.metric("val_loss")[1]));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> h.metric("acc"));
        assertEquals("no metric 'acc' in the history; recorded: [loss, val_loss]", e.getMessage());
        assertEquals("loss: 0.5000", h.last().format());
    }
}
