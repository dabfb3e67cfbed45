package dev.descent.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** The byte-exact expectations of the reference implementation's own serialization tests. */
    @Test
    void writesWhatTheReferenceImplementationWrites() throws IOException {
        Path f = dir.resolve("a.safetensors");
        SafeTensors.save(Map.of("attn.0", Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)), null, f);
        byte[] expected = bytes(64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
                116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
                58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
                101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
                0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64);
        assertArrayEquals(expected, Files.readAllBytes(f));

        SafeTensors.save(Map.of(), null, f);
        assertArrayEquals(bytes(8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32), Files.readAllBytes(f));

        SafeTensors.save(Map.of(), Map.of("framework", "pt"), f);
        assertArrayEquals(bytes(40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
                95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
                116, 34, 125, 125, 32, 32, 32, 32, 32), Files.readAllBytes(f));
    }

    @Test
    void sortsByAlignmentThenNameAndRoundTrips() throws IOException {
        Path f = dir.resolve("b.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z", Tensor.of(new float[] {1.5f, -2f}, 2));
        tensors.put("count", Tensor.scalar(42f));
        tensors.put("a", Tensor.of(new float[] {3f, 4f, 5f, 6f}, 2, 2));
        tensors.put("empty", Tensor.zeros(0, 3));
        SafeTensors.save(tensors, Map.of("count", DType.I64), Map.of("epoch", "3"), f);

        SafeTensors.Header h = SafeTensors.readHeader(f);
        assertEquals(List.of("count", "a", "empty", "z"), h.entries().stream().map(SafeTensors.Entry::name).toList());
        assertEquals(0, h.dataStart() % 8);
        SafeTensors.Contents c = SafeTensors.load(f);
        assertEquals(Map.of("epoch", "3"), c.metadata());
        assertEquals(DType.I64, c.dtypes().get("count"));
        assertEquals(DType.F32, c.dtypes().get("a"));
        for (String name : tensors.keySet()) {
            assertTrue(tensors.get(name).sameBits(c.tensors().get(name)), name);
        }
    }

    @Test
    void savingNonIntegersAsI64IsRefusedBeforeTouchingTheFile() throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafeTensors.save(Map.of("x", Tensor.scalar(1f)), null, f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(Map.of("x", Tensor.scalar(1.5f)), Map.of("x", DType.I64), null, f));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());
    }

    @Test
    void moduleStateRoundTripsWithIntegerBuffersAsI64() throws IOException {
        Module a = model(1);
        a.forward(Tensor.normal(new Rng(3), 0, 1, 8, 4)); // training pass: running statistics move
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(a, Map.of("format", "pt"), f);
        Map<String, DType> types = new LinkedHashMap<>();
        SafeTensors.readHeader(f).entries().forEach(e -> types.put(e.name(), e.dtype()));
        assertEquals(DType.I64, types.get("1.num_batches_tracked"));
        assertEquals(DType.F32, types.get("1.running_var"));

        Module b = model(2);
        SafeTensors.load(b, f);
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(List.copyOf(sa.keySet()), List.copyOf(sb.keySet()));
        sa.forEach((name, t) -> assertTrue(t.sameBits(sb.get(name)), name));
        assertEquals(1f, sb.get("1.num_batches_tracked").item());
    }

    /** A file written from PyTorch's state_dict (see src/test/python/torch_state_dict_fixture.py) loads by name. */
    @Test
    void aPyTorchStateDictLoadsAndComputesWhatPyTorchComputes() throws Exception {
        Path f = dir.resolve("torch_mlp.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/torch_mlp.safetensors")) {
            Files.copy(in, f);
        }
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/torch_mlp.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        Sequential model = new Sequential(new Linear(5, 6), new BatchNorm1d(6), new ReLU(), new Linear(6, 3));
        SafeTensors.load(model, f);
        assertEquals(Map.of("format", "pt"), SafeTensors.readHeader(f).metadata());
        assertEquals(DType.I64, SafeTensors.load(f).dtypes().get("1.num_batches_tracked"));
        assertEquals(ref.get("num_batches_tracked").asInt(), (int) model.namedBuffers().get("1.num_batches_tracked")
                .item());
        model.eval();
        Tensor y = model.forward(tensor(ref.get("input"))).value();
        Tensor expected = tensor(ref.get("output_eval_mode"));
        assertTrue(y.allClose(expected, 1e-5f, 1e-6f), () -> y + " vs " + expected);
    }

    private static Tensor tensor(JsonNode node) {
        int[] dims = new int[node.get("shape").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = node.get("shape").get(i).asInt();
        }
        float[] v = new float[node.get("values").size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get("values").get(i).asDouble();
        }
        return Tensor.of(v, dims);
    }

    @Test
    void mismatchesAreAllReportedAndNothingChanges() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(model(1).stateDict());
        state.remove("0.bias");
        state.put("0.weight", Tensor.zeros(3, 5));
        state.put("2.weight", Tensor.zeros(2, 3));
        state.put("extra", Tensor.zeros(1));
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.save(state, Map.of("1.running_mean", DType.I64), null, f);
        Module m = model(2);
        Map<String, Tensor> before = snapshot(m);
        WeightFileException e = assertThrows(WeightFileException.class, () -> SafeTensors.load(m, f));
        String msg = e.getMessage();
        for (String expected : new String[] {"4 problems", "missing 0.bias", "shape of 0.weight is [3, 5]",
            "unexpected extra", "dtype of 1.running_mean is I64"}) {
            assertTrue(msg.contains(expected), () -> "'" + expected + "' not in: " + msg);
        }
        assertUnchanged(before, m);
    }

    @Test
    void headerBoundIsConfigurable() throws IOException {
        Path f = dir.resolve("h.safetensors");
        SafeTensors.save(model(1), null, f);
        long n = SafeTensors.readHeader(f).dataStart() - 8;
        WeightFileException e = assertThrows(WeightFileException.class, () -> SafeTensors.load(f, n - 1));
        assertTrue(e.getMessage().contains("exceeds the limit of " + (n - 1)), e.getMessage());
        SafeTensors.load(f, n);
    }

    @Test
    void readsEveryNumericType() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.1);                                   // F64 [1]        0..8
        data.putLong(-7);                                      // I64 [1]        8..16
        data.putInt(123456);                                   // I32 [1]        16..20
        data.putShort((short) 0x3c00).putShort((short) 0xc000); // F16 [2] 1, -2  20..24
        data.putShort((short) 0x0001);                         // F16 subnormal  24..26
        data.putShort((short) 0x3fc0);                         // BF16 1.5       26..28
        data.put((byte) 200).put((byte) -3).put((byte) 1);     // U8, I8, BOOL   28..31
        data.put((byte) 0);                                    // pad tensor U8  31..32
        String header = "{\"f64\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[20,26]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[26,28]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[28,29]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[29,30]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[1,1],\"data_offsets\":[30,31]},"
                + "\"pad\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[31,32]}}";
        Path f = write(header, java.util.Arrays.copyOf(data.array(), 32));
        Map<String, Tensor> t = SafeTensors.load(f).tensors();
        assertEquals(0.1f, t.get("f64").item());
        assertEquals(-7f, t.get("i64").item());
        assertEquals(Shape.scalar(), t.get("i64").shape());
        assertEquals(123456f, t.get("i32").item());
        assertArrayEquals(new float[] {1f, -2f, 0x1.0p-24f}, t.get("f16").toArray());
        assertEquals(1.5f, t.get("bf16").item());
        assertEquals(200f, t.get("u8").item());
        assertEquals(-3f, t.get("i8").item());
        assertEquals(1f, t.get("bool").item());
    }

    @Test
    void halfPrecisionDecodesEveryValueExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float mine = DType.halfToFloat((short) bits);
            int exp = (bits >>> 10) & 0x1f, mant = bits & 0x3ff;
            double expected = exp == 0 ? mant * Math.pow(2, -24)
                    : exp == 31 ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            if ((bits & 0x8000) != 0) {
                expected = -expected;
            }
            assertEquals((float) expected, mine, "half bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void structuralProblemsAreNamed() throws IOException {
        String ok = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] eight = new byte[8];
        assertFails(write("{" + ok + "}", new byte[4]), "truncated file");
        assertFails(write("{" + ok + "}", new byte[12]), "trailing bytes");
        assertFails(write("{" + ok + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight),
                "overlapping offsets");
        assertFails(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), "a gap");
        assertFails(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight),
                "needs 12");
        assertFails(write("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", eight),
                "does not read");
        assertFails(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", eight),
                "exactly the keys");
        assertFails(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight),
                "non-negative integers");
        assertFails(write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,8]}}", eight), "overflows");
        assertFails(write("{" + ok + "," + ok + "}", eight), "duplicate key");
        assertFails(write("{\"__metadata__\":{\"k\":1}," + ok + "}", eight), "is not a string");
        assertFails(write("[1]", new byte[0]), "does not start with '{'");
        assertFails(write("{" + ok, eight), "malformed JSON");
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[5]);
        assertFails(tiny, "too short");
        Path huge = dir.resolve("huge");
        Files.write(huge, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, '{', '}'));
        assertFails(huge, "exceeds the limit");
        Path pastEnd = dir.resolve("past");
        Files.write(pastEnd, bytes(100, 0, 0, 0, 0, 0, 0, 0, '{', '}'));
        assertFails(pastEnd, "runs past the end");
        Path badUtf8 = dir.resolve("utf8");
        Files.write(badUtf8, bytes(4, 0, 0, 0, 0, 0, 0, 0, '{', 0xc3, 0x28, '}'));
        assertFails(badUtf8, "not valid UTF-8");
    }

    @Test
    void aFailedSaveLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("weights.safetensors");
        SafeTensors.save(model(1), null, f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());
        SafeTensors.save(model(2), null, f);
        assertEquals(List.of(f), listDir());
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(f)));
    }

    @Test
    void aNaNWeightInAFileIsRefusedAndLoadsNothing() throws IOException {
        Map<String, Tensor> tensors = snapshot(model(1));
        tensors.get("2.bias").setFlat(1, Float.NaN);
        Path f = dir.resolve("nan.safetensors");
        SafeTensors.save(tensors, Map.of("1.num_batches_tracked", DType.I64), null, f);
        Module m = model(2);
        Map<String, Tensor> before = snapshot(m);
        var e = assertThrows(WeightFileException.class, () -> SafeTensors.load(m, f));
        assertEquals(f + ": state does not fit Sequential: 1 problem\n  - value of 2.bias is NaN at flat index 1",
                e.getMessage());
        assertUnchanged(before, m);
    }

    // ---------------------------------------------------------------- helpers

    static Module model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(4, 3, true, WeightInit.PYTORCH_DEFAULT, rng), new BatchNorm1d(3),
                new Linear(3, 2, true, WeightInit.PYTORCH_DEFAULT, rng));
    }

    static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    static void assertUnchanged(Map<String, Tensor> before, Module m) {
        m.stateDict().forEach((k, v) -> assertTrue(before.get(k).sameBits(v), () -> k + " changed"));
    }

    private Path write(String header, byte[] data) throws IOException {
        return SafeTensorsFiles.write(dir.resolve("f" + System.nanoTime()), header, data);
    }

    private static void assertFails(Path f, String fragment) {
        WeightFileException e = assertThrows(WeightFileException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
