package dev.descent.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weight file that cannot be read or does not fit: truncated, malformed, with offsets that overlap or leave gaps, an
 * unsupported type, or tensors whose names, shapes or types differ from the module it should load into. The message
 * names the file and every problem found. Whenever this is thrown, nothing was changed.
 */
public class WeightFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public WeightFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public WeightFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
