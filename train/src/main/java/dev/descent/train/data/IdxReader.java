package dev.descent.train.data;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped (recognised by content).
 *
 * <p>Layout (all integers big-endian):
 * <pre>
 *   offset 0   magic: 0x00, 0x00, type code, rank r
 *   offset 4   r int32 dimension sizes
 *   offset 4+4r  the values, row-major, each of the type's width
 * </pre>
 * Type codes: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. MNIST's
 * labels are {@code 0x00000801} (unsigned bytes, rank 1) and its images {@code 0x00000803} (unsigned bytes, rank 3:
 * count, rows, columns).
 *
 * <p>Every value is returned as a float (exactly, for bytes and int16). A file whose magic is wrong, whose data is
 * shorter or longer than its header says, whose floating-point data holds a NaN, an infinity or a float64 beyond
 * float32's range, or whose gzip stream is damaged is reported with a
 * {@link MalformedDataException} naming the file and the byte offset (in the decompressed content); memory is
 * allocated as data actually arrives, so a corrupt header cannot ask for gigabytes.
 */
public final class IdxReader {
    /** The magic of a vector of unsigned bytes: MNIST labels. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** The magic of a rank-3 array of unsigned bytes: MNIST images. */
    public static final int IMAGES_MAGIC = 0x00000803;

    private IdxReader() {
    }

    /** The IDX array in {@code file}, as a tensor of its shape. */
    public static Tensor read(Path file) throws IOException {
        return read(file, -1);
    }

    /**
     * MNIST-style labels ({@code 0x00000801}), each checked to lie in {@code [0, classCount)}.
     *
     * @throws MalformedDataException   if the magic differs or a label is out of range (naming its offset)
     * @throws IllegalArgumentException if {@code classCount < 1}
     */
    public static Tensor readLabels(Path file, int classCount) throws IOException {
        if (classCount < 1) {
            throw new IllegalArgumentException("readLabels " + file + ": classCount must be ≥ 1, got " + classCount);
        }
        Tensor labels = read(file, LABELS_MAGIC);
        float[] a = labels.array();
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= classCount) {
                throw new MalformedDataException(file, "byte offset " + (8 + i), "label " + (int) a[i]
                        + " of example " + i + " is outside [0, " + classCount + ")");
            }
        }
        return labels;
    }

    /** MNIST-style images ({@code 0x00000803}): {@code [count, rows, columns]} of values 0..255. */
    public static Tensor readImages(Path file) throws IOException {
        return read(file, IMAGES_MAGIC);
    }

    private static Tensor read(Path file, int expectedMagic) throws IOException {
        try (InputStream in = DataFiles.open(file)) {
            byte[] head = readUpTo(in, 4, file, 0);
            if (head.length < 4) {
                throw new MalformedDataException(file, "byte offset " + head.length,
                        "file ends inside the 4-byte IDX magic number");
            }
            int magic = ByteBuffer.wrap(head).getInt();
            if (expectedMagic >= 0 && magic != expectedMagic) {
                throw new MalformedDataException(file, "byte offset 0", String.format(
                        "magic number 0x%08x, expected 0x%08x", magic, expectedMagic));
            }
            int type = (magic >>> 8) & 0xff, rank = magic & 0xff;
            int width = width(type);
            if ((magic >>> 16) != 0 || width == 0 || rank == 0) {
                throw new MalformedDataException(file, "byte offset 0", String.format(
                        "magic number 0x%08x is not an IDX magic (0x0000TTRR with type TT one of 08, 09, 0B, 0C, 0D,"
                                + " 0E and rank RR ≥ 1)", magic));
            }
            byte[] dimBytes = readUpTo(in, 4L * rank, file, 4);
            if (dimBytes.length < 4 * rank) {
                throw new MalformedDataException(file, "byte offset " + (4 + dimBytes.length),
                        "file ends inside the " + rank + " dimension sizes");
            }
            ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
            int[] dims = new int[rank];
            long count = 1;
            for (int k = 0; k < rank; k++) {
                dims[k] = dimBuffer.getInt();
                if (dims[k] < 0) {
                    throw new MalformedDataException(file, "byte offset " + (4 + 4 * k),
                            "dimension " + k + " has negative size " + dims[k]);
                }
                count *= dims[k];
                if (count > Integer.MAX_VALUE - 8) {
                    throw new MalformedDataException(file, "byte offset 4", "dimensions " + Arrays.toString(
                            Arrays.copyOf(dims, k + 1)) + " hold more values than a Java array can");
                }
            }
            long header = 4 + 4L * rank;
            long bytes = count * width;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new MalformedDataException(file, "byte offset 4", "dimensions " + Arrays.toString(dims) + " of "
                        + width + "-byte values hold " + bytes + " bytes, more than a Java array can");
            }
            // One byte more than declared, to notice data beyond the end of the array.
            byte[] data = readUpTo(in, bytes + 1, file, header);
            if (data.length < bytes) {
                throw new MalformedDataException(file, "byte offset " + (header + data.length), "data ends after "
                        + data.length + " of " + bytes + " bytes for shape " + Arrays.toString(dims));
            }
            if (data.length > bytes) {
                throw new MalformedDataException(file, "byte offset " + (header + bytes),
                        "unexpected data after the " + bytes + " bytes of shape " + Arrays.toString(dims));
            }
            return Tensor.wrap(decode(data, type, (int) count, file, header), 0, Shape.of(dims));
        }
    }

    private static int width(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    private static float[] decode(byte[] data, int type, int count, Path file, long header)
            throws MalformedDataException {
        float[] out = new float[count];
        switch (type) {
            case 0x08 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i] & 0xff;
                }
            }
            case 0x09 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i];
                }
            }
            case 0x0B, 0x0C -> {
                ByteBuffer b = ByteBuffer.wrap(data); // big-endian by default, as IDX is
                for (int i = 0; i < count; i++) {
                    out[i] = type == 0x0B ? b.getShort() : b.getInt();
                }
            }
            default -> {
                // Floating types may hold what training must never see: NaN, infinities, float64 beyond float32.
                ByteBuffer b = ByteBuffer.wrap(data);
                for (int i = 0; i < count; i++) {
                    double v = type == 0x0D ? b.getFloat() : b.getDouble();
                    if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                        throw new MalformedDataException(file, "byte offset " + (header + (long) i * width(type)),
                                "value " + i + " is " + v + (Double.isFinite(v) ? ", beyond float32's range (±"
                                        + Float.MAX_VALUE + ")" : "; IDX data must be finite"));
                    }
                    out[i] = (float) v;
                }
            }
        }
        return out;
    }

    /**
     * Up to {@code limit} bytes, fewer if the stream ends first. Grows its buffer as data arrives. A damaged
     * compressed stream is reported at the decompressed offset where it broke.
     */
    private static byte[] readUpTo(InputStream in, long limit, Path file, long startOffset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        long remaining = limit;
        while (remaining > 0) {
            int n;
            try {
                n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
            } catch (IOException e) {
                throw new MalformedDataException(file, "byte offset " + (startOffset + out.size()),
                        "cannot read the data (" + DataFiles.reason(e) + ")", e);
            }
            if (n < 0) {
                break;
            }
            out.write(chunk, 0, n);
            remaining -= n;
        }
        return out.toByteArray();
    }
}
