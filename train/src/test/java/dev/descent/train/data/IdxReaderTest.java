package dev.descent.train.data;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic, big-endian dimensions, then {@code data} as given. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static final byte[] PIXELS = {0, 1, 2, (byte) 255, 4, 5, 6, 7, 8, 9, 10, (byte) 128};

    @Test
    void readsPlainAndGzippedImages() throws IOException {
        byte[] plain = idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, PIXELS);
        for (Path p : new Path[] {write("img", plain), write("img.gz", gzip(plain)), write("gz-no-suffix", gzip(plain))}) {
            Tensor t = IdxReader.readImages(p);
            assertEquals("[3, 2, 2]", t.shape().toString());
            assertArrayEquals(new float[] {0, 1, 2, 255, 4, 5, 6, 7, 8, 9, 10, 128}, t.toArray(), p.toString());
        }
    }

    @Test
    void readsWiderTypes() throws IOException {
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-5).putInt(70000);
        assertArrayEquals(new float[] {-5, 70000}, IdxReader.read(write("i", idx(0x0C01, new int[] {2}, ints.array())))
                .toArray());
        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        assertArrayEquals(new float[] {1.5f, -0.25f}, IdxReader.read(write("f", idx(0x0D01, new int[] {2},
                floats.array()))).toArray());
        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -2).putShort((short) 300);
        assertArrayEquals(new float[] {-2, 300}, IdxReader.read(write("s", idx(0x0B01, new int[] {2},
                shorts.array()))).toArray());
    }

    @Test
    void wrongMagicNamesFileAndOffset() throws IOException {
        Path p = write("labels", idx(IdxReader.IMAGES_MAGIC, new int[] {1, 1, 1}, new byte[1]));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readLabels(p, 10));
        assertEquals(p + ": byte offset 0: magic number 0x00000803, expected 0x00000801", e.getMessage());
        Path garbage = write("garbage", "hello, world".getBytes());
        e = assertThrows(MalformedDataException.class, () -> IdxReader.read(garbage));
        assertTrue(e.getMessage().contains("is not an IDX magic"), e.getMessage());
    }

    @Test
    void shortDataNamesTheOffset() throws IOException {
        byte[] full = idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, PIXELS);
        Path p = write("short", Arrays.copyOf(full, full.length - 5));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(p));
        assertEquals(p + ": byte offset 23: data ends after 7 of 12 bytes for shape [3, 2, 2]", e.getMessage());
        Path header = write("header", Arrays.copyOf(full, 9));
        e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(header));
        assertEquals(header + ": byte offset 9: file ends inside the 3 dimension sizes", e.getMessage());
        Path empty = write("empty", new byte[0]);
        assertThrows(MalformedDataException.class, () -> IdxReader.read(empty));
    }

    @Test
    void extraDataIsAnError() throws IOException {
        byte[] full = idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3});
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.read(write("long", full)));
        assertTrue(e.getMessage().endsWith("byte offset 10: unexpected data after the 2 bytes of shape [2]"),
                e.getMessage());
    }

    @Test
    void hugeDeclaredDimensionsFailWithoutAllocating() throws IOException {
        Path p = write("huge", idx(IdxReader.IMAGES_MAGIC, new int[] {60000, 28000, 28}, new byte[100]));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("more values than a Java array can"), e.getMessage());
        Path big = write("big", idx(IdxReader.IMAGES_MAGIC, new int[] {1000, 1000, 1000}, new byte[100]));
        e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(big));
        assertTrue(e.getMessage().contains("data ends after 100 of 1000000000 bytes"), e.getMessage());
    }

    @Test
    void damagedGzipIsReported() throws IOException {
        byte[] zipped = gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, PIXELS));
        Path truncated = write("trunc.gz", Arrays.copyOf(zipped, zipped.length / 2));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": byte offset "), e.getMessage());
        byte[] corrupt = zipped.clone();
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] ^= 0x5a;
        }
        Path bad = write("bad.gz", corrupt);
        e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(bad));
        assertTrue(e.getMessage().startsWith(bad + ": byte offset "), e.getMessage());
    }

    @Test
    void labelsOutOfRangeNameTheExample() throws IOException {
        Path p = write("labels", idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 12, 0}));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readLabels(p, 10));
        assertEquals(p + ": byte offset 9: label 12 of example 1 is outside [0, 10)", e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope.gz");
        var e = assertThrows(NoSuchFileException.class, () -> IdxReader.read(p));
        assertEquals(p + ": no such file", e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgreeInCount() throws IOException {
        Path images = write("i", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, PIXELS));
        Path labels = write("l", idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}));
        var e = assertThrows(MalformedDataException.class, () -> Datasets.idx(images, labels, 10));
        assertEquals(labels + ": byte offset 4: 2 labels for the 3 images of " + images, e.getMessage());
        Path three = write("l3", idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 0}));
        Dataset d = Datasets.idx(images, three, 10);
        assertArrayEquals(new int[] {1, 2, 0}, d.labels());
        assertEquals("[3, 4]", d.flatten().features().shape().toString());
    }

    @Test
    void aDamagedGzipHeaderNamesTheFile() throws IOException {
        byte[] zipped = gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, PIXELS));
        Path method = write("method.gz", zipped.clone());
        byte[] b = Files.readAllBytes(method);
        b[2] = 7; // compression method: only 8 (deflate) exists
        Files.write(method, b);
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(method));
        assertEquals(method + ": gzip header: damaged or truncated (Unsupported compression method)", e.getMessage());
        Path stub = write("stub.gz", Arrays.copyOf(zipped, 3));
        e = assertThrows(MalformedDataException.class, () -> IdxReader.readImages(stub));
        assertEquals(stub + ": gzip header: damaged or truncated (EOFException)", e.getMessage());
    }

    @Test
    void nonFiniteFloatsAreRefusedAtTheirOffset() throws IOException {
        ByteBuffer f = ByteBuffer.allocate(12).putFloat(1).putFloat(Float.NaN).putFloat(2);
        Path nan = write("nan", idx(0x0D01, new int[] {3}, f.array()));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.read(nan));
        assertEquals(nan + ": byte offset 12: value 1 is NaN; IDX data must be finite", e.getMessage());
        ByteBuffer d = ByteBuffer.allocate(16).putDouble(1e300).putDouble(0);
        Path big = write("big", idx(0x0E01, new int[] {2}, d.array()));
        e = assertThrows(MalformedDataException.class, () -> IdxReader.read(big));
        assertEquals(big + ": byte offset 8: value 0 is 1.0E300, beyond float32's range (±3.4028235E38)",
                e.getMessage());
    }

    @Test
    void moreBytesThanAnArrayHoldsAreRefusedBeforeReading() throws IOException {
        // 300,000,000 float64 values fit an int count but not one byte array (2.4 GB).
        Path p = write("wide", idx(0x0E02, new int[] {300_000, 1000}, new byte[16]));
        var e = assertThrows(MalformedDataException.class, () -> IdxReader.read(p));
        assertEquals(p + ": byte offset 4: dimensions [300000, 1000] of 8-byte values hold 2400000000 bytes, more"
                + " than a Java array can", e.getMessage());
    }
}
