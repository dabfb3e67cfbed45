package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.cli.experiment.Activation;
import dev.descent.cli.experiment.DataSource;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Normalization;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record's JSON: written, read back to the same record, and every malformed variant refused by name. */
class RunRecordTest {

    private static final RunRecord CSV_RUN = new RunRecord(
            new ModelSpec(new int[] {32, 16}, Activation.GELU, 0.25, Normalization.BATCH, 1e-5, 3e-4), 4, 3, 0.1,
            new float[] {0.5f, 1.25f, 1 / 3f},
            new RunRecord.TrainingData(new DataSource(DataSource.Kind.CSV, Path.of("/data/iris, \"v2\".csv")),
                    "ab12", -7, 100),
            null, new RunRecord.PreprocessingFile("preprocessing.safetensors", "cd34"));

    private static final String DIGITS_JSON = "{\"version\":1,\"model\":{\"inputs\":64,\"classes\":10,"
            + "\"hidden\":[16],\"activation\":\"relu\",\"dropout\":0.0,\"normalization\":\"none\",\"l1\":0.0,"
            + "\"l2\":0.0},\"loss\":{\"label_smoothing\":0.0,\"class_weights\":null},\"data\":{\"source\":\"digits\","
            + "\"path\":null,\"sha256\":null,\"seed\":1,\"limit\":0},\"preprocessing\":{\"file\":\"p.safetensors\","
            + "\"sha256\":\"00\"},\"class_names\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}";

    @Test
    void aRecordReadsBackAsItWasWritten() {
        RunRecord back = RunRecord.parse(CSV_RUN.toJson(), "f");
        assertEquals(CSV_RUN.toJson(), back.toJson());
        assertArrayEquals(new int[] {32, 16}, back.model().hidden());
        assertEquals(Activation.GELU, back.model().activation());
        assertEquals(Normalization.BATCH, back.model().normalization());
        assertEquals(0.25, back.model().dropout());
        assertEquals(1e-5, back.model().l1());
        assertEquals(3e-4, back.model().l2());
        assertArrayEquals(new float[] {0.5f, 1.25f, 1 / 3f}, back.classWeights(), "floats exactly");
        assertEquals(CSV_RUN.data(), back.data());
        assertEquals(CSV_RUN.preprocessing(), back.preprocessing());
        assertNull(back.classNames());
        assertEquals("2", back.className(2));
    }

    @Test
    void theDigitsRecordIsTheDocumentedJson() {
        RunRecord r = RunRecord.parse(DIGITS_JSON, "f");
        assertEquals(DIGITS_JSON, r.toJson());
        assertEquals("7", r.className(7));
        assertEquals(new DataSource(DataSource.Kind.DIGITS, null), r.data().source());
        assertEquals("64 inputs → 16 relu → 10 classes", r.describe());
    }

    @Test
    void theNetworkIsRebuiltLayerForLayer() {
        Module net = CSV_RUN.build();
        Map<String, Module> children = net.namedChildren();
        // Linear, BatchNorm1d, GELU, Dropout per hidden layer, then the output Linear.
        assertEquals(9, children.size(), children.toString());
        assertInstanceOf(BatchNorm1d.class, children.get("1"));
        assertInstanceOf(Dropout.class, children.get("3"));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "4.weight", "4.bias", "5.weight", "5.bias", "5.running_mean",
                "5.running_var", "5.num_batches_tracked", "8.weight", "8.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of(3, 16), List.of(net.stateDict().get("8.weight").dims()[0],
                net.stateDict().get("8.weight").dims()[1]));
    }

    @Test
    void malformedRecordsNameTheKeyAtFault() {
        assertRefused("{", "m.safetensors: descent.spec is not valid JSON: ");
        assertRefused("[1]", "m.safetensors: descent.spec is not a JSON object");
        assertRefused(DIGITS_JSON.replace("\"version\":1", "\"version\":2"),
                "m.safetensors: descent.spec has version 2, but this descent reads version 1 (written by a newer "
                        + "descent?)");
        assertRefused(DIGITS_JSON.replace("\"inputs\":64,", ""), "m.safetensors: descent.spec: model.inputs is "
                + "missing");
        assertRefused(DIGITS_JSON.replace("\"hidden\":[16]", "\"hidden\":\"16\""),
                "m.safetensors: descent.spec: model.hidden must be a list of whole numbers, got \"16\"");
        assertRefused(DIGITS_JSON.replace("\"hidden\":[16]", "\"hidden\":[0]"),
                "m.safetensors: descent.spec: hidden layer sizes must be between 1 and 100000, got [0]");
        assertRefused(DIGITS_JSON.replace("\"relu\"", "\"swish\""),
                "m.safetensors: descent.spec: model.activation: unknown activation 'swish'; known: relu, tanh, "
                        + "sigmoid, gelu, leaky-relu, silu, elu");
        assertRefused(DIGITS_JSON.replace("\"none\"", "\"group\""),
                "m.safetensors: descent.spec: model.normalization must be none, batch or layer, got \"group\"");
        assertRefused(DIGITS_JSON.replace("\"l2\":0.0", "\"l2\":0.0,\"l3\":1"),
                "m.safetensors: descent.spec: unknown key model.l3");
        assertRefused(DIGITS_JSON.replace("\"inputs\":64", "\"inputs\":0"),
                "m.safetensors: descent.spec: model.inputs must be a whole number ≥ 1, got 0");
        assertRefused(DIGITS_JSON.replace("\"source\":\"digits\"", "\"source\":\"mnist\""),
                "m.safetensors: descent.spec: data.source must be digits, fashion-mnist or csv, got \"mnist\"");
        assertRefused(DIGITS_JSON.replace("\"path\":null", "\"path\":\"/x\""),
                "m.safetensors: descent.spec: data.path must be null for the digits, got \"/x\"");
        assertRefused(DIGITS_JSON.replace("\"class_weights\":null", "\"class_weights\":[1,2]"),
                "m.safetensors: descent.spec: 2 class weights for 10 classes");
        assertRefused(DIGITS_JSON.replace("\"class_names\":[\"0\",", "\"class_names\":["),
                "m.safetensors: descent.spec: 9 class names for 10 classes");
        assertRefused(DIGITS_JSON.replace("\"file\":\"p.safetensors\"", "\"file\":\"../p.safetensors\""),
                "m.safetensors: descent.spec: the preprocessing file must be a plain file name, got "
                        + "'../p.safetensors'");
    }

    private static void assertRefused(String json, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunRecord.parse(json, "m.safetensors"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage() + "\nexpected: " + message);
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
