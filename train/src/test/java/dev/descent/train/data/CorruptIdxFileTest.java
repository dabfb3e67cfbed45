package dev.descent.train.data;

import dev.descent.train.Fixtures;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.descent.train.data.IdxReaderTest.gzip;
import static dev.descent.train.data.IdxReaderTest.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged IDX files — truncated in the magic, the dimensions or the data, overwritten with random bytes, with flipped
 * bits, a forged magic or forged dimensions, plain or gzipped — must end in a {@link MalformedDataException} that
 * names the file (or, when the damage happens to leave a valid file, a tensor of exactly the declared size), never
 * another exception, an {@link OutOfMemoryError} or a non-finite value.
 */
class CorruptIdxFileTest {
    private static Path dir;
    /** Images {@code [3, 2, 2]} of unsigned bytes, and the same as float32 {@code [2, 3]}. */
    private static byte[] images, floats;

    @BeforeContainer
    static void makeValidFiles() throws IOException {
        dir = Files.createTempDirectory("descent-corrupt-idx");
        images = idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, IdxReaderTest.PIXELS);
        ByteBuffer f = ByteBuffer.allocate(24);
        for (float v : new float[] {0.5f, -1, 3e38f, 1e-40f, 0, 7}) {
            f.putFloat(v);
        }
        floats = idx(0x0D02, new int[] {2, 3}, f.array());
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        Fixtures.deleteTree(dir);
    }

    @Property(tries = 60)
    void truncatedFilesAreRejected(@ForAll @IntRange(max = 10_000) int cut, @ForAll boolean zipped,
                                   @ForAll boolean floatType) throws IOException {
        byte[] valid = floatType ? floats : images;
        byte[] b = Arrays.copyOf(valid, cut % valid.length);
        expectRejected(zipped ? gzip(b) : b);
    }

    @Property(tries = 40)
    void truncatedGzipStreamsAreRejected(@ForAll @IntRange(max = 10_000) int cut) throws IOException {
        byte[] z = gzip(images);
        expectRejected(Arrays.copyOf(z, cut % z.length));
    }

    @Property(tries = 60)
    void randomBytesFailCleanly(@ForAll @Size(max = 64) byte[] b, @ForAll boolean zipped) throws IOException {
        read(zipped ? gzip(b) : b);
    }

    @Property(tries = 100)
    void flippedBitsFailCleanly(@ForAll @IntRange(max = 1 << 20) int bit, @ForAll boolean floatType)
            throws IOException {
        byte[] b = (floatType ? floats : images).clone();
        b[(bit >>> 3) % b.length] ^= (byte) (1 << (bit & 7));
        read(b);
    }

    @Property(tries = 100)
    void flippedBitsInTheGzipStreamFailCleanly(@ForAll @IntRange(max = 1 << 20) int bit) throws IOException {
        byte[] b = gzip(images);
        b[(bit >>> 3) % b.length] ^= (byte) (1 << (bit & 7));
        read(b);
    }

    @Property(tries = 60)
    void forgedMagicsFailCleanly(@ForAll int magic, @ForAll boolean zipped) throws IOException {
        byte[] b = images.clone();
        ByteBuffer.wrap(b).putInt(0, magic);
        read(zipped ? gzip(b) : b);
    }

    /** Any dimensions, up to a product far beyond 2³¹, over a few bytes of data: refused before allocating. */
    @Property(tries = 100)
    void forgedDimensionsAreRejectedWithoutAllocating(@ForAll @Size(min = 1, max = 4) int[] dims,
                                                      @ForAll @IntRange(min = 0, max = 5) int type,
                                                      @ForAll @IntRange(max = 16) int dataBytes) throws IOException {
        int[] typeCodes = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E};
        int[] widths = {1, 1, 2, 4, 4, 8};
        long declared = widths[type];
        for (int d : dims) {
            declared *= d;
        }
        byte[] b = idx((typeCodes[type] << 8) | dims.length, dims, new byte[dataBytes]);
        if (declared == dataBytes && Arrays.stream(dims).allMatch(d -> d >= 0)) {
            assertEquals(dataBytes / widths[type], read(b).size());
        } else {
            expectRejected(b);
        }
    }

    @Property(tries = 30)
    void labelsOutsideTheClassesAreRejected(@ForAll @Size(min = 1, max = 20) byte[] labels,
                                            @ForAll @IntRange(min = 1, max = 256) int classes) throws IOException {
        Path p = Files.write(dir.resolve("labels"), idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels));
        int first = -1;
        for (int i = labels.length - 1; i >= 0; i--) {
            first = (labels[i] & 0xff) >= classes ? i : first;
        }
        try {
            Tensor t = IdxReader.readLabels(p, classes);
            assertEquals(-1, first, "label " + (first < 0 ? 0 : labels[first] & 0xff) + " accepted for " + classes
                    + " classes");
            assertEquals(labels.length, t.size());
        } catch (MalformedDataException e) {
            assertEquals(p + ": byte offset " + (8 + first) + ": label " + (labels[first] & 0xff) + " of example "
                    + first + " is outside [0, " + classes + ")", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- checks

    private static void expectRejected(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("damaged"), bytes);
        try {
            Tensor t = IdxReader.read(f);
            fail("a damaged file read as " + t.shape());
        } catch (MalformedDataException e) {
            assertNamesTheFile(f, e);
        }
    }

    /** Reads {@code bytes} as an IDX file: either refused naming the file, or a finite tensor; null if refused. */
    private static Tensor read(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("damaged"), bytes);
        try {
            Tensor t = IdxReader.read(f);
            for (float v : t.toArray()) {
                assertTrue(Float.isFinite(v), "read a non-finite value " + v);
            }
            return t;
        } catch (MalformedDataException e) {
            assertNamesTheFile(f, e);
            return null;
        }
    }

    private static void assertNamesTheFile(Path f, MalformedDataException e) {
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": byte offset ") || e.getMessage().startsWith(f + ": gzip header: "),
                e.getMessage());
    }
}
