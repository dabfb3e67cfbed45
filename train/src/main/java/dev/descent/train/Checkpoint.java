package dev.descent.train;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.nn.StateEntry;
import dev.descent.nn.io.DType;
import dev.descent.nn.io.SafeTensors;
import dev.descent.nn.io.WeightFileException;
import dev.descent.optim.Optimizer;
import dev.descent.optim.StateDict;
import dev.descent.optim.schedule.LrScheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: everything a run needs to continue exactly as if it had never stopped, in one safetensors
 * file written atomically (nn's {@link SafeTensors} writer: a crash mid-save leaves the previous file intact).
 *
 * <pre>
 * tensors   model.&lt;name&gt;        the model's state_dict (parameters and buffers; integer buffers as I64)
 *           optimizer.&lt;key&gt;     the optimizer's state tensors ({@link StateDict#tensors()})
 *           callback.&lt;i&gt;.&lt;name&gt; tensors kept by the i-th callback (e.g. EarlyStopping's best weights)
 * metadata  format               "descent-checkpoint/1"
 *           epochs_completed     epochs finished; the resumed run starts at this (0-based) epoch
 *           iteration            optimizer steps taken
 *           scheduler_t          the learning-rate schedule's step count (absent without a schedule)
 *           optimizer            the optimizer's name; optimizer.&lt;key&gt; its scalars (step counts, hyper-parameters)
 *           rng.&lt;module&gt;         each Dropout layer's generator state
 *           callback.&lt;i&gt;.class, callback.&lt;i&gt;.&lt;key&gt;   each stateful callback's class and numbers
 *           history              the epochs so far, as {@link History#toCsv()}
 *           batch_size, seed, shuffle, drop_last   the loader settings the run used
 * </pre>
 * Numbers are written with {@link Double#toString} and {@link Long#toString}, which read back to the same bits. The
 * data loader needs no state: its order for an epoch depends only on its seed and the epoch.
 *
 * <p>The model's weights sit under their PyTorch names behind the {@code model.} prefix; for a file that PyTorch
 * loads directly, use a weights-only {@link dev.descent.train.callbacks.ModelCheckpoint}.
 */
public final class Checkpoint {
    /** The value of the {@code format} metadata entry. */
    public static final String FORMAT = "descent-checkpoint/1";

    private static final String MODEL = "model.", OPTIMIZER = "optimizer.", CALLBACK = "callback.", RNG = "rng.";

    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private Checkpoint(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Where the run stood, besides the model and optimizer. */
    record RunState(int epochsCompleted, long iteration, Long schedulerT, History history,
                    Map<String, String> loaderSettings) {
    }

    static void save(Path path, Module model, Optimizer<?> optimizer, RunState run, List<Callback> callbacks)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epochs_completed", Integer.toString(run.epochsCompleted()));
        meta.put("iteration", Long.toString(run.iteration()));
        if (run.schedulerT() != null) {
            meta.put("scheduler_t", Long.toString(run.schedulerT()));
        }
        meta.putAll(run.loaderSettings());
        for (Map.Entry<String, StateEntry> e : model.stateEntries().entrySet()) {
            tensors.put(MODEL + e.getKey(), e.getValue().value());
            if (e.getValue().kind() == StateEntry.Kind.INTEGER_BUFFER) {
                dtypes.put(MODEL + e.getKey(), DType.I64);
            }
        }
        StateDict sd = optimizer.stateDict();
        meta.put("optimizer", sd.optimizer());
        sd.tensors().forEach((k, t) -> tensors.put(OPTIMIZER + k, t));
        sd.scalars().forEach((k, v) -> meta.put(OPTIMIZER + k, Double.toString(v)));
        for (Map.Entry<String, Module> m : model.namedModules().entrySet()) {
            if (m.getValue() instanceof Dropout d) {
                meta.put(RNG + m.getKey(), longs(d.rng().state()));
            }
        }
        for (int i = 0; i < callbacks.size(); i++) {
            Callback.State s = callbacks.get(i).state();
            if (s != null) {
                String prefix = CALLBACK + i + ".";
                meta.put(prefix + "class", callbacks.get(i).getClass().getName());
                s.scalars().forEach((k, v) -> meta.put(prefix + k, Double.toString(v)));
                s.tensors().forEach((k, t) -> tensors.put(prefix + k, t));
            }
        }
        meta.put("history", run.history().toCsv());
        SafeTensors.save(tensors, dtypes, meta, path);
    }

    /**
     * Reads a checkpoint written by a {@link Trainer} (for example through
     * {@link dev.descent.train.callbacks.ModelCheckpoint}), checking every entry that does not depend on the model:
     * the counts, the history, the optimizer's and callbacks' numbers, the generator states, and that every tensor
     * is finite (a run must not resume into NaN weights or moments).
     *
     * @throws WeightFileException if the file is damaged or is not a Descent checkpoint, naming the entry
     */
    public static Checkpoint load(Path path) throws IOException {
        SafeTensors.Contents c = SafeTensors.load(path);
        if (!FORMAT.equals(c.metadata().get("format"))) {
            throw new WeightFileException(path, "not a Descent training checkpoint (metadata format is "
                    + c.metadata().get("format") + ", expected " + FORMAT + "); a weights-only file loads with "
                    + "SafeTensors.load(module, path)");
        }
        Checkpoint cp = new Checkpoint(path, c.tensors(), c.metadata());
        try {
            cp.epochsCompleted();
            cp.iteration();
            cp.schedulerT();
            cp.history();
            cp.optimizerState();
            cp.generatorStates();
            cp.metadata.forEach((k, v) -> {
                if (k.startsWith(CALLBACK) && !k.endsWith(".class")) {
                    cp.parseDouble(k, v);
                }
            });
            cp.tensors.forEach(cp::checkFinite);
        } catch (BadEntry e) {
            throw new WeightFileException(path, e.problem, e);
        }
        return cp;
    }

    /** The file this checkpoint was read from. */
    public Path file() {
        return file;
    }

    /** Epochs finished when it was written: the 0-based epoch a resumed run starts at. */
    public int epochsCompleted() {
        return (int) wholeNumber("epochs_completed", Integer.MAX_VALUE);
    }

    /** Optimizer steps taken when it was written. */
    public long iteration() {
        return wholeNumber("iteration", Long.MAX_VALUE);
    }

    /** The schedule's step count, or null if the run had no schedule. */
    Long schedulerT() {
        return metadata.containsKey("scheduler_t") ? wholeNumber("scheduler_t", Long.MAX_VALUE) : null;
    }

    /** The metrics of the epochs before the checkpoint. */
    public History history() {
        String csv = metadata.get("history");
        if (csv == null) {
            throw new BadEntry(file, "checkpoint has no history entry");
        }
        try {
            return History.parseCsv(csv);
        } catch (IllegalArgumentException e) {
            throw new BadEntry(file, "checkpoint entry history: " + e.getMessage());
        }
    }

    /** A metadata entry (for example {@code batch_size}), or null. */
    public String metadata(String key) {
        return metadata.get(key);
    }

    /** The model's weights and buffers by their state_dict names. */
    public Map<String, Tensor> modelState() {
        return withoutPrefix(MODEL);
    }

    /**
     * Puts the checkpoint's state into {@code model} and {@code optimizer} (and the Dropout generators). Everything
     * is checked before anything changes, and if anything is refused the model, the optimizer and the generators are
     * put back bit for bit as they were.
     *
     * @throws IllegalArgumentException if the model or optimizer differs from the one saved (names, shapes, kind,
     *                                  Dropout layers), naming the file
     */
    public void restore(Module model, Optimizer<?> optimizer) {
        restore(model, optimizer, null, null);
    }

    /**
     * {@link #restore(Module, Optimizer)}, and also the schedule's step count and each stateful callback's state;
     * {@code callbacks} must be the same kinds in the same order. The callbacks' classes are checked before anything
     * changes; a callback that refuses its state puts the model and optimizer back too.
     */
    void restore(Module model, Optimizer<?> optimizer, List<Callback> callbacks, LrScheduler scheduler) {
        Map<String, long[]> rngs = generatorStates();
        Map<String, Module> modules = model.namedModules();
        rngs.keySet().forEach(name -> {
            if (!(modules.get(name) instanceof Dropout)) {
                throw new BadEntry(file, "checkpoint has a generator for '" + name
                        + "', which is not a Dropout layer of this model");
            }
        });
        modules.forEach((name, m) -> {
            if (m instanceof Dropout && !rngs.containsKey(name)) {
                throw new BadEntry(file, "checkpoint has no generator state for the Dropout layer '" + name
                        + "' of this model; it was written for another model");
            }
        });
        StateDict sd = optimizerState();
        List<Callback.State> callbackStates = callbacks == null ? List.of() : callbackStates(callbacks);
        TrainingSnapshot before = new TrainingSnapshot(model, optimizer);
        try {
            if (scheduler != null) {
                scheduler.apply(schedulerT()); // sets the rates, which the optimizer's state then overrides
            }
            model.loadStateDict(modelState());
            optimizer.loadStateDict(sd);
            rngs.forEach((name, state) -> ((Dropout) modules.get(name)).rng().restore(state));
            for (int i = 0; i < callbackStates.size(); i++) {
                if (callbackStates.get(i) != null) {
                    callbacks.get(i).restoreState(callbackStates.get(i));
                }
            }
        } catch (RuntimeException e) {
            before.putBack();
            if (e instanceof IllegalArgumentException && !(e instanceof BadEntry)) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e); // name the checkpoint
            }
            throw e;
        }
    }

    /** The optimizer's state dict. */
    public StateDict optimizerState() {
        Map<String, Double> scalars = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER)) {
                scalars.put(k.substring(OPTIMIZER.length()), parseDouble(k, v));
            }
        });
        String name = metadata.get("optimizer");
        if (name == null) {
            throw new BadEntry(file, "checkpoint has no optimizer entry");
        }
        return new StateDict(name, withoutPrefix(OPTIMIZER), scalars);
    }

    /**
     * Each callback's saved state (null for a stateless one), after checking they are the same kinds in order. States
     * beyond the run's callbacks are left unused: a resumed run may drop a trailing ModelCheckpoint.
     */
    private List<Callback.State> callbackStates(List<Callback> callbacks) {
        List<Callback.State> states = new ArrayList<>();
        for (int i = 0; i < callbacks.size(); i++) {
            String prefix = CALLBACK + i + ".";
            String saved = metadata.get(prefix + "class");
            Callback cb = callbacks.get(i);
            boolean stateful = cb.state() != null;
            if (saved == null && !stateful) {
                states.add(null);
                continue;
            }
            if (saved == null || !saved.equals(cb.getClass().getName())) {
                throw new BadEntry(file, "callback " + i + " is a " + cb.getClass().getSimpleName()
                        + " but the checkpoint holds " + (saved == null ? "no state" : "the state of a " + saved)
                        + " there; resume with the same callbacks in the same order");
            }
            Map<String, Double> scalars = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "class")) {
                    scalars.put(k.substring(prefix.length()), parseDouble(k, v));
                }
            });
            states.add(new Callback.State(scalars, withoutPrefix(prefix)));
        }
        return states;
    }

    /** The Dropout generators' states by module name. */
    private Map<String, long[]> generatorStates() {
        Map<String, long[]> rngs = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k.startsWith(RNG)) {
                rngs.put(k.substring(RNG.length()), parseLongs(k, v));
            }
        });
        return rngs;
    }

    private void checkFinite(String name, Tensor t) {
        float[] a = t.array();
        for (int i = 0, o = t.offset(); i < t.size(); i++) {
            if (!Float.isFinite(a[o + i])) {
                throw new BadEntry(file, "checkpoint entry " + name + " holds " + a[o + i] + " at flat index " + i
                        + " (shape " + t.shape() + "); a run cannot resume from non-finite values");
            }
        }
    }

    private Map<String, Tensor> withoutPrefix(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, t) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), t);
            }
        });
        return out;
    }

    private long wholeNumber(String key, long max) {
        String v = metadata.get(key);
        if (v == null) {
            throw new BadEntry(file, "checkpoint has no " + key + " entry");
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadEntry(file, "checkpoint entry " + key + " must be a whole number in [0, " + max + "], got '" + v
                + "'");
    }

    private double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadEntry(file, "checkpoint entry " + key + " is not a number: '" + v + "'");
        }
    }

    private long[] parseLongs(String key, String v) {
        String[] parts = v.split(",", -1);
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            out = null;
        }
        int length = new Rng(0).state().length;
        if (out == null || out.length != length) {
            throw new BadEntry(file, "checkpoint entry " + key + " is not a generator state (" + length
                    + " whole numbers): '" + v + "'");
        }
        return out;
    }

    /** A checkpoint entry that is missing or wrong; the message names the file, {@link #problem} does not. */
    private static final class BadEntry extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String problem;

        BadEntry(Path file, String problem) {
            super(file + ": " + problem);
            this.problem = problem;
        }
    }

    private static String longs(long[] values) {
        StringBuilder s = new StringBuilder();
        for (long v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }
}
