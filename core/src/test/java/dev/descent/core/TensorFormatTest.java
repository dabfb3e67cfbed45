package dev.descent.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code toString} against PyTorch's own printing of the same tensors ({@code tensor_format.json}, written by
 * {@code src/test/python/tensor_format.py}). Descent adds {@code , shape=[…]} to abbreviated tensors only.
 */
class TensorFormatTest {

    @Test
    void printsAsPyTorch() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/tensor_format.json")) {
            root = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            int[] dims = new int[c.get("shape").size()];
            for (int k = 0; k < dims.length; k++) {
                dims[k] = c.get("shape").get(k).asInt();
            }
            JsonNode values = c.get("values");
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode e = values.get(i);
                v[i] = e.isTextual() ? special(e.asText()) : (float) e.asDouble();
            }
            Tensor t = Tensor.of(v, dims);
            String expected = c.get("text").asText();
            if (t.size() > TensorFormat.SUMMARIZE_ABOVE) {
                expected = expected.substring(0, expected.length() - 1) + ", shape=" + t.shape() + ")";
            }
            assertEquals(expected, t.toString(), c.get("name").asText());
            checked++;
        }
        assertEquals(18, checked);
    }

    /** Python's str() of a non-finite float. */
    private static float special(String text) {
        return switch (text) {
            case "nan" -> Float.NaN;
            case "inf" -> Float.POSITIVE_INFINITY;
            case "-inf" -> Float.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a special value: " + text);
        };
    }

    @Test
    void emptyTensorsShowTheirShape() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], shape=[2, 0])", Tensor.zeros(2, 0).toString());
    }

    @Test
    void viewsPrintTheirOwnElements() {
        Tensor x = Tensor.arange(6).reshape(3, 2);
        assertEquals("tensor([[2., 3.],\n        [4., 5.]])", x.rows(1, 3).toString());
        assertEquals("tensor([4., 5.])", x.row(2).toString());
    }

    @Test
    void pythonNumberFormatting() {
        assertEquals("1.0000e+05", TensorFormat.scientific(1e5));
        assertEquals("-1.2346e-07", TensorFormat.scientific(-1.23456e-7));
        assertEquals("0.0000e+00", TensorFormat.scientific(0));
        assertEquals("1.0000e+100", TensorFormat.scientific(1e100));
        assertEquals("9.9999e+00", TensorFormat.scientific(9.99994));
        assertEquals("1.0000e+01", TensorFormat.scientific(9.99995)); // rounds up into the next decade
        assertEquals("-0.0000", TensorFormat.fixed(-0.00001, 4));
        assertEquals("2", TensorFormat.fixed(2.5, 0)); // half to even
        assertEquals("0.1250", TensorFormat.fixed(0.125, 4));
        assertEquals("-inf", TensorFormat.fixed(Double.NEGATIVE_INFINITY, 4));
    }
}
