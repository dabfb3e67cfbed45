package dev.descent.cli.chart;

import org.knowm.xchart.BitmapEncoder;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The animation the lecture shows: every optimizer's path growing step by step on the surface's contours.
 *
 * <p>Frames sample the steps evenly (at most {@code maxFrames}), so a 300-step run becomes a few seconds of GIF;
 * the last frame shows the whole paths and is held longer.
 */
public final class TrajectoryAnimation {

    private TrajectoryAnimation() {
    }

    /** Renders and writes the GIF. */
    public static void write(ContourChart chart, List<Trajectory> paths, int maxFrames, OutputStream out) {
        AnimatedGif.write(frames(chart, paths, maxFrames), 80, 2000, out);
    }

    /** The frames: frame k shows each path up to step ⌈k·steps / (frames − 1)⌉. */
    public static List<BufferedImage> frames(ContourChart chart, List<Trajectory> paths, int maxFrames) {
        int longest = paths.stream().mapToInt(Trajectory::length).max().orElse(1);
        int steps = longest - 1;
        int count = Math.max(1, Math.min(maxFrames, steps + 1));
        List<BufferedImage> frames = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int step = count == 1 ? steps : (int) Math.ceil((double) k * steps / (count - 1));
            frames.add(BitmapEncoder.getBufferedImage(chart.render(paths, step + 1, "step " + step)));
        }
        return frames;
    }
}
