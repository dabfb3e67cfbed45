package dev.descent.cli.chart;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
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
 * the colours flicker between frames), all frames share one palette: the 256 most frequent colours of the first,
 * middle and last frames — chart frames are mostly flat background, lines and text — and every other colour
 * (anti-aliased edges) maps to its nearest palette entry.
 */
public final class AnimatedGif {

    private AnimatedGif() {
    }

    /**
     * Writes {@code frames} to {@code out}, each shown {@code delayMillis} (GIF resolution: 10 ms), the last one
     * held {@code lastDelayMillis}, looping forever.
     */
    public static void write(List<BufferedImage> frames, int delayMillis, int lastDelayMillis, OutputStream out) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animated GIF needs at least one frame");
        }
        IndexColorModel palette = palette(frames.get(0), frames.get(frames.size() / 2), frames.get(frames.size() - 1));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = indexed(frames.get(i), palette);
                int delay = i == frames.size() - 1 ? lastDelayMillis : delayMillis;
                IIOMetadata meta = frameMetadata(writer, frame, delay, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, meta), writer.getDefaultWriteParam());
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write animated GIF", e);
        } finally {
            writer.dispose();
        }
    }

    /** The most frequent colours of the given images, at most 256. */
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
        int n = Math.min(256, colors.size());
        int size = 2; // a GIF colour table holds a power of two entries; the padding is black
        while (size < n) {
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

    /** The image in the palette's colours, each pixel its nearest entry (squared RGB distance). */
    static BufferedImage indexed(BufferedImage img, IndexColorModel palette) {
        int w = img.getWidth(), h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] pixels = new byte[w * h];
        Map<Integer, Byte> nearest = new HashMap<>();
        for (int p = 0; p < rgb.length; p++) {
            pixels[p] = nearest.computeIfAbsent(rgb[p] & 0xffffff, c -> nearestIndex(c, palette));
        }
        out.getRaster().setDataElements(0, 0, w, h, pixels);
        return out;
    }

    private static byte nearestIndex(int c, IndexColorModel palette) {
        int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.getMapSize(); i++) {
            long dr = r - palette.getRed(i), dg = g - palette.getGreen(i), db = b - palette.getBlue(i);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return (byte) best;
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage frame, int delayMillis,
                                             boolean first) throws IIOInvalidTreeException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);

        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        gce.setAttribute("transparentColorIndex", "0");

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
