package dev.descent.cli.experiment;

import dev.descent.cli.chart.ChartFiles;
import dev.descent.cli.io.OutputDirectory;
import dev.descent.cli.report.HtmlReport;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.List;

/** One part of a report: a heading, what it shows, its charts (written beside the report too) and its table. */
public final class Section {

    private final String key;
    private final String title;
    private final String explanation;
    private final List<RunResult> runs = new ArrayList<>();
    private final List<XYChart> charts = new ArrayList<>();
    private final List<String> chartNames = new ArrayList<>();

    public Section(String key, String title, String explanation) {
        this.key = key;
        this.title = title;
        this.explanation = explanation;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public List<RunResult> runs() {
        return runs;
    }

    public Section chart(String name, XYChart chart) {
        chartNames.add(name);
        charts.add(chart);
        return this;
    }

    /** Writes the charts as files ({@code <key>-<name>.png/.svg}) and appends the section to the report. */
    public void write(HtmlReport report, OutputDirectory dir, ChartFiles.Format format) {
        report.section(title).paragraph(explanation);
        for (int i = 0; i < charts.size(); i++) {
            String base = key + "-" + chartNames.get(i);
            byte[] png = ChartFiles.save(charts.get(i), dir.file(base), format);
            report.chart(png, charts.get(i).getTitle(), format == ChartFiles.Format.PNG ? base + ".png"
                    : base + ".svg");
        }
        if (!runs.isEmpty()) {
            report.table(Results.table(runs));
        }
    }
}
