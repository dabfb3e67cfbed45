package dev.descent.nn.io;

import java.nio.ByteBuffer;

/**
 * The element types of the safetensors format that Descent reads, with their size in bytes.
 *
 * <p>Descent computes in float32, so every type is converted to float on reading: exactly for F16, BF16, F32, the
 * 8- and 16-bit integers and BOOL; rounded to the nearest float for F64 and for 32- and 64-bit integers beyond
 * 2²⁴ in magnitude. It writes F32, and I64 for integer-valued buffers such as BatchNorm's {@code num_batches_tracked}
 * (PyTorch's type for it). The declaration order is the safetensors reference implementation's alignment order; its
 * writer puts larger alignments first, and so does {@link SafeTensors}.
 *
 * <p>The 8-bit float types of the format (F8_E4M3, F8_E5M2) are not supported and give a clear error.
 */
public enum DType {
    BOOL(1, false),
    U8(1, false),
    I8(1, false),
    I16(2, false),
    U16(2, false),
    F16(2, true),
    BF16(2, true),
    I32(4, false),
    U32(4, false),
    F32(4, true),
    F64(8, true),
    I64(8, false),
    U64(8, false);

    private final int size;
    private final boolean floating;

    DType(int size, boolean floating) {
        this.size = size;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether this is a floating-point type (F16, BF16, F32, F64). */
    public boolean isFloatingPoint() {
        return floating;
    }

    /** The type named {@code name} in a header ("F32", "I64", …), or null if Descent does not know it. */
    public static DType byName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Reads one element at the buffer's position (little-endian order set by the caller) as a float. */
    float read(ByteBuffer b) {
        return switch (this) {
            case BOOL -> b.get() != 0 ? 1f : 0f;
            case U8 -> b.get() & 0xff;
            case I8 -> b.get();
            case I16 -> b.getShort();
            case U16 -> b.getShort() & 0xffff;
            case F16 -> halfToFloat(b.getShort());
            case BF16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            case I32 -> b.getInt();
            case U32 -> b.getInt() & 0xffffffffL;
            case F32 -> b.getFloat();
            case F64 -> (float) b.getDouble();
            case I64 -> b.getLong();
            case U64 -> unsignedToFloat(b.getLong());
        };
    }

    /**
     * Writes {@code v} at the buffer's position. Only F32 and I64 are written; I64 requires an integral value.
     *
     * @throws IllegalArgumentException for another type or a non-integral value written as I64
     */
    void write(ByteBuffer b, float v) {
        switch (this) {
            case F32 -> b.putFloat(v);
            case I64 -> {
                if (v != Math.rint(v) || Float.isInfinite(v)) {
                    throw new IllegalArgumentException("cannot store " + v + " as I64: not an integer");
                }
                b.putLong((long) v);
            }
            default -> throw new IllegalArgumentException("Descent writes only F32 and I64 tensors, not " + this);
        }
    }

    /** IEEE 754 binary16 to float: exact (every half is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN: keep the payload's top bits
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) { // zero or subnormal: mant · 2⁻²⁴
            float v = mant * 0x1.0p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static float unsignedToFloat(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }
}
