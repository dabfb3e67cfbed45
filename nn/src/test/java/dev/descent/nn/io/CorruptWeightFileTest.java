package dev.descent.nn.io;

import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged weight files — truncated, overwritten with random bytes, with a wrong length prefix, a mutated header or
 * flipped bits — must always end in a {@link WeightFileException} (or, when the damage happens to leave a valid file
 * of the right names and shapes, a complete load), never another exception and never a half-loaded module.
 */
class CorruptWeightFileTest {
    private static Path dir;
    private static byte[] valid;
    private static int headerEnd;

    @BeforeContainer
    static void writeValidFile() throws IOException {
        dir = Files.createTempDirectory("descent-corrupt");
        Path f = dir.resolve("valid.safetensors");
        SafeTensors.save(SafeTensorsTest.model(1), Map.of("format", "pt"), f);
        valid = Files.readAllBytes(f);
        headerEnd = (int) SafeTensors.readHeader(f).dataStart();
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 80)
    void truncatedFilesAreRejected(@ForAll @IntRange(min = 0, max = 10_000) int cut) throws IOException {
        byte[] b = Arrays.copyOf(valid, cut % valid.length);
        expectRejected(b);
    }

    @Property(tries = 80)
    void randomBytesAreRejected(@ForAll @Size(max = 400) byte[] b) throws IOException {
        expectRejected(b);
    }

    @Property(tries = 60)
    void aWrongLengthPrefixIsRejected(@ForAll long n) throws IOException {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n == headerEnd - 8 ? n + 1 : n);
        expectRejected(b);
    }

    @Property(tries = 120)
    void mutatedHeadersFailCleanly(@ForAll("headerEdits") int[] edit) throws IOException {
        byte[] b = valid.clone();
        b[8 + edit[0] % (headerEnd - 8)] = (byte) edit[1];
        expectRejectedOrComplete(b);
    }

    @Property(tries = 120)
    void flippedBitsFailCleanly(@ForAll @IntRange(min = 0, max = 1 << 20) int bit) throws IOException {
        byte[] b = valid.clone();
        int at = (bit >>> 3) % b.length;
        b[at] ^= (byte) (1 << (bit & 7));
        expectRejectedOrComplete(b);
    }

    @Property(tries = 100)
    void randomHeadersFailCleanly(@ForAll("headers") String header, @ForAll @IntRange(max = 64) int dataBytes)
            throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        expectRejectedOrComplete(b.array());
        // The generic loader must fail cleanly too (or succeed); it never throws anything else.
        Path f = Files.write(dir.resolve("generic"), b.array());
        try {
            SafeTensors.load(f);
        } catch (WeightFileException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<int[]> headerEdits() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 1 << 16);
        Arbitrary<Integer> replacement = Arbitraries.oneOf(
                Arbitraries.of((int) '{', (int) '}', (int) '[', (int) ']', (int) '"', (int) ',', (int) ':', (int) ' ',
                        (int) '0', (int) '9', (int) '-', (int) 'e', (int) '\\', 0, 0xc3, 0xff),
                Arbitraries.integers().between(0, 255));
        return Combinators.combine(position, replacement).as((p, r) -> new int[] {p, r});
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> name = Arbitraries.of("0.weight", "0.bias", "1.weight", "1.num_batches_tracked", "x",
                "__metadata__");
        Arbitrary<String> dtype = Arbitraries.of("F32", "F64", "I64", "U8", "F16", "F8_E4M3", "X", "f32");
        Arbitrary<String> shape = Arbitraries.integers().between(-1, 5).list().ofMaxSize(3).map(Object::toString)
                .map(s -> s.replace(" ", ""));
        Arbitrary<String> offsets = Arbitraries.longs().between(-1, 80).list().ofMinSize(1).ofMaxSize(3)
                .map(Object::toString).map(s -> s.replace(" ", ""));
        Arbitrary<String> entry = Combinators.combine(name, dtype, shape, offsets).as((n, d, s, o) ->
                "\"" + n + "\":{\"dtype\":\"" + d + "\",\"shape\":" + s + ",\"data_offsets\":" + o + "}");
        return entry.list().ofMaxSize(4).map(es -> "{" + String.join(",", es) + "}");
    }

    // ---------------------------------------------------------------- checks

    /** The file must be rejected with a WeightFileException, leaving the module as it was. */
    private static void expectRejected(byte[] bytes) throws IOException {
        if (!load(bytes)) {
            fail("a damaged file loaded");
        }
    }

    private static void expectRejectedOrComplete(byte[] bytes) throws IOException {
        load(bytes);
    }

    /** Loads {@code bytes} into a fresh module; returns whether it was rejected (cleanly, module untouched). */
    private static boolean load(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("damaged.safetensors"), bytes);
        Module m = SafeTensorsTest.model(2);
        Map<String, Tensor> before = SafeTensorsTest.snapshot(m);
        try {
            SafeTensors.load(m, f);
        } catch (WeightFileException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            SafeTensorsTest.assertUnchanged(before, m);
            return true;
        }
        // Loaded: then every entry must hold the file's value (a complete load, not a partial one).
        Map<String, Tensor> file = SafeTensors.load(f).tensors();
        List<String> names = List.copyOf(m.stateDict().keySet());
        for (String name : names) {
            assertTrue(file.get(name).sameBits(m.stateDict().get(name)), name);
        }
        return false;
    }
}
