package dev.descent.cli.io;

import dev.descent.cli.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void filesAppearUnderTheFinalNameOnlyAfterCommit() throws IOException {
        Path target = tmp.resolve("run");
        try (OutputDirectory out = OutputDirectory.create(target)) {
            Files.writeString(out.file("a.txt"), "hello");
            assertFalse(Files.exists(target), "not visible before commit");
            assertEquals(target.toAbsolutePath(), out.commit());
        }
        assertEquals("hello", Files.readString(target.resolve("a.txt")));
        assertEquals(1, entries(tmp), "no partial directory left beside it");
    }

    @Test
    void aFailedRunLeavesNothingBehind() throws IOException {
        Path target = tmp.resolve("run");
        assertThrows(IllegalStateException.class, () -> {
            try (OutputDirectory out = OutputDirectory.create(target)) {
                Files.writeString(out.file("a.txt"), "half");
                throw new IllegalStateException("boom");
            }
        });
        assertFalse(Files.exists(target));
        assertEquals(0, entries(tmp));
    }

    @Test
    void neverOverwritesAnExistingDirectory() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("run"));
        BadInputException e = assertThrows(BadInputException.class, () -> OutputDirectory.create(target));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void fileNamesCannotEscape() {
        try (OutputDirectory out = OutputDirectory.create(tmp.resolve("run"))) {
            assertThrows(IllegalArgumentException.class, () -> out.file("../x"));
        }
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
