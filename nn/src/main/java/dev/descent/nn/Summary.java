package dev.descent.nn;

import dev.descent.core.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table of {@link Module#summary}, laid out like Keras's {@code model.summary()}:
 *
 * <pre>
 * Layer (type)       Output Shape   Param #
 * ==========================================
 * 0 (Linear)         [128, 256]     200,960
 * 1 (BatchNorm1d)    [128, 256]       1,024
 * ...
 * ==========================================
 * Total params: 236,170
 * Trainable params: 235,658
 * Non-trainable params: 512
 * </pre>
 *
 * A {@link Sequential} is opened up into its layers (nested ones too, with dotted names); any other module is one row.
 * As in Keras, non-trainable parameters are the values of real-valued buffers (BatchNorm's running mean and
 * variance), and a layer's count includes them.
 */
final class Summary {
    private record Row(String layer, String shape, long params) {
    }

    private Summary() {
    }

    static String of(Module model, Shape input) {
        List<Row> rows = new ArrayList<>();
        walk(model, "", input, rows);
        String[] header = {"Layer (type)", "Output Shape", "Param #"};
        int w0 = header[0].length(), w1 = header[1].length(), w2 = header[2].length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.layer.length());
            w1 = Math.max(w1, r.shape.length());
            w2 = Math.max(w2, count(r.params).length());
        }
        String format = "%-" + w0 + "s   %-" + w1 + "s   %" + w2 + "s%n";
        String rule = "=".repeat(w0 + w1 + w2 + 6) + System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, (Object[]) header)).append(rule);
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, format, r.layer, r.shape, count(r.params)));
        }
        long trainable = model.parameterCount(), frozen = model.bufferCount();
        sb.append(rule)
                .append("Total params: ").append(count(trainable + frozen)).append(System.lineSeparator())
                .append("Trainable params: ").append(count(trainable)).append(System.lineSeparator())
                .append("Non-trainable params: ").append(count(frozen)).append(System.lineSeparator());
        return sb.toString();
    }

    private static Shape walk(Module m, String name, Shape in, List<Row> rows) {
        if (m instanceof Sequential && !m.namedChildren().isEmpty()) {
            Shape current = in;
            for (var child : m.namedChildren().entrySet()) {
                current = walk(child.getValue(), name.isEmpty() ? child.getKey() : name + "." + child.getKey(),
                        current, rows);
            }
            return current;
        }
        String type = m.getClass().getSimpleName();
        String label = name.isEmpty() ? type : name + " (" + type + ")";
        Shape out;
        try {
            out = m.outputShape(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("summary: layer " + label + " cannot take input of shape " + in + ": "
                    + e.getMessage(), e);
        }
        rows.add(new Row(label, out.toString(), m.parameterCount() + m.bufferCount()));
        return out;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
