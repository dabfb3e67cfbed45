package dev.descent.cli.experiment;

import dev.descent.cli.chart.Curves;
import dev.descent.train.EpochLogs;
import org.knowm.xchart.XYChart;

import java.util.List;

/** The charts of a set of runs: one metric per epoch, or training against validation. */
public final class ResultCharts {

    private ResultCharts() {
    }

    /** {@code metric} per epoch, one line per run. */
    public static XYChart metric(String title, List<RunResult> runs, String metric, String yTitle, boolean logY) {
        XYChart chart = Curves.chart(title, "epoch", yTitle);
        chart.getStyler().setYAxisLogarithmic(logY && runs.stream().allMatch(r -> positive(r.curve(metric))));
        for (int i = 0; i < runs.size(); i++) {
            Curves.line(chart, runs.get(i).spec().label(), runs.get(i).epochs(), runs.get(i).curve(metric), i);
        }
        return chart;
    }

    /** Training (solid) against validation (dashed) of the same quantity, one colour per run. */
    public static XYChart trainVsValidation(String title, List<RunResult> runs, boolean accuracy) {
        String train = accuracy ? EpochLogs.ACCURACY : EpochLogs.LOSS;
        String val = accuracy ? EpochLogs.VAL_ACCURACY : EpochLogs.VAL_LOSS;
        XYChart chart = Curves.chart(title, "epoch", accuracy ? "accuracy" : "loss");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            Curves.line(chart, r.spec().label() + " train", r.epochs(), r.curve(train), i);
            Curves.dashed(chart, r.spec().label() + " val", r.epochs(), r.curve(val), i);
        }
        return chart;
    }

    /** The learning rate of every step of a run, against epochs (a per-minibatch schedule's whole curve). */
    public static XYChart stepRates(RunResult r) {
        XYChart chart = Curves.chart("Learning rate of each step", "epoch", "learning rate");
        chart.getStyler().setLegendVisible(false);
        Curves.line(chart, r.spec().label(), r.steps().position(), r.steps().lr(), 0);
        return chart;
    }

    private static boolean positive(double[] v) {
        for (double x : v) {
            if (!(x > 0)) {
                return false;
            }
        }
        return true;
    }
}
