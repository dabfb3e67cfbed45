package dev.descent.nn.io;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.StateCheck;
import dev.descent.nn.StateEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight files in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, which PyTorch,
 * NumPy and most other tools read: named tensors and no code, so loading a file can never run anything.
 *
 * <pre>
 *   bytes 0..7        n, the header length: unsigned 64-bit little-endian
 *   bytes 8..8+n-1    the header: a UTF-8 JSON object, padded with spaces to a multiple of 8 bytes
 *                       {"__metadata__": {"key": "value", …},                       (optional, strings only)
 *                        "0.weight": {"dtype": "F32", "shape": [16, 12], "data_offsets": [0, 768]}, …}
 *   bytes 8+n..end    the data: each tensor's elements, row-major, little-endian, at its offsets (relative to the
 *                     start of the data); the tensors tile the data exactly — no gaps, no overlaps, nothing after
 * </pre>
 *
 * <p><b>Writing</b> follows the reference implementation, so files are byte-for-byte what it would write: tensors
 * sorted by descending alignment, then by name; compact JSON; {@code __metadata__} first. Module state is written
 * with its {@code state_dict} names, F32 for parameters and real buffers and I64 for integer buffers
 * ({@code num_batches_tracked}), exactly the types PyTorch's {@code state_dict} holds. Saving is atomic
 * ({@link AtomicFile}): a crash never leaves a damaged file in place of the previous one.
 *
 * <p><b>Reading</b> treats the file as untrusted. The header length must fit both the file and a bound
 * ({@link #DEFAULT_MAX_HEADER_BYTES}, as the reference implementation); the header must be valid UTF-8 and strict JSON
 * ({@link Json}: no duplicate names); every entry needs exactly a known {@code dtype}, a {@code shape} of
 * non-negative integers and {@code data_offsets} whose length is the shape's size times the type's, computed without
 * overflow; and the tensors must tile the data section to the last byte. Any violation is a
 * {@link WeightFileException} naming the file and the problem. Loading into a {@link Module} also checks every
 * name, shape and type against the module before any value changes, and reports all mismatches together.
 */
public final class SafeTensors {
    /** The default bound on the header length: 100 MB, the reference implementation's limit. */
    public static final long DEFAULT_MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 20;

    /**
     * One tensor as the header describes it.
     *
     * @param begin first byte, relative to the start of the data section
     * @param end   one past the last byte
     */
    public record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }

    /**
     * A validated header.
     *
     * @param entries   the tensors, in the order of their data
     * @param metadata  the {@code __metadata__} strings (empty if absent)
     * @param dataStart the file position where the data section begins, {@code 8 + n}
     */
    public record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /**
     * A file's contents.
     *
     * @param tensors  the tensors by name, in the order of their data, converted to float32
     * @param dtypes   the type each tensor had in the file
     * @param metadata the {@code __metadata__} strings (empty if absent)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, DType> dtypes, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} (as F32) and {@code metadata} (may be null or empty) to {@code path}, atomically.
     *
     * @throws IllegalArgumentException for a null or reserved name, or a metadata key or value that is null
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        save(tensors, Map.of(), metadata, path);
    }

    /**
     * Writes {@code tensors} with the types in {@code dtypes} (F32 where absent; only F32 and I64 are written) and
     * {@code metadata} (may be null or empty) to {@code path}, atomically.
     *
     * @throws IllegalArgumentException for a null or reserved name, another type, a non-integral value for I64, or
     *                                  null metadata
     */
    public static void save(Map<String, Tensor> tensors, Map<String, DType> dtypes, Map<String, String> metadata,
                            Path path) throws IOException {
        List<Stored> stored = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.equals(METADATA_KEY) || e.getValue() == null) {
                throw new IllegalArgumentException("safetensors: cannot save tensor '" + name + "'"
                        + (e.getValue() == null ? ": it is null" : ": reserved or null name"));
            }
            DType dtype = dtypes.getOrDefault(name, DType.F32);
            if (dtype != DType.F32 && dtype != DType.I64) {
                throw new IllegalArgumentException("safetensors: Descent writes F32 and I64 tensors, not " + dtype
                        + " ('" + name + "')");
            }
            if (dtype == DType.I64) {
                requireIntegral(name, e.getValue());
            }
            stored.add(new Stored(name, name.getBytes(StandardCharsets.UTF_8), dtype, e.getValue()));
        }
        // The reference writer's order: larger alignment first, then by name (compared as UTF-8 bytes).
        stored.sort(Comparator.comparing((Stored s) -> s.dtype).reversed()
                .thenComparing((a, b) -> Arrays.compareUnsigned(a.utf8Name, b.utf8Name)));
        byte[] header = headerBytes(stored, metadata);
        AtomicFile.write(path, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer chunk = chunkBuffer(dataBytes(stored));
            for (Stored s : stored) {
                writeData(ch, s, chunk);
            }
        });
    }

    /**
     * Writes a module's state under its {@code state_dict} names (integer buffers as I64, everything else F32) and
     * {@code metadata} (may be null) to {@code path}, atomically.
     */
    public static void save(Module module, Map<String, String> metadata, Path path) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        module.stateEntries().forEach((name, e) -> {
            tensors.put(name, e.value());
            if (e.kind() == StateEntry.Kind.INTEGER_BUFFER) {
                dtypes.put(name, DType.I64);
            }
        });
        save(tensors, dtypes, metadata, path);
    }

    private record Stored(String name, byte[] utf8Name, DType dtype, Tensor value) {
    }

    private static void requireIntegral(String name, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            float v = t.getFlat(i);
            if (v != Math.rint(v) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("safetensors: cannot store '" + name + "' as I64: element " + i
                        + " is " + v);
            }
        }
    }

    /** The compact JSON header, padded with spaces to a multiple of 8 bytes so the data is aligned. */
    private static byte[] headerBytes(List<Stored> stored, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("safetensors: metadata keys and values must not be null ("
                            + k + " = " + v + ")");
                }
            });
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Stored s : stored) {
            long bytes = (long) s.value.size() * s.dtype.size();
            List<Object> shape = new ArrayList<>();
            for (int d : s.value.dims()) {
                shape.add((long) d);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", s.dtype.name());
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(s.name, info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(FileChannel ch, Stored s, ByteBuffer chunk) throws IOException {
        Tensor t = s.value;
        float[] a = t.array();
        int size = t.size(), perChunk = chunk.capacity() / s.dtype.size();
        for (int from = 0; from < size; from += perChunk) {
            int count = Math.min(perChunk, size - from);
            chunk.clear();
            if (s.dtype == DType.F32) {
                chunk.asFloatBuffer().put(a, t.offset() + from, count);
                chunk.position(count * 4);
            } else {
                for (int k = 0; k < count; k++) {
                    s.dtype.write(chunk, a[t.offset() + from + k]);
                }
            }
            chunk.flip();
            writeFully(ch, chunk);
        }
    }

    private static long dataBytes(List<Stored> stored) {
        long n = 0;
        for (Stored s : stored) {
            n += (long) s.value.size() * s.dtype.size();
        }
        return n;
    }

    /** A transfer buffer of {@link #CHUNK_BYTES}, or less for a small file. */
    private static ByteBuffer chunkBuffer(long dataBytes) {
        int size = (int) Math.min(CHUNK_BYTES, (dataBytes + 7) / 8 * 8);
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    // ---------------------------------------------------------------- reading

    /** The validated header of {@code path}, with the default header bound. */
    public static Header readHeader(Path path) throws IOException {
        return readHeader(path, DEFAULT_MAX_HEADER_BYTES);
    }

    /** The validated header of {@code path}; a header longer than {@code maxHeaderBytes} is rejected. */
    public static Header readHeader(Path path, long maxHeaderBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, path, maxHeaderBytes);
        }
    }

    /** All tensors and the metadata of {@code path}, with the default header bound. */
    public static Contents load(Path path) throws IOException {
        return load(path, DEFAULT_MAX_HEADER_BYTES);
    }

    /** All tensors and the metadata of {@code path}; a header longer than {@code maxHeaderBytes} is rejected. */
    public static Contents load(Path path, long maxHeaderBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = readHeader(ch, path, maxHeaderBytes);
            return readData(ch, path, h);
        }
    }

    /** {@link #load(Module, Path, long)} with the default header bound. */
    public static void load(Module module, Path path) throws IOException {
        load(module, path, DEFAULT_MAX_HEADER_BYTES);
    }

    /**
     * Loads the state of {@code module} from {@code path}: the file must hold exactly the module's
     * {@code state_dict} names, each with the module's shape and a floating-point type (any numeric type for an
     * integer buffer such as {@code num_batches_tracked}). Every problem with the file or its fit is found before
     * anything changes; on any exception the module is untouched.
     *
     * @throws WeightFileException listing every missing, unexpected, mis-shaped or mistyped tensor, or the first
     *                             structural problem of the file
     */
    public static void load(Module module, Path path, long maxHeaderBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = readHeader(ch, path, maxHeaderBytes);
            Map<String, StateEntry> expected = module.stateEntries();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (Entry e : h.entries()) {
                shapes.put(e.name(), e.shape());
            }
            List<String> problems = new ArrayList<>(StateCheck.problems(expected, shapes, true));
            for (Entry e : h.entries()) {
                StateEntry target = expected.get(e.name());
                if (target != null && target.kind() != StateEntry.Kind.INTEGER_BUFFER
                        && !e.dtype().isFloatingPoint()) {
                    problems.add("dtype of " + e.name() + " is " + e.dtype()
                            + " but the module needs a floating-point type (F32, F64, F16 or BF16)");
                }
            }
            if (!problems.isEmpty()) {
                throw new WeightFileException(path, StateCheck.describe(module.getClass().getSimpleName(), problems));
            }
            Contents c = readData(ch, path, h);
            try {
                module.loadStateDict(c.tensors());
            } catch (IllegalArgumentException e) {
                throw new WeightFileException(path, e.getMessage(), e); // e.g. a NaN weight
            }
        }
    }

    private static Header readHeader(FileChannel ch, Path path, long maxHeaderBytes) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw new WeightFileException(path, "file is " + fileSize + " bytes, too short for the 8-byte header "
                    + "length of a safetensors file");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, path, "the header length");
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > Math.min(maxHeaderBytes, Integer.MAX_VALUE - 8)) {
            throw new WeightFileException(path, "header length " + Long.toUnsignedString(n)
                    + " bytes exceeds the limit of " + Math.min(maxHeaderBytes, Integer.MAX_VALUE - 8) + " bytes");
        }
        if (n > fileSize - 8) {
            throw new WeightFileException(path, "header length " + n + " bytes runs past the end of the file ("
                    + fileSize + " bytes): truncated or not a safetensors file");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        readFully(ch, headerBuf, 8, path, "the header");
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf.flip());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new WeightFileException(path, "header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new WeightFileException(path, "header does not start with '{': not a safetensors file");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new WeightFileException(path, "malformed JSON header: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new WeightFileException(path, "header is not a JSON object");
        }
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = parseMetadata(e.getValue(), path);
            } else {
                entries.add(parseEntry(name, e.getValue(), path));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new WeightFileException(path, "tensor '" + e.name() + "' starts at data offset " + e.begin()
                        + " but the previous tensor ends at " + expected
                        + (e.begin() < expected ? ": overlapping offsets" : ": a gap in the data"));
            }
            expected = e.end();
        }
        long dataStart = 8 + n;
        if (dataStart + expected != fileSize) {
            throw new WeightFileException(path, "the tensors cover " + expected + " data bytes but the file has "
                    + (fileSize - dataStart) + (dataStart + expected > fileSize ? ": truncated file"
                    : ": trailing bytes after the last tensor"));
        }
        return new Header(Collections.unmodifiableList(entries), metadata, dataStart);
    }

    private static Map<String, String> parseMetadata(Object value, Path path) throws WeightFileException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new WeightFileException(path, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new WeightFileException(path, METADATA_KEY + " value of '" + e.getKey()
                        + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry parseEntry(String name, Object value, Path path) throws WeightFileException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> info)) {
            throw new WeightFileException(path, where + " is not described by a JSON object");
        }
        if (info.size() != 3 || !info.containsKey("dtype") || !info.containsKey("shape")
                || !info.containsKey("data_offsets")) {
            throw new WeightFileException(path, where + " must have exactly the keys dtype, shape and data_offsets, "
                    + "got " + info.keySet());
        }
        if (!(info.get("dtype") instanceof String typeName)) {
            throw new WeightFileException(path, where + ": dtype is not a string");
        }
        DType dtype = DType.byName(typeName);
        if (dtype == null) {
            throw new WeightFileException(path, where + " has dtype '" + typeName + "', which Descent does not read"
                    + " (it reads " + Arrays.toString(DType.values()) + ")");
        }
        List<Long> dims = nonNegativeIntegers(info.get("shape"), where + ": shape", path);
        long count = 1;
        int[] intDims = new int[dims.size()];
        for (int k = 0; k < intDims.length; k++) {
            try {
                count = Math.multiplyExact(count, dims.get(k));
            } catch (ArithmeticException e) {
                throw new WeightFileException(path, where + ": shape " + dims + " overflows");
            }
            if (dims.get(k) > Integer.MAX_VALUE) {
                throw new WeightFileException(path, where + ": dimension " + dims.get(k) + " is too large");
            }
            intDims[k] = (int) (long) dims.get(k);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new WeightFileException(path, where + ": " + count + " elements exceed what a Descent tensor holds");
        }
        List<Long> offsets = nonNegativeIntegers(info.get("data_offsets"), where + ": data_offsets", path);
        if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
            throw new WeightFileException(path, where + ": data_offsets must be [begin, end] with begin ≤ end, got "
                    + offsets);
        }
        long bytes = count * dtype.size();
        if (offsets.get(1) - offsets.get(0) != bytes) {
            throw new WeightFileException(path, where + ": data_offsets " + offsets + " span "
                    + (offsets.get(1) - offsets.get(0)) + " bytes but shape " + dims + " of " + dtype + " needs "
                    + bytes);
        }
        return new Entry(name, dtype, Shape.of(intDims), offsets.get(0), offsets.get(1));
    }

    private static List<Long> nonNegativeIntegers(Object value, String what, Path path) throws WeightFileException {
        if (!(value instanceof List<?> list)) {
            throw new WeightFileException(path, what + " is not a JSON array");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Long v) || v < 0) {
                throw new WeightFileException(path, what + " must hold non-negative integers, got " + list);
            }
            out.add(v);
        }
        return out;
    }

    private static Contents readData(FileChannel ch, Path path, Header h) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        List<Entry> entries = h.entries();
        ByteBuffer chunk = chunkBuffer(entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end());
        for (Entry e : entries) {
            int size = e.shape().size();
            float[] values = new float[size];
            int perChunk = chunk.capacity() / e.dtype().size();
            long position = h.dataStart() + e.begin();
            for (int from = 0; from < size; from += perChunk) {
                int count = Math.min(perChunk, size - from);
                chunk.clear().limit(count * e.dtype().size());
                readFully(ch, chunk, position, path, "tensor '" + e.name() + "'");
                position += count * (long) e.dtype().size();
                chunk.flip();
                if (e.dtype() == DType.F32) {
                    chunk.asFloatBuffer().get(values, from, count);
                } else {
                    for (int k = 0; k < count; k++) {
                        values[from + k] = e.dtype().read(chunk);
                    }
                }
            }
            tensors.put(e.name(), Tensor.wrap(values, 0, e.shape()));
            dtypes.put(e.name(), e.dtype());
        }
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(dtypes), h.metadata());
    }

    /** Fills {@code b} from file position {@code position}; the file ending first is a truncated file. */
    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path, String what)
            throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, at);
            if (r < 0) {
                throw new WeightFileException(path, "file ends at byte " + at + " while reading " + what
                        + ": truncated file");
            }
            at += r;
        }
    }
}
