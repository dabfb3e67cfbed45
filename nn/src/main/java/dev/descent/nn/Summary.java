package dev.descent.nn;

import dev.descent.core.Shape;

import java.util.ArrayList;
import java.util.Arrays;
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
 * As in Keras, non-trainable parameters are the values of {@linkplain Module#requiresGrad frozen} parameters and of
 * real-valued buffers (BatchNorm's running mean and variance), and a layer's count includes its buffers.
 *
 * <p>When some parameter is frozen, a last column {@code Trainable} says, as Keras's {@code show_trainable} does,
 * whether each layer trains: {@code Y} (all its parameters), {@code N} (none), {@code partly} (some: a layer whose
 * weight is frozen and whose bias is not), or {@code -} for a layer without parameters.
 */
final class Summary {
    private static final String[] HEADER = {"Layer (type)", "Output Shape", "Param #", "Trainable"};

    /** One layer: its cells in {@link #HEADER}'s order. */
    private record Row(String layer, String shape, String params, String trainable) {
        String[] cells() {
            return new String[] {layer, shape, params, trainable};
        }
    }

    private Summary() {
    }

    static String of(Module model, Shape input) {
        List<Row> rows = new ArrayList<>();
        walk(model, "", input, rows);
        long total = model.parameterCount(), trainable = model.trainableParameterCount();
        int columns = trainable < total ? 4 : 3;
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = HEADER[c].length();
            for (Row r : rows) {
                widths[c] = Math.max(widths[c], r.cells()[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, HEADER, widths);
        String rule = "=".repeat(Arrays.stream(widths).sum() + 3 * (columns - 1)) + System.lineSeparator();
        sb.append(rule);
        for (Row r : rows) {
            line(sb, r.cells(), widths);
        }
        long buffers = model.bufferCount();
        return sb.append(rule)
                .append("Total params: ").append(count(total + buffers)).append(System.lineSeparator())
                .append("Trainable params: ").append(count(trainable)).append(System.lineSeparator())
                .append("Non-trainable params: ").append(count(total - trainable + buffers))
                .append(System.lineSeparator()).toString();
    }

    /** One line of the table: names and shapes left-aligned, counts right-aligned, three spaces between columns. */
    private static void line(StringBuilder sb, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String format = (c == 2 ? "%" : "%-") + widths[c] + "s";
            line.append(c > 0 ? "   " : "").append(String.format(Locale.ROOT, format, cells[c]));
        }
        sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
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
        long params = m.parameterCount(), trainable = m.trainableParameterCount();
        String trains = params == 0 ? "-" : trainable == params ? "Y" : trainable == 0 ? "N" : "partly";
        rows.add(new Row(label, out.toString(), count(params + m.bufferCount()), trains));
        return out;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
