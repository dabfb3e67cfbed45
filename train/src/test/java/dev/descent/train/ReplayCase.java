package dev.descent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Flatten;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Regularization;
import dev.descent.nn.Sequential;
import dev.descent.nn.Tanh;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MSELoss;
import dev.descent.nn.loss.Reduction;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.OneCycleLr;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.Sampler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch training run of {@code training-replay.json} (made by {@code src/test/python/make_training_replay.py},
 * whose docstring gives the format), turned into Descent's objects: the model with PyTorch's initial state, the
 * objective, the optimizer, the schedule and the fixed batch order.
 */
record ReplayCase(String name, JsonNode json, Dataset train, Dataset validation) {
    private static final JsonNode DOC = read("/training-replay.json");

    static List<ReplayCase> all() {
        JsonNode data = DOC.get("data");
        List<ReplayCase> out = new ArrayList<>();
        for (JsonNode c : DOC.get("cases")) {
            String task = c.get("task").asText();
            out.add(new ReplayCase(c.get("name").asText(), c, dataset(data, "train", task),
                    dataset(data, "val", task)));
        }
        return out;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ReplayCase.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The features with the task's targets: 4 classes, 2 (one logit), or regression targets [N, 2]. */
    private static Dataset dataset(JsonNode data, String part, String task) {
        int d = data.get("features").asInt();
        float[] x = floats(data.get(part + "_x"));
        Tensor features = Tensor.of(x, x.length / d, d);
        return switch (task) {
            case "classification" -> Dataset.classification(features, Tensor.vector(floats(data.get(part + "_y"))),
                    data.get("classes").asInt());
            case "binary" -> Dataset.classification(features, Tensor.vector(floats(data.get(part + "_b"))), 2);
            case "regression" -> {
                float[] t = floats(data.get(part + "_t"));
                yield Dataset.regression(features, Tensor.of(t, features.dim(0), t.length / features.dim(0)));
            }
            default -> throw new IllegalArgumentException("task " + task);
        };
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    int batchSize() {
        return json.get("batch_size").asInt();
    }

    int epochs() {
        return json.get("epochs").asInt();
    }

    boolean classification() {
        return train.isClassification();
    }

    /** The recorded steps: loss, lr, … of each optimizer step. */
    JsonNode steps() {
        return json.get("steps");
    }

    /** The float64 run's state after these steps (1-based counts). */
    JsonNode checkpoints() {
        return json.get("checkpoints");
    }

    JsonNode epochLogs() {
        return json.get("epoch_logs");
    }

    /** Every epoch's order, as PyTorch's loop visited the examples. */
    Sampler sampler() {
        JsonNode orders = json.get("orders");
        int[][] o = new int[orders.size()][];
        for (int e = 0; e < o.length; e++) {
            o[e] = new int[orders.get(e).size()];
            for (int i = 0; i < o[e].length; i++) {
                o[e][i] = orders.get(e).get(i).asInt();
            }
        }
        return Sampler.of(o);
    }

    /** The model, holding PyTorch's initial state_dict. */
    Module model() {
        Sequential model = new Sequential();
        for (JsonNode layer : json.get("layers")) {
            model.add(switch (layer.get("type").asText()) {
                case "linear" -> new Linear(layer.get("in").asInt(), layer.get("out").asInt());
                case "batchnorm1d" -> new BatchNorm1d(layer.get("features").asInt());
                case "relu" -> new ReLU();
                case "tanh" -> new Tanh();
                case "dropout" -> new Dropout(layer.get("p").asDouble());
                case "flatten" -> new Flatten(layer.get("start_dim").asInt(), -1);
                default -> throw new IllegalArgumentException("layer " + layer);
            });
        }
        model.loadStateDict(state(json.get("initial")));
        return model;
    }

    /** A recorded state_dict as tensors of the case's shapes. */
    Map<String, Tensor> state(JsonNode values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> {
            JsonNode shape = json.get("shapes").get(e.getKey());
            int[] dims = new int[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asInt();
            }
            out.put(e.getKey(), Tensor.of(floats(e.getValue()), dims));
        });
        return out;
    }

    /**
     * The loss the run minimises: the criterion, plus Descent's {@link Regularization} penalty when the case has one —
     * the composition {@link Trainer}'s Javadoc gives, so {@code val_loss} includes the penalty too.
     */
    Loss objective(Module model) {
        Loss criterion = switch (json.get("loss").asText()) {
            case "cross_entropy" -> new CrossEntropyLoss(Reduction.MEAN, json.get("label_smoothing").asDouble());
            case "bce_with_logits" -> new BCEWithLogitsLoss();
            case "mse" -> new MSELoss();
            default -> throw new IllegalArgumentException("loss " + json.get("loss"));
        };
        JsonNode reg = json.get("regularization");
        if (reg.isNull()) {
            return criterion;
        }
        Regularization r = Regularization.of(reg.get("l1").asDouble(), reg.get("l2").asDouble());
        return (output, target) -> r.addTo(criterion.forward(output, target), model);
    }

    Optimizer<?> optimizer(Module model) {
        JsonNode o = json.get("optimizer");
        double lr = o.get("lr").asDouble(), wd = o.path("weight_decay").asDouble(0);
        return switch (o.get("type").asText()) {
            case "SGD" -> new Sgd(model.parameters(), Sgd.defaults().withLr(lr)
                    .withMomentum(o.path("momentum").asDouble(0)).withDampening(o.path("dampening").asDouble(0))
                    .withNesterov(o.path("nesterov").asBoolean(false)).withWeightDecay(wd));
            case "Adam" -> new Adam(model.parameters(), Adam.defaults().withLr(lr).withWeightDecay(wd));
            case "AdamW" -> new AdamW(model.parameters(), AdamW.defaults().withLr(lr).withWeightDecay(wd));
            case "RMSprop" -> new RmsProp(model.parameters(), RmsProp.defaults().withLr(lr)
                    .withAlpha(o.get("alpha").asDouble()).withWeightDecay(wd));
            default -> throw new IllegalArgumentException("optimizer " + o);
        };
    }

    /** The schedule, or null (also for ReduceLROnPlateau, which is no function of t: see {@link #plateau}). */
    Schedule schedule() {
        JsonNode s = json.get("scheduler");
        if (s.isNull() || plateau() != null) {
            return null;
        }
        JsonNode a = s.get("args");
        return switch (s.get("type").asText()) {
            case "StepLR" -> new StepLr(a.get("step_size").asLong(), a.get("gamma").asDouble());
            case "CosineAnnealingLR" -> new CosineAnnealingLr(a.get("T_max").asLong(), 0);
            case "OneCycleLR" -> OneCycleLr.of(a.get("max_lr").asDouble(), a.get("total_steps").asLong());
            default -> throw new IllegalArgumentException("scheduler " + s);
        };
    }

    /** ReduceLROnPlateau's options, stepped with {@link #monitor()} after each validation; null if the case has none. */
    ReduceLrOnPlateau.Options plateau() {
        JsonNode s = json.get("scheduler");
        if (s.isNull() || !s.get("type").asText().equals("ReduceLROnPlateau")) {
            return null;
        }
        JsonNode a = s.get("args");
        return ReduceLrOnPlateau.defaults()
                .withMode(a.get("mode").asText().equals("min") ? ReduceLrOnPlateau.Mode.MIN : ReduceLrOnPlateau.Mode.MAX)
                .withFactor(a.get("factor").asDouble()).withPatience(a.get("patience").asInt());
    }

    /** The epoch log ReduceLROnPlateau watches. */
    String monitor() {
        return json.get("scheduler").get("monitor").asText();
    }

    Trainer.ScheduleUnit scheduleUnit() {
        return json.get("scheduler").get("unit").asText().equals("epoch") ? Trainer.ScheduleUnit.EPOCH
                : Trainer.ScheduleUnit.ITERATION;
    }

    /** The max_norm of clip_grad_norm_, or NaN when the case does not clip. */
    double clipNorm() {
        JsonNode c = json.get("clip_grad_norm");
        return c.isNull() ? Double.NaN : c.asDouble();
    }

    @Override
    public String toString() {
        return name;
    }
}
