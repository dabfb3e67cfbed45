package dev.descent.cli.experiment;

import dev.descent.train.EpochLogs;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs as a table (printed and in the report) and as CSV. */
public final class Results {

    private static final List<String> HEADER = List.of("run", "train loss", "train acc", "val loss", "val acc",
            "test loss", "test acc", "best epoch", "seconds");

    private Results() {
    }

    /** Header row, then one row per run: final train/validation/test loss and accuracy, best epoch, seconds. */
    public static List<List<String>> table(List<RunResult> runs) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunResult r : runs) {
            rows.add(List.of(r.spec().label(), f4(r.last(EpochLogs.LOSS)), pct(r.last(EpochLogs.ACCURACY)),
                    f4(r.last(EpochLogs.VAL_LOSS)), pct(r.last(EpochLogs.VAL_ACCURACY)), f4(r.testLoss()),
                    pct(r.testAcc()), Integer.toString(r.bestEpoch()), String.format(Locale.ROOT, "%.2f",
                            r.seconds())));
        }
        return rows;
    }

    /** Prints rows as aligned columns: the first left-aligned, the rest right-aligned. */
    public static void print(PrintWriter out, List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(i == 0 ? cell + pad : "  " + pad + cell);
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    /** Every epoch of every run: {@code group,run,epoch,metric…}. */
    public static String historyCsv(String group, List<RunResult> runs, boolean header) {
        List<String> metrics = List.of(EpochLogs.LOSS, EpochLogs.ACCURACY, EpochLogs.VAL_LOSS,
                EpochLogs.VAL_ACCURACY, EpochLogs.LEARNING_RATE);
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("group,run,epoch,").append(String.join(",", metrics)).append('\n');
        }
        for (RunResult r : runs) {
            for (int e = 0; e < r.history().size(); e++) {
                sb.append(group).append(',').append(csv(r.spec().label())).append(',').append(e + 1);
                for (String m : metrics) {
                    EpochLogs logs = r.history().epoch(e);
                    sb.append(',').append(logs.has(m) ? Double.toString(logs.get(m)) : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** A CSV cell: quoted when it holds a comma or a quote. */
    public static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A loss as the tables print it: 4 decimals. */
    public static String f4(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 1e4 ? "%.4f" : "%.3e", v);
    }

    /** An accuracy as the tables print it: a percentage with 2 decimals. */
    public static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
