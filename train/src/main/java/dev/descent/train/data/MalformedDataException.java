package dev.descent.train.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that could be opened but whose content is wrong: a bad magic number, data shorter or longer than its
 * header says, a cell that is not a number, a label out of range. The message names the file and where in it (a
 * byte offset or a line and column) the problem is.
 */
public final class MalformedDataException extends IOException {
    private final Path file;

    public MalformedDataException(Path file, String where, String problem) {
        super(file + ": " + where + ": " + problem);
        this.file = file;
    }

    public MalformedDataException(Path file, String where, String problem, Throwable cause) {
        super(file + ": " + where + ": " + problem, cause);
        this.file = file;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }
}
