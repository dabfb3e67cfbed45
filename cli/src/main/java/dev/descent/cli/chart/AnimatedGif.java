package dev.descent.cli.chart;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an animated GIF with the JDK's ImageIO: one image per frame, a per-frame delay, and the NETSCAPE2.0
 * application extension that tells viewers to loop forever.
 *
 * <p>GIF stores at most 256 colours per frame. Rather than let ImageIO build a palette for every frame (slow, and
 * the colours flicker between frames), all frames share one palette: the 255 most frequent colours of the first,
 * middle and last frames — chart frames are mostly flat background, lines and text — and every other colour
 * (anti-aliased edges) maps to its nearest palette entry. The last entry is reserved for "unchanged".
 *
 * <p>Consecutive frames of an animation differ in a few places, so after the first, each frame is stored as the
 * smallest rectangle holding every changed pixel, drawn over the previous frame ("do not dispose"), with the
 * unchanged pixels inside it transparent: long runs of one index, which GIF's LZW compression packs tightly.
 */
public final class AnimatedGif {

    private AnimatedGif() {
    }

    /**
     * Writes {@code frames} (all the same size) to {@code out}, each shown {@code delayMillis} (GIF resolution:
     * 10 ms), the last one held {@code lastDelayMillis}, looping forever.
     */
    public static void write(List<BufferedImage> frames, int delayMillis, int lastDelayMillis, OutputStream out) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animated GIF needs at least one frame");
        }
        int w = frames.get(0).getWidth(), h = frames.get(0).getHeight();
        for (BufferedImage f : frames) {
            if (f.getWidth() != w || f.getHeight() != h) {
                throw new IllegalArgumentException("animated GIF frames must all be " + w + "×" + h + ", got "
                        + f.getWidth() + "×" + f.getHeight());
            }
        }
        IndexColorModel palette = palette(frames.get(0), frames.get(frames.size() / 2), frames.get(frames.size() - 1));
        int unchanged = palette.getMapSize() - 1;
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            byte[] previous = null;
            for (int i = 0; i < frames.size(); i++) {
                byte[] pixels = indexed(frames.get(i), palette);
                int[] box = previous == null ? new int[] {0, 0, w, h} : changed(previous, pixels, w, h);
                BufferedImage part = new BufferedImage(box[2], box[3], BufferedImage.TYPE_BYTE_INDEXED, palette);
                byte[] sub = new byte[box[2] * box[3]];
                for (int y = 0; y < box[3]; y++) {
                    for (int x = 0; x < box[2]; x++) {
                        int p = (box[1] + y) * w + box[0] + x;
                        sub[y * box[2] + x] = previous != null && previous[p] == pixels[p] ? (byte) unchanged
                                : pixels[p];
                    }
                }
                part.getRaster().setDataElements(0, 0, box[2], box[3], sub);
                int delay = i == frames.size() - 1 ? lastDelayMillis : delayMillis;
                IIOMetadata meta = frameMetadata(writer, part, box, delay, i == 0, previous != null ? unchanged : -1);
                writer.writeToSequence(new IIOImage(part, null, meta), writer.getDefaultWriteParam());
                previous = pixels;
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write animated GIF", e);
        } finally {
            writer.dispose();
        }
    }

    /** The rectangle {x, y, width, height} holding every pixel that differs (1×1 if none does). */
    private static int[] changed(byte[] a, byte[] b, int w, int h) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a[y * w + x] != b[y * w + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /** The most frequent colours of the given images (at most 255) and one spare entry, a power of two in all. */
    static IndexColorModel palette(BufferedImage... images) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (BufferedImage img : images) {
            int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            for (int c : rgb) {
                counts.merge(c & 0xffffff, 1, Integer::sum);
            }
        }
        List<Integer> colors = new ArrayList<>(counts.keySet());
        // Most frequent first; ties by colour value so the palette is the same on every run.
        colors.sort(Comparator.comparing((Integer c) -> -counts.get(c)).thenComparing(c -> c));
        int n = Math.min(255, colors.size());
        int size = 2; // a GIF colour table holds a power of two entries; the padding is black
        while (size < n + 1) {
            size <<= 1;
        }
        byte[] r = new byte[size], g = new byte[size], b = new byte[size];
        for (int i = 0; i < n; i++) {
            int c = colors.get(i);
            r[i] = (byte) (c >> 16);
            g[i] = (byte) (c >> 8);
            b[i] = (byte) c;
        }
        return new IndexColorModel(8, size, r, g, b);
    }

    /** Each pixel's nearest palette entry (squared RGB distance), the spare last entry excluded. */
    static byte[] indexed(BufferedImage img, IndexColorModel palette) {
        int w = img.getWidth(), h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] pixels = new byte[w * h];
        Map<Integer, Byte> nearest = new HashMap<>();
        for (int p = 0; p < rgb.length; p++) {
            pixels[p] = nearest.computeIfAbsent(rgb[p] & 0xffffff, c -> nearestIndex(c, palette));
        }
        return pixels;
    }

    private static byte nearestIndex(int c, IndexColorModel palette) {
        int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.getMapSize() - 1; i++) {
            long dr = r - palette.getRed(i), dg = g - palette.getGreen(i), db = b - palette.getBlue(i);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return (byte) best;
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage frame, int[] box, int delayMillis,
                                             boolean first, int transparentIndex) throws IIOInvalidTreeException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                writer.getDefaultWriteParam());
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);

        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(box[0]));
        descriptor.setAttribute("imageTopPosition", Integer.toString(box[1]));
        descriptor.setAttribute("imageWidth", Integer.toString(box[2]));
        descriptor.setAttribute("imageHeight", Integer.toString(box[3]));
        descriptor.setAttribute("interlaceFlag", "FALSE");

        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", transparentIndex >= 0 ? "TRUE" : "FALSE");
        gce.setAttribute("transparentColorIndex", Integer.toString(Math.max(0, transparentIndex)));
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));

        // Without an explicit table the writer falls back to its default palette and ignores the image's.
        IndexColorModel cm = (IndexColorModel) frame.getColorModel();
        IIOMetadataNode table = child(root, "LocalColorTable");
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(cm.getMapSize()));
        table.setAttribute("sortFlag", "FALSE");
        while (table.hasChildNodes()) {
            table.removeChild(table.getFirstChild());
        }
        for (int i = 0; i < cm.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(cm.getRed(i)));
            entry.setAttribute("green", Integer.toString(cm.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(cm.getBlue(i)));
            table.appendChild(entry);
        }

        if (first) {
            // NETSCAPE2.0 sub-block 1: loop count (little-endian), 0 = forever.
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
