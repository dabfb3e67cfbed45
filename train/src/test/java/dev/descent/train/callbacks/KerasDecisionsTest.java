package dev.descent.train.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.train.Callback;
import dev.descent.train.CallbackReplay;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays {@code keras/callback_decisions.json} — metric sequences and the decisions Keras 3.15.1's EarlyStopping and
 * ReduceLROnPlateau take on them, from {@code src/test/python/keras_callback_decisions.py}, a line-by-line
 * transliteration of Keras's source — through Descent's callbacks, epoch by epoch. Where Descent deliberately
 * differs the case carries Descent's decisions too ({@code "descent"}, with the reason) and those are checked.
 */
class KerasDecisionsTest {
    private static final JsonNode CASES = load();

    private static JsonNode load() {
        try (InputStream in = KerasDecisionsTest.class.getResourceAsStream("/keras/callback_decisions.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number, or NaN / ±Infinity written as a string. */
    private static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static Mode mode(JsonNode options) {
        return switch (options.path("mode").asText("auto")) {
            case "min" -> Mode.MIN;
            case "max" -> Mode.MAX;
            default -> Mode.AUTO;
        };
    }

    /** The decisions Descent must take: Keras's, or Descent's own where it deliberately differs. */
    private static JsonNode expected(JsonNode c) {
        return c.has("descent") ? c.get("descent") : c.get("expected");
    }

    /** Calls {@code each} after every epoch, after the callback under test. */
    private static Callback recorder(Consumer<Training> each) {
        return new Callback() {
            @Override
            public void onEpochEnd(Training training, EpochLogs logs) {
                each.accept(training);
            }
        };
    }

    /** One test per case of {@code CASES[key]}, named by the case. */
    private static Stream<DynamicTest> each(String key, Consumer<JsonNode> replay) {
        List<DynamicTest> tests = new ArrayList<>();
        CASES.get(key).forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay.accept(c))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> earlyStoppingTakesKerasDecisions() {
        return each("earlyStopping", KerasDecisionsTest::replayEarlyStopping);
    }

    private static void replayEarlyStopping(JsonNode c) {
        JsonNode o = c.get("options");
        String monitor = o.get("monitor").asText();
        double minDelta = o.path("min_delta").asDouble(0);
        if (minDelta < 0) { // Keras takes abs(min_delta); Descent refuses a negative one
            assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(monitor).minDelta(minDelta));
        }
        Supplier<EarlyStopping> make = () -> {
            EarlyStopping s = new EarlyStopping(monitor).mode(mode(o)).minDelta(Math.abs(minDelta))
                    .patience(o.path("patience").asInt(0)).startFromEpoch(o.path("start_from_epoch").asInt(0))
                    .restoreBestWeights(o.path("restore_best_weights").asBoolean(false));
            return o.hasNonNull("baseline") ? s.baseline(o.get("baseline").asDouble()) : s;
        };
        double[] metric = numbers(c.get("metrics"));
        JsonNode e = expected(c);
        if (e.has("error")) {
            var error = assertThrows(IllegalArgumentException.class, () -> CallbackReplay.replay(monitor, metric, 0.1,
                    List.of(make.get())));
            assertTrue(error.getMessage().contains("'" + monitor + "'"), error.getMessage());
            return;
        }
        EarlyStopping stop = make.get();
        List<Integer> waits = new ArrayList<>();
        List<Double> bests = new ArrayList<>();
        CallbackReplay.Result r = CallbackReplay.replay(monitor, metric, 0.1, List.of(stop, recorder(t -> {
            waits.add(stop.waitCount());
            bests.add(stop.best());
        })));
        assertEquals(e.get("epochsRun").asInt(), r.epochsRun(), "epochs run");
        assertEquals(e.get("stoppedEpoch").asInt(), stop.stoppedEpoch(), "stopped epoch");
        assertEquals(e.get("stoppedEpoch").asInt() >= 0, r.run().isStopping());
        assertEquals(toList(ints(e.get("wait"))), waits, "wait after each epoch");
        double[] expectedBests = new double[e.get("bestPerEpoch").size()];
        for (int i = 0; i < expectedBests.length; i++) {
            JsonNode b = e.get("bestPerEpoch").get(i);
            expectedBests[i] = b.isNull() ? Double.NaN : number(b); // Keras's None: no best yet
        }
        assertEquals(toList(expectedBests), bests, "best after each epoch");
        JsonNode restored = e.get("restoredFromEpoch");
        boolean anyBest = !e.get("best").isNull();
        assertEquals(restored.isNull() && !anyBest ? -1 : e.get("bestEpoch").asInt(), stop.bestEpoch(), "best epoch");
        assertEquals(restored.isNull() ? r.epochsRun() - 1 : restored.asInt(), r.finalWeights(),
                "the epoch whose weights the model ends with");
    }

    @TestFactory
    Stream<DynamicTest> reduceLrOnPlateauTakesKerasDecisions() {
        return each("reduceLROnPlateau", KerasDecisionsTest::replayPlateau);
    }

    private static void replayPlateau(JsonNode c) {
        JsonNode o = c.get("options");
        String monitor = o.get("monitor").asText();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(monitor).mode(mode(o))
                .factor(o.path("factor").asDouble(0.1)).patience(o.path("patience").asInt(10))
                .minDelta(o.path("min_delta").asDouble(1e-4)).cooldown(o.path("cooldown").asInt(0))
                .minLr(o.path("min_lr").asDouble(0));
        double[] metric = numbers(c.get("metrics"));
        double lr = o.get("initialLr").asDouble();
        JsonNode e = expected(c);
        if (e.has("error")) {
            assertThrows(IllegalArgumentException.class, () -> CallbackReplay.replay(monitor, metric, lr,
                    List.of(plateau)));
            return;
        }
        List<Double> rates = new ArrayList<>();
        List<Integer> waits = new ArrayList<>();
        List<Integer> cooldowns = new ArrayList<>();
        CallbackReplay.Result r = CallbackReplay.replay(monitor, metric, lr, List.of(plateau, recorder(t -> {
            rates.add(t.learningRate());
            waits.add(plateau.waitCount());
            cooldowns.add(plateau.cooldownLeft());
        })));
        assertEquals(metric.length, r.epochsRun());
        assertEquals(toList(ints(e.get("wait"))), waits, "wait after each epoch");
        assertEquals(toList(ints(e.get("cooldown"))), cooldowns, "cooldown counter after each epoch");
        assertEquals(number(e.get("best")), plateau.best(), "best");
        // Keras holds the rate in float32, Descent in a double: equal to float32 precision.
        double[] kerasRates = numbers(e.get("lr"));
        for (int i = 0; i < kerasRates.length; i++) {
            assertEquals(kerasRates[i], rates.get(i), 1e-6 * kerasRates[i], "learning rate after epoch " + (i + 1));
        }
    }

    private static List<Integer> toList(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static List<Double> toList(double[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}
