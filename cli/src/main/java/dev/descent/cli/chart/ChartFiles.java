package dev.descent.cli.chart;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a chart as PNG and SVG side by side. */
public final class ChartFiles {

    /** Which files to write. */
    public enum Format { PNG, SVG, BOTH }

    private ChartFiles() {
    }

    /**
     * Writes {@code base.png} and/or {@code base.svg} (by {@code format}) and returns the PNG bytes (rendered even
     * when only SVG is written, so a report can embed them).
     */
    public static byte[] save(IChart chart, Path base, Format format) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            if (format != Format.SVG) {
                Files.write(sibling(base, ".png"), png);
            }
            if (format != Format.PNG) {
                try (OutputStream out = Files.newOutputStream(sibling(base, ".svg"))) {
                    VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                }
            }
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + base, e);
        }
    }

    /** PNG bytes only, for embedding. */
    public static byte[] png(IChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart", e);
        }
    }

    private static Path sibling(Path base, String ext) {
        return base.resolveSibling(base.getFileName() + ext);
    }
}
