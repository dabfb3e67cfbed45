package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.core.Tensor;
import dev.descent.train.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --plateau, --early-stop, --class-weights, --clip-norm and --label-smoothing: values and messages. */
class RegimenSpecsTest {

    @Test
    void plateauSpecsFillInKerasDefaults() {
        assertEquals(new PlateauSpec(0.1, 10, 0, 0), PlateauSpec.parse(PlateauSpec.DEFAULT));
        assertEquals(new PlateauSpec(0.5, 10, 0, 0), PlateauSpec.parse("0.5"));
        assertEquals(new PlateauSpec(0.5, 2, 1, 1e-4), PlateauSpec.parse("0.5:2:1:1e-4"));
    }

    @Test
    void earlyStopSpecs() {
        assertEquals(new EarlyStopSpec(3, 0), EarlyStopSpec.parse("3"));
        assertEquals(new EarlyStopSpec(0, 0.01), EarlyStopSpec.parse("0:0.01"));
    }

    @Test
    void balancedClassWeightsAreNOverClassesTimesCount() {
        Dataset train = Dataset.classification(Tensor.zeros(4, 2), Tensor.vector(0, 0, 0, 1), 2);
        assertArrayEquals(new float[] {4f / 6, 2f}, ClassWeightsSpec.parse("balanced").weights(train).toArray(),
                1e-6f);
        assertArrayEquals(new float[] {1f, 3f}, ClassWeightsSpec.parse("1,3").weights(train).toArray());
        assertEquals("--class-weights gives 3 weights for 2 classes", assertThrows(BadInputException.class,
                () -> ClassWeightsSpec.parse("1,2,3").weights(train)).getMessage());
        Dataset missing = Dataset.classification(Tensor.zeros(2, 2), Tensor.vector(0, 0), 2);
        assertEquals("--class-weights balanced: class 1 has no training examples", assertThrows(
                BadInputException.class, () -> ClassWeightsSpec.parse("balanced").weights(missing)).getMessage());
    }

    @Test
    void badSpecsNameTheOptionAndThePart() {
        Map<String, Function<String, Object>> parsers = Map.of("--plateau", PlateauSpec::parse,
                "--early-stop", EarlyStopSpec::parse, "--class-weights", ClassWeightsSpec::parse);
        Map<String, String> bad = Map.ofEntries(
                Map.entry("--plateau 1.5", "--plateau '1.5': FACTOR must be in (0, 1), got 1.5"),
                Map.entry("--plateau 0.5:x", "--plateau '0.5:x': PATIENCE 'x' is not a whole number"),
                Map.entry("--plateau 0.5:2:-1", "--plateau '0.5:2:-1': COOLDOWN must be ≥ 0, got -1"),
                Map.entry("--plateau 0.5:2:1:0.1:9", "--plateau '0.5:2:1:0.1:9': expected "
                        + "FACTOR[:PATIENCE[:COOLDOWN[:MIN_LR]]]"),
                Map.entry("--early-stop x", "--early-stop 'x': PATIENCE 'x' is not a whole number"),
                Map.entry("--early-stop -1", "--early-stop '-1': PATIENCE must be ≥ 0, got -1"),
                Map.entry("--early-stop 2:-0.1", "--early-stop '2:-0.1': MIN_DELTA must be ≥ 0, got -0.1"),
                Map.entry("--class-weights heavy", "--class-weights 'heavy': expected balanced or W1,W2,... (a "
                        + "weight per class)"),
                Map.entry("--class-weights 1,x", "--class-weights '1,x': weight 'x' is not a number"),
                Map.entry("--class-weights 1,-2", "--class-weights '1,-2': weight must be ≥ 0, got -2"),
                Map.entry("--class-weights 0,0", "--class-weights '0,0': at least one weight must be above 0"));
        bad.forEach((arg, message) -> {
            String[] parts = arg.split(" ");
            assertEquals(message, assertThrows(BadInputException.class,
                    () -> parsers.get(parts[0]).apply(parts[1]), arg).getMessage());
        });
    }

    @Test
    void clipNormAndLabelSmoothingAreChecked() {
        assertEquals("--clip-norm must be a positive number, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new Regimen(0, 0, null, null, null)).getMessage());
        assertEquals("--label-smoothing must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new Regimen(Double.NaN, 1.5, null, null, null)).getMessage());
        assertEquals(Map.of("clip-norm", "1.0", "label-smoothing", "0.1"),
                new Regimen(1, 0.1, null, null, null).settings());
        assertEquals("", Regimen.none().describe());
    }
}
