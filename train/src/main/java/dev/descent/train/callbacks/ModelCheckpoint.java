package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.nio.file.Path;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model after epochs, as Keras 3's {@code ModelCheckpoint}: every epoch, or only when the monitored metric
 * is the best so far ({@code save_best_only}: saved when {@code improves(current, best)} with
 * {@link Mode#improves}, no {@code min_delta}; the first value always saves unless an
 * {@linkplain #initialValueThreshold initial threshold} is set, which it must then beat). The best value is kept
 * across fits of the same instance and travels in checkpoints, as Keras keeps it on the callback.
 *
 * <p>The path is a template: {@code {epoch}} is the epoch counted from 1 and {@code {name}} any metric of the
 * epoch's logs, each optionally with a format as Python's — {@code "ckpt-{epoch:02d}-{val_loss:.4f}.safetensors"}.
 *
 * <p>By default a file is a full {@link dev.descent.train.Checkpoint} — weights, optimizer state, generator and
 * callback states, history — that {@link dev.descent.train.Trainer#resumeFrom} continues from exactly. With
 * {@link #weightsOnly(boolean)} it holds only the model's {@code state_dict} (PyTorch names, loadable with
 * {@code SafeTensors.load(module, path)} or with PyTorch's safetensors tools). Either way the file is written
 * atomically once the epoch has completely finished, so a crash never leaves a damaged file behind.
 *
 * <p>Differences from Keras, deliberate: any file name is allowed (Keras insists on {@code .keras}, {@code .h5} or
 * {@code .weights.h5}; Descent writes safetensors); a NaN metric never saves (Keras 3 saves a NaN first value and
 * then never again, since nothing improves on NaN); a monitored metric the fit does not record is an error before
 * training (Keras warns and saves every epoch); a template field without a format prints a metric as Java does
 * ({@code 1.0E-5} where Python prints {@code 1e-05}). Not implemented: {@code save_freq} as a number of batches —
 * files are written between epochs only, where a full checkpoint can resume exactly.
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final String template;
    private String monitor = EpochLogs.VAL_LOSS;
    private Mode mode = Mode.AUTO;
    private boolean saveBestOnly;
    private boolean weightsOnly;
    private boolean verbose;

    private Mode direction;
    private double best = Double.NaN; // NaN: nothing saved yet
    private boolean threshold;

    /** Saves after every epoch to {@code pathTemplate}. */
    public ModelCheckpoint(String pathTemplate) {
        this.template = Objects.requireNonNull(pathTemplate, "pathTemplate");
    }

    /** Saves after every epoch to {@code path}. */
    public ModelCheckpoint(Path path) {
        this(path.toString());
    }

    /** Saves only when {@code monitor} is the best so far (in direction {@code mode}). */
    public ModelCheckpoint saveBestOnly(String monitor, Mode mode) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.saveBestOnly = true;
        return this;
    }

    /** Saves only when {@code monitor} is the best so far, its direction by {@link Mode#AUTO}. */
    public ModelCheckpoint saveBestOnly(String monitor) {
        return saveBestOnly(monitor, Mode.AUTO);
    }

    /**
     * Keras's {@code initial_value_threshold}: with {@link #saveBestOnly}, the value the monitored metric must beat for
     * the first save (default: none, the first value saves).
     */
    public ModelCheckpoint initialValueThreshold(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("ModelCheckpoint: initialValueThreshold must not be NaN");
        }
        this.best = value;
        this.threshold = true;
        return this;
    }

    /** Whether to save only the model's weights (default false: a full checkpoint). */
    public ModelCheckpoint weightsOnly(boolean on) {
        this.weightsOnly = on;
        return this;
    }

    /** Whether to print a line for each save. */
    public ModelCheckpoint verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    @Override
    public void onTrainBegin(Training training) {
        if (threshold && !saveBestOnly) {
            throw new IllegalArgumentException("ModelCheckpoint: initialValueThreshold only applies with "
                    + "saveBestOnly(monitor, mode)");
        }
        if (saveBestOnly) {
            training.requireMetric("ModelCheckpoint", monitor);
            direction = mode.resolve(monitor);
        }
        format(template, new EpochLogs(0), training.metricNames()); // a bad template fails before training
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        Path path = Path.of(format(template, logs, null));
        if (saveBestOnly) {
            double current = logs.get(monitor);
            String from = Double.isNaN(best) ? "None" : String.format(Locale.ROOT, "%.5f", best);
            if (!direction.improves(current, best, 0)) {
                if (verbose) {
                    training.out().println(String.format(Locale.ROOT, "Epoch %d: %s did not improve from %s",
                            logs.epoch() + 1, monitor, from));
                }
                return;
            }
            if (verbose) {
                training.out().println(String.format(Locale.ROOT, "Epoch %d: %s improved from %s to %.5f, saving "
                        + "model to %s", logs.epoch() + 1, monitor, from, current, path));
            }
            best = current;
        } else if (verbose) {
            training.out().println(String.format(Locale.ROOT, "Epoch %d: saving model to %s", logs.epoch() + 1, path));
        }
        training.requestCheckpoint(path, weightsOnly);
    }

    /**
     * The template with its fields filled from {@code logs}. With {@code names}, fields are checked against those
     * metric names (and filled with 0) instead.
     *
     * @throws IllegalArgumentException for an unknown field or a bad format
     */
    static String format(String template, EpochLogs logs, List<String> names) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1), spec = m.group(2);
            Object value;
            if (name.equals("epoch")) {
                value = logs.epoch() + 1;
            } else if (names != null ? names.contains(name) : logs.has(name)) {
                value = names != null ? 0.0 : logs.get(name);
            } else {
                throw new IllegalArgumentException("ModelCheckpoint: the path template '" + template + "' names {"
                        + name + "}, which is not 'epoch' or a recorded metric " + (names != null ? names
                        : logs.values().keySet()));
            }
            String text;
            try {
                text = spec == null ? String.valueOf(value) : String.format(Locale.ROOT, "%" + spec, forSpec(value, spec));
            } catch (IllegalFormatException e) {
                throw new IllegalArgumentException("ModelCheckpoint: bad format '" + spec + "' for {" + name + "} in '"
                        + template + "'", e);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** An integer for an integer conversion ({@code 02d}), a double for any other ({@code .4f}). */
    private static Object forSpec(Object value, String spec) {
        boolean integer = spec.endsWith("d");
        if (value instanceof Integer i) {
            return integer ? i : (Object) i.doubleValue();
        }
        double d = (Double) value;
        return integer ? (Object) Math.round(d) : d;
    }

    @Override
    public State state() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        return new State(s, Map.of());
    }

    @Override
    public void restoreState(State state) {
        best = state.scalar("best");
    }
}
