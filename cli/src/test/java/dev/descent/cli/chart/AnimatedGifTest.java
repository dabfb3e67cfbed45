package dev.descent.cli.chart;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnimatedGifTest {

    @Test
    void writesEveryFrameAndLoopsForever() throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        Color[] colors = {Color.RED, Color.GREEN, Color.BLUE};
        for (Color c : colors) {
            BufferedImage img = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setColor(c);
            g.fillRect(0, 0, 30, 20);
            g.dispose();
            frames.add(img);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnimatedGif.write(frames, 100, 1000, out);
        byte[] gif = out.toByteArray();

        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        assertTrue(new String(gif, StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "loop extension");
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            for (int i = 0; i < 3; i++) {
                BufferedImage back = reader.read(i);
                assertEquals(30, back.getWidth());
                assertEquals(colors[i].getRGB(), back.getRGB(15, 10) | 0xff000000, "frame " + i + " colour");
            }
        } finally {
            reader.dispose();
        }
    }

    @Test
    void laterFramesStoreOnlyWhatChangedOverThePreviousOne() throws Exception {
        BufferedImage a = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        var g = a.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        BufferedImage b = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        b.createGraphics().drawImage(a, 0, 0, null);
        b.setRGB(10, 5, Color.BLUE.getRGB());
        b.setRGB(12, 8, Color.BLUE.getRGB());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnimatedGif.write(List.of(a, b), 100, 100, out);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            reader.setInput(in);
            BufferedImage second = reader.read(1);
            assertEquals(3, second.getWidth(), "x 10..12");
            assertEquals(4, second.getHeight(), "y 5..8");
            var tree = (javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(1)
                    .getAsTree("javax_imageio_gif_image_1.0");
            var descriptor = (javax.imageio.metadata.IIOMetadataNode) tree.getElementsByTagName("ImageDescriptor")
                    .item(0);
            assertEquals("10", descriptor.getAttribute("imageLeftPosition"));
            assertEquals("5", descriptor.getAttribute("imageTopPosition"));
            assertEquals(Color.BLUE.getRGB(), second.getRGB(0, 0) | 0xff000000);
            assertEquals(0, second.getRGB(1, 0) >>> 24, "an unchanged pixel is transparent");
        } finally {
            reader.dispose();
        }
    }

    @Test
    void refusesNoFrames() {
        assertThrows(IllegalArgumentException.class,
                () -> AnimatedGif.write(List.of(), 100, 100, new ByteArrayOutputStream()));
    }
}
