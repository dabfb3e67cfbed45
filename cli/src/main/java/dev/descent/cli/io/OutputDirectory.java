package dev.descent.cli.io;

import dev.descent.cli.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's output directory that is never seen half-written: files go into a hidden sibling directory
 * ({@code .name.partial-…}), which {@link #commit()} renames to the final name in one step. If the run fails,
 * {@link #close()} deletes the partial directory.
 *
 * <pre>{@code
 * try (OutputDirectory out = OutputDirectory.create(path)) {
 *     Files.writeString(out.file("history.csv"), csv);
 *     Path done = out.commit();
 * }
 * }</pre>
 */
public final class OutputDirectory implements AutoCloseable {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path target;
    private final Path partial;
    private boolean committed;

    private OutputDirectory(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /**
     * Starts writing the directory {@code target}, which must not exist yet (a run never overwrites another run's
     * results); its parent is created if needed.
     */
    public static OutputDirectory create(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            throw new BadInputException("output directory already exists: " + target
                    + " (choose another with --out, or remove it)");
        }
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            Path partial = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
            return new OutputDirectory(abs, partial);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException("cannot create output directory " + target + ": " + e.getFile()
                    + " is a file");
        } catch (IOException e) {
            throw new BadInputException("cannot create output directory " + target + ": " + e.getMessage(), e);
        }
    }

    /** A fresh default name for a command's output: {@code descent-out/<command>-<yyyyMMdd-HHmmss>}. */
    public static Path defaultFor(String command) {
        Path base = Path.of("descent-out", command + "-" + LocalDateTime.now().format(STAMP));
        Path candidate = base;
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = Path.of(base + "-" + i);
        }
        return candidate;
    }

    /** Where to write the file {@code name} now (inside the partial directory). */
    public Path file(String name) {
        if (committed) {
            throw new IllegalStateException("output directory already committed: " + target);
        }
        Path p = partial.resolve(name).normalize();
        if (!p.startsWith(partial)) {
            throw new IllegalArgumentException("file name escapes the output directory: " + name);
        }
        return p;
    }

    /** The final directory (which exists only after {@link #commit()}). */
    public Path target() {
        return target;
    }

    /** Makes the output visible under its final name, in one rename; returns the final path. */
    public Path commit() {
        try {
            openUp(partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + target, e);
        }
        committed = true;
        return target;
    }

    /** A temporary directory is private (rwx------); a run's results get the usual rwxr-xr-x. */
    private static void openUp(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Deletes the partial directory unless the output was committed. */
    @Override
    public void close() {
        if (committed || !Files.exists(partial)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(partial)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("descent: could not remove the partial output " + partial + ": " + e.getMessage());
        }
    }
}
