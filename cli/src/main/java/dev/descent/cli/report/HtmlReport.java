package dev.descent.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML report: every chart is embedded as a {@code data:} URI, and the style sheet is inline, so
 * the file opens offline, copied anywhere, with no network request.
 */
public final class HtmlReport {

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A section heading. */
    public HtmlReport section(String heading) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Preformatted text (a command line, a table printed by the command). */
    public HtmlReport code(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** An image embedded as a data URI; {@code link}, if not null, is a file beside the report (e.g. the SVG). */
    public HtmlReport image(byte[] bytes, String mime, String alt, String link) {
        String src = "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
        body.append("<figure>");
        if (link != null) {
            body.append("<a href=\"").append(escape(link)).append("\">");
        }
        body.append("<img src=\"").append(src).append("\" alt=\"").append(escape(alt)).append("\">");
        if (link != null) {
            body.append("</a>");
        }
        body.append("<figcaption>").append(escape(alt)).append("</figcaption></figure>\n");
        return this;
    }

    /** A PNG chart embedded, linking to its SVG twin beside the report. */
    public HtmlReport chart(byte[] png, String alt, String svgFile) {
        return image(png, "image/png", alt, svgFile);
    }

    /** A table; the first row is the header. Cells that look numeric are right-aligned. */
    public HtmlReport table(List<List<String>> rows) {
        body.append("<table>\n");
        for (int r = 0; r < rows.size(); r++) {
            String cell = r == 0 ? "th" : "td";
            body.append("<tr>");
            for (String v : rows.get(r)) {
                boolean num = r > 0 && v.matches("[-+]?[0-9.,eE%]+");
                body.append('<').append(cell).append(num ? " class=\"num\"" : "").append('>').append(escape(v))
                        .append("</").append(cell).append('>');
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** The whole document. */
    public String html() {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px;
                       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
                h1 { font-size: 1.7em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
                figure { display: inline-block; margin: .5em 1em .5em 0; vertical-align: top; }
                figure img { max-width: 100%%; border: 1px solid #eee; }
                figcaption { font-size: .85em; color: #666; }
                table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
                th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: left; }
                th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
                pre { background: #f7f7f7; padding: .6em; overflow-x: auto; }
                </style>
                </head>
                <body>
                <h1>%s</h1>
                %s</body>
                </html>
                """.formatted(escape(title), escape(title), body);
    }

    /** Writes the report to {@code file} (UTF-8). */
    public void write(Path file) {
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
