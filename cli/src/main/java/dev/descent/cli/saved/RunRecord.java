package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.cli.experiment.Activation;
import dev.descent.cli.experiment.DataSource;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.Experiment;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Normalization;
import dev.descent.cli.experiment.Regimen;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.io.Json;
import dev.descent.nn.loss.Loss;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code descent train} records beside a model's weights so that the run can be used again: the network to
 * rebuild, the loss its figures were measured with, the data and seeded split it was trained on, the class names,
 * and the preprocessing file that goes with it. It is stored as compact JSON in the model file's safetensors
 * metadata under {@value #METADATA_KEY}:
 * <pre>
 * {"version":1,
 *  "model":{"inputs":64,"classes":10,"hidden":[64],"activation":"relu","dropout":0.0,"normalization":"none",
 *           "l1":0.0,"l2":0.0},
 *  "loss":{"label_smoothing":0.0,"class_weights":null},
 *  "data":{"source":"digits","path":null,"sha256":null,"seed":1,"limit":0},
 *  "preprocessing":{"file":"preprocessing.safetensors","sha256":"…"},
 *  "class_names":["0","1","2","3","4","5","6","7","8","9"]}
 * </pre>
 * In Python: {@code json.loads(safe_open("model.safetensors", "np").metadata()["descent.spec"])}.
 *
 * <p>Every key is required ({@code null} where a value is absent) and no other key is allowed, so a hand edit that
 * misspells one is an error rather than silently ignored; a later format gets a higher {@code version}.
 * {@code normalization} is {@code none}, {@code batch} or {@code layer}; {@code source} is {@code digits},
 * {@code fashion-mnist} (with its directory as {@code path}) or {@code csv} (with the file's absolute {@code path}
 * and its {@code sha256}); {@code class_weights} are the cross-entropy's per-class weights as they were computed for
 * the training set (balanced ones included).
 *
 * @param model          the hidden layers, activation, dropout, normalization and L1/L2 penalties
 * @param inputs         features per example, after flattening
 * @param classes        outputs (logits), one per class
 * @param labelSmoothing the cross-entropy's ε
 * @param classWeights   the cross-entropy's class weights, or null
 * @param data           what the run was trained on
 * @param classNames     a name per class, or null
 * @param preprocessing  the preprocessing file beside the model file, or null before it is written
 */
public record RunRecord(ModelSpec model, int inputs, int classes, double labelSmoothing, float[] classWeights,
                        TrainingData data, String[] classNames, PreprocessingFile preprocessing) {

    /** The safetensors metadata key. */
    public static final String METADATA_KEY = "descent.spec";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * The data a run was trained on.
     *
     * @param source where the examples come from
     * @param sha256 the CSV file's SHA-256 at training time, or null for the other sources
     * @param seed   the split's (and the run's) seed
     * @param limit  the cap on training examples (0: none); the test set does not depend on it
     */
    public record TrainingData(DataSource source, String sha256, long seed, int limit) {
    }

    /**
     * The preprocessing file of a run.
     *
     * @param file   its name, in the model file's directory
     * @param sha256 its SHA-256, so that another run's file is not used by mistake
     */
    public record PreprocessingFile(String file, String sha256) {
        public PreprocessingFile {
            if (file == null || file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals("..")) {
                throw new IllegalArgumentException("the preprocessing file must be a plain file name, got '" + file
                        + "'");
            }
        }
    }

    public RunRecord {
        if (inputs < 1 || classes < 1) {
            throw new IllegalArgumentException("a model needs at least one input and one class, got " + inputs
                    + " inputs and " + classes + " classes");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + classes + " classes");
        }
        if (classNames != null && classNames.length != classes) {
            throw new IllegalArgumentException(classNames.length + " class names for " + classes + " classes");
        }
    }

    /** The record of a run of {@code model} on {@code data} under {@code regimen}'s loss, without its preprocessing. */
    public static RunRecord of(ModelSpec model, DataSpec.Data data, Regimen regimen) {
        Tensor weights = regimen.classWeights(data.train());
        return new RunRecord(model, data.features(), data.classes(), regimen.labelSmoothing(),
                weights == null ? null : weights.toArray(),
                new TrainingData(data.source(), data.source().fingerprint(), data.seed(), data.limit()),
                data.classNames(), null);
    }

    /** This record naming its preprocessing file. */
    public RunRecord with(PreprocessingFile file) {
        return new RunRecord(model, inputs, classes, labelSmoothing, classWeights, data, classNames, file);
    }

    /** The network, with placeholder weights to be loaded. */
    public Module build() {
        return model.build(inputs, classes, new Rng(0));
    }

    /** The loss the run reported: the cross-entropy with its smoothing and class weights, plus the L1/L2 penalty. */
    public Loss loss(Module net) {
        return Experiment.regularized(Regimen.crossEntropy(labelSmoothing,
                classWeights == null ? null : Tensor.vector(classWeights)), model.regularization(), net);
    }

    /** The name of class {@code c}: its given name, or its index. */
    public String className(int c) {
        return classNames == null ? Integer.toString(c) : classNames[c];
    }

    /** E.g. {@code 64 inputs → 16-16 relu, batch norm → 10 classes}. */
    public String describe() {
        return inputs + " inputs → " + model.describe() + " → " + classes + " classes";
    }

    // ---------------------------------------------------------------- JSON

    /** The record as the compact JSON stored under {@value #METADATA_KEY}. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", inputs);
        m.put("classes", classes);
        m.put("hidden", Arrays.stream(model.hidden()).boxed().toList());
        m.put("activation", model.activation().cliName());
        m.put("dropout", model.dropout());
        m.put("normalization", model.normalization().name().toLowerCase(Locale.ROOT));
        m.put("l1", model.l1());
        m.put("l2", model.l2());
        Map<String, Object> loss = new LinkedHashMap<>();
        loss.put("label_smoothing", labelSmoothing);
        loss.put("class_weights", classWeights == null ? null : floats(classWeights));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", data.source().kind().id());
        d.put("path", data.source().path() == null ? null : data.source().path().toString());
        d.put("sha256", data.sha256());
        d.put("seed", data.seed());
        d.put("limit", data.limit());
        Map<String, Object> p = null;
        if (preprocessing != null) {
            p = new LinkedHashMap<>();
            p.put("file", preprocessing.file());
            p.put("sha256", preprocessing.sha256());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("model", m);
        root.put("loss", loss);
        root.put("data", d);
        root.put("preprocessing", p);
        root.put("class_names", classNames == null ? null : List.of(classNames));
        return Json.write(root);
    }

    private static List<Double> floats(float[] values) {
        List<Double> out = new ArrayList<>();
        for (float v : values) {
            out.add((double) v); // exact: a float's double prints and parses back to the same float
        }
        return out;
    }

    /**
     * The record in {@code json}; {@code where} (e.g. the file) starts every error message.
     *
     * @throws BadInputException naming the key at fault and what it holds, for malformed JSON, a missing, unknown
     *                           or mistyped key, an unknown version, or values that do not make a model
     */
    public static RunRecord parse(String json, String where) {
        String context = where + ": " + METADATA_KEY;
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new BadInputException(context + " is not valid JSON: " + e.getMessage(), e);
        }
        Fields r = Fields.of(root, context, "");
        long version = r.integer("version", 1, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new BadInputException(context + " has version " + version + ", but this descent reads version "
                    + VERSION + " (written by a newer descent?)");
        }
        Fields m = r.object("model");
        Fields loss = r.object("loss");
        Fields d = r.object("data");
        Fields p = r.nullableObject("preprocessing");
        List<String> names = r.nullableStrings("class_names");
        r.done();
        try {
            ModelSpec model = new ModelSpec(m.integers("hidden"), m.activation("activation"), m.number("dropout"),
                    m.normalization("normalization"), m.number("l1"), m.number("l2"));
            int inputs = (int) m.integer("inputs", 1, Integer.MAX_VALUE);
            int classes = (int) m.integer("classes", 1, Integer.MAX_VALUE);
            m.done();
            double smoothing = loss.number("label_smoothing");
            float[] weights = loss.nullableFloats("class_weights");
            loss.done();
            TrainingData data = new TrainingData(d.source(), d.nullableString("sha256"),
                    d.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE), (int) d.integer("limit", 0, Integer.MAX_VALUE));
            d.done();
            PreprocessingFile pre = null;
            if (p != null) {
                pre = new PreprocessingFile(p.string("file"), p.string("sha256"));
                p.done();
            }
            return new RunRecord(model, inputs, classes, smoothing, weights, data,
                    names == null ? null : names.toArray(String[]::new), pre);
        } catch (IllegalArgumentException e) { // the values do not make a model, e.g. a hidden size of 0
            throw new BadInputException(context + ": " + e.getMessage(), e);
        }
    }

    /** The keys of one JSON object, read by type, each at most once; {@link #done()} refuses the ones left. */
    private static final class Fields {
        private final Map<?, ?> map;
        private final String context;
        private final String prefix;
        private final Set<String> read = new HashSet<>();

        private Fields(Map<?, ?> map, String context, String prefix) {
            this.map = map;
            this.context = context;
            this.prefix = prefix;
        }

        static Fields of(Object value, String context, String name) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new BadInputException(context + (name.isEmpty() ? " is not a JSON object"
                        : ": " + name + " must be a JSON object, got " + Json.write(value)));
            }
            return new Fields(map, context, name.isEmpty() ? "" : name + ".");
        }

        private Object get(String key) {
            if (!map.containsKey(key)) {
                throw new BadInputException(context + ": " + prefix + key + " is missing");
            }
            read.add(key);
            return map.get(key);
        }

        private BadInputException bad(String key, String expected, Object got) {
            return new BadInputException(context + ": " + prefix + key + " must be " + expected + ", got "
                    + Json.write(got));
        }

        Fields object(String key) {
            return of(get(key), context, prefix + key);
        }

        Fields nullableObject(String key) {
            Object v = get(key);
            return v == null ? null : of(v, context, prefix + key);
        }

        long integer(String key, long min, long max) {
            Object v = get(key);
            if (!(v instanceof Long n) || n < min || n > max) {
                throw bad(key, min == 0 ? "a whole number ≥ 0" : min == 1 ? "a whole number ≥ 1" : "a whole number",
                        v);
            }
            return n;
        }

        double number(String key) {
            Object v = get(key);
            if (!(v instanceof Number n)) {
                throw bad(key, "a number", v);
            }
            return n.doubleValue();
        }

        String string(String key) {
            Object v = get(key);
            if (!(v instanceof String s)) {
                throw bad(key, "a string", v);
            }
            return s;
        }

        String nullableString(String key) {
            Object v = get(key);
            if (v != null && !(v instanceof String)) {
                throw bad(key, "a string or null", v);
            }
            return (String) v;
        }

        int[] integers(String key) {
            Object v = get(key);
            if (v instanceof List<?> list && list.stream().allMatch(o -> o instanceof Long n
                    && n >= 0 && n <= Integer.MAX_VALUE)) {
                return list.stream().mapToInt(o -> (int) (long) (Long) o).toArray();
            }
            throw bad(key, "a list of whole numbers", v);
        }

        float[] nullableFloats(String key) {
            Object v = get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> list && list.stream().allMatch(o -> o instanceof Number)) {
                float[] out = new float[list.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ((Number) list.get(i)).floatValue();
                }
                return out;
            }
            throw bad(key, "a list of numbers or null", v);
        }

        List<String> nullableStrings(String key) {
            Object v = get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> list && list.stream().allMatch(o -> o instanceof String)) {
                return list.stream().map(o -> (String) o).toList();
            }
            throw bad(key, "a list of strings or null", v);
        }

        Activation activation(String key) {
            String name = string(key);
            try {
                return Activation.byName(name);
            } catch (BadInputException e) {
                throw new BadInputException(context + ": " + prefix + key + ": " + e.getMessage(), e);
            }
        }

        Normalization normalization(String key) {
            String name = string(key);
            for (Normalization n : Normalization.values()) {
                if (n.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return n;
                }
            }
            throw bad(key, "none, batch or layer", name);
        }

        /** The keys source and path. */
        DataSource source() {
            String id = string("source");
            DataSource.Kind kind = DataSource.Kind.byId(id);
            if (kind == null) {
                throw bad("source", "digits, fashion-mnist or csv", id);
            }
            String path = nullableString("path");
            if ((kind == DataSource.Kind.DIGITS) != (path == null)) {
                throw bad("path", kind == DataSource.Kind.DIGITS ? "null for the digits" : "the " + id + " path",
                        path);
            }
            return new DataSource(kind, path == null ? null : Path.of(path));
        }

        /** Refuses keys nobody read: a misspelt or unknown key. */
        void done() {
            List<String> unknown = new ArrayList<>();
            for (Object k : map.keySet()) {
                if (!read.contains(k)) {
                    unknown.add(prefix + k);
                }
            }
            if (!unknown.isEmpty()) {
                throw new BadInputException(context + ": unknown " + (unknown.size() == 1 ? "key " : "keys ")
                        + String.join(", ", unknown));
            }
        }
    }
}
