package dev.descent.core.kernel;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Run in a fresh JVM by {@link JitStateTest}: computes softmax, exp, log, tanh, sigmoid, sum, dot, the squared
 * deviations and the shifted exponentials with the kernels {@link VectorizationProvider} chose, first cold (the
 * first calls, interpreted), then {@code warmUps} more times, until C2 has compiled them, checking every time that
 * the bits have not changed. Prints {@code MISMATCH name …} for the first change of each result and {@code BITS name crc} for each
 * result; {@link #results} gives the same results from any {@link Kernels}, for comparing with the scalar ones.
 */
public final class JitStateProbe {
    private JitStateProbe() {
    }

    /** Arguments: the number of warm-up calls after the cold one. */
    public static void main(String[] args) {
        int warmUps = Integer.parseInt(args[0]);
        Kernels k = VectorizationProvider.kernels();
        Map<String, float[]> cold = results(k);
        cold.put("Tensor.softmax", tensorSoftmax());
        Map<String, String> mismatches = new LinkedHashMap<>(); // the first change of each result
        for (int call = 1; call <= warmUps; call++) {
            Map<String, float[]> warm = results(k);
            warm.put("Tensor.softmax", tensorSoftmax());
            for (var e : cold.entrySet()) {
                int at = firstDifference(e.getValue(), warm.get(e.getKey()));
                if (at >= 0 && !mismatches.containsKey(e.getKey())) {
                    mismatches.put(e.getKey(), "MISMATCH " + e.getKey() + " after " + call + " calls: element " + at + " was "
                            + Integer.toHexString(Float.floatToRawIntBits(e.getValue()[at])) + ", now "
                            + Integer.toHexString(Float.floatToRawIntBits(warm.get(e.getKey())[at])));
                }
            }
        }
        mismatches.values().forEach(System.out::println);
        System.out.println("KERNELS " + k.name());
        digests(cold).forEach((name, crc) -> System.out.println("BITS " + name + " " + crc));
    }

    /**
     * The reproducer of the bug this guards against, a softmax whose bits changed once C2 compiled the kernels; its
     * logits are also {@link #results}' softmax input, so the two must agree.
     */
    private static float[] tensorSoftmax() {
        return logits().softmax(1).toArray();
    }

    private static Tensor logits() {
        return Tensor.uniform(new Rng(5), -3, 3, 2, 64);
    }

    /** Each kernel's result on fixed inputs, lengths with a vector tail, with NaN, ±0, ±∞ and subnormals. */
    public static Map<String, float[]> results(Kernels k) {
        Map<String, float[]> r = new LinkedHashMap<>();
        Rng rng = new Rng(2024);
        float[] x = Inputs.withSpecials(rng, 300, 0, 0.05);
        float[] moderate = Inputs.uniform(rng, 301, 0, -20f, 20f);
        float[] positive = Inputs.uniform(rng, 299, 0, 0f, 50f);
        for (int i = 0; i < positive.length; i += 7) {
            positive[i] = Inputs.special(rng);
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            r.put(op.label(), unary(k, op, x));
            r.put(op.label() + " moderate", unary(k, op, moderate));
        }
        r.put("log", unary(k, UnaryOp.LOG, positive));
        r.put("log moderate", unary(k, UnaryOp.LOG, moderate));
        r.put("sum", new float[] {k.sum(moderate, 1, 300), k.sum(x, 0, 300)});
        r.put("dot", new float[] {k.dot(moderate, 0, positive, 0, 299), k.dot(x, 3, moderate, 1, 297)});
        r.put("sumSquaredDeviations", new float[] {k.sumSquaredDeviations(moderate, 0, 0.25f, 301)});
        float[] softmax = new float[128];
        float[] logits = logits().toArray();
        for (int row = 0; row < 2; row++) { // as Tensor.softmax takes each row
            int at = row * 64;
            float sum = k.expShifted(logits, at, k.max(logits, at, 64), softmax, at, 64);
            k.binaryScalar(BinaryOp.DIV, softmax, at, sum, softmax, at, 64);
        }
        r.put("softmax", softmax);
        return r;
    }

    private static float[] unary(Kernels k, UnaryOp op, float[] x) {
        float[] out = new float[x.length];
        k.unary(op, x, 0, out, 0, x.length);
        return out;
    }

    /** A CRC of each result's raw bits, NaN payloads included. */
    public static Map<String, Long> digests(Map<String, float[]> results) {
        Map<String, Long> d = new LinkedHashMap<>();
        results.forEach((name, values) -> {
            CRC32 crc = new CRC32();
            for (float v : values) {
                int b = Float.floatToRawIntBits(v);
                crc.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            }
            d.put(name, crc.getValue());
        });
        return d;
    }

    /** The first index where the raw bits differ, or −1. */
    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
