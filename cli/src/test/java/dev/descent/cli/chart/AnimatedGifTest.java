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
    void refusesNoFrames() {
        assertThrows(IllegalArgumentException.class,
                () -> AnimatedGif.write(List.of(), 100, 100, new ByteArrayOutputStream()));
    }
}
