package dev.descent.cli.report;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.chart.Curves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HtmlReportTest {

    @TempDir
    Path tmp;

    private static byte[] chart() {
        var c = Curves.chart("loss", "epoch", "loss");
        Curves.line(c, "train", new double[] {1, 2, 3}, new double[] {1, 0.5, 0.3}, 0);
        Curves.dashed(c, "validation", new double[] {1, 2, 3}, new double[] {1.1, 0.7, 0.6}, 0);
        return ChartFiles.png(c);
    }

    @Test
    void theReportIsSelfContained() {
        String html = new HtmlReport("A <test>").section("one").paragraph("a & b").chart(chart(), "loss", "loss.svg")
                .table(List.of(List.of("name", "loss"), List.of("sgd", "0.25"))).html();
        assertTrue(html.contains("<title>A &lt;test&gt;</title>"));
        assertTrue(html.contains("a &amp; b"));
        assertTrue(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"), "PNG embedded as a data URI");
        assertTrue(html.contains("<td class=\"num\">0.25</td>"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"//"),
                "no network reference");
    }

    @Test
    void chromiumRendersEveryChart() throws Exception {
        assumeTrue(HeadlessChromium.binary().isPresent(),
                "chromium is not installed (apt-get install chromium): skipping the browser check");
        Path file = tmp.resolve("report.html");
        new HtmlReport("charts").section("s").chart(chart(), "first", null).chart(chart(), "second", null)
                .image(new byte[] {1, 2, 3}, "image/png", "broken on purpose", null).write(file);
        int[] widths = HeadlessChromium.imageWidths(file);
        assertEquals(3, widths.length);
        assertArrayEquals(new int[] {Curves.WIDTH, Curves.WIDTH, 0}, widths, "the broken image must show as 0");
        assertTrue(Files.size(file) > 1000);
    }
}
