package dev.descent.train.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening data files: a missing file is named plainly, and gzip is recognised by its magic bytes, not its name. */
final class DataFiles {
    private static final int GZIP_MAGIC_1 = 0x1f, GZIP_MAGIC_2 = 0x8b;

    private DataFiles() {
    }

    /** The file's content, decompressed if it is gzip. */
    static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    Files.exists(file) ? "not a regular file" : "no such file");
        }
        InputStream in = Files.newInputStream(file);
        try {
            return decompressing(new BufferedInputStream(in, 1 << 16), file);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * {@code in}, decompressed if it starts with the gzip magic bytes; {@code name} is what an error calls it.
     *
     * @throws MalformedDataException if the gzip header is damaged
     */
    static InputStream decompressing(InputStream in, Path name) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read(), b2 = buffered.read();
        buffered.reset();
        if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
            try {
                return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            } catch (IOException e) {
                // GZIPInputStream reads the header at once: a ZipException or EOFException that names no file.
                throw new MalformedDataException(name, "gzip header", "damaged or truncated ("
                        + reason(e) + ")", e);
            }
        }
        return buffered;
    }

    /** What a decompressor's exception says, or its kind when it says nothing (a bare EOFException). */
    static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
