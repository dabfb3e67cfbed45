package dev.descent.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens an HTML file in headless Chromium (Debian's {@code chromium}) and reports what the browser rendered: the
 * natural width of every {@code <img>} once the page has loaded (0 for an image that failed to decode).
 *
 * <p>A small script, added to a copy of the page, writes the widths into the DOM; {@code --dump-dom} prints the DOM
 * after the load event. Chromium runs with no network services, no sandbox (tests may run as root) and a fresh
 * profile directory, which is deleted afterwards.
 */
public final class HeadlessChromium {

    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var widths = Array.prototype.map.call(document.images, function (img) {
                return img.complete ? img.naturalWidth : -1;
              });
              document.body.setAttribute('data-image-widths', widths.join(','));
            });
            </script>
            """;
    private static final Pattern WIDTHS = Pattern.compile("data-image-widths=\"([-0-9,]*)\"");

    private HeadlessChromium() {
    }

    /** The browser, if installed: $CHROMIUM, else /usr/bin/chromium. */
    public static Optional<Path> binary() {
        String env = System.getenv("CHROMIUM");
        Path p = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** The natural width of each image in {@code html}, in document order, as Chromium rendered it. */
    public static int[] imageWidths(Path html) throws IOException, InterruptedException {
        Path chromium = binary().orElseThrow(() -> new IllegalStateException("chromium is not installed"));
        Path work = Files.createTempDirectory("descent-chromium-");
        try {
            String page = Files.readString(html, StandardCharsets.UTF_8);
            int end = page.lastIndexOf("</body>");
            if (end < 0) {
                throw new IllegalArgumentException(html + " has no </body>");
            }
            Path probe = work.resolve("page.html");
            Files.writeString(probe, page.substring(0, end) + PROBE + page.substring(end), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + work.resolve("profile"), "--virtual-time-budget=10000", "--dump-dom",
                    probe.toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(work.resolve("stderr.txt").toFile()).start();
            byte[] dom = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in 90 s");
            }
            String text = new String(dom, StandardCharsets.UTF_8);
            Matcher m = WIDTHS.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("chromium exited " + p.exitValue() + " without the probe's result; "
                        + "stderr: " + Files.readString(work.resolve("stderr.txt")).strip());
            }
            return m.group(1).isEmpty() ? new int[0]
                    : Arrays.stream(m.group(1).split(",")).mapToInt(Integer::parseInt).toArray();
        } finally {
            delete(work);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
