package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.core.Tensor;
import dev.descent.nn.io.SafeTensors;
import dev.descent.train.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** preprocessing.safetensors: float32 mean and std that read back to the same standardizer, and nothing else. */
class StandardizerFileTest {

    @TempDir
    Path tmp;

    @Test
    void theStatisticsReadBackExactly() throws Exception {
        Standardizer s = Standardizer.of(new double[] {0.1f, -3, 1e-30f}, new double[] {2.5f, 1, 7e-40f});
        Path file = tmp.resolve("p.safetensors");
        StandardizerFile.write(s, file);
        Standardizer back = StandardizerFile.read(file);
        assertArrayEquals(s.mean(), back.mean());
        assertArrayEquals(s.std(), back.std());
        SafeTensors.Contents c = SafeTensors.load(file);
        assertEquals("standardize", c.metadata().get("descent.preprocessing"));
        assertArrayEquals(new float[] {2.5f, 1, 7e-40f}, c.tensors().get("std").toArray(), "plain float32 vectors");
    }

    @Test
    void statisticsThatAreNotFloat32AreNotWritten() {
        Standardizer s = Standardizer.of(new double[] {0.1}, new double[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandardizerFile.write(s, tmp.resolve("x.safetensors")));
        assertEquals("the mean of feature 0 is 0.1, not a float32 value; round the statistics before applying them",
                e.getMessage());
    }

    @Test
    void anythingElseIsRefused() throws Exception {
        Map<String, String> meta = Map.of("descent.preprocessing", "standardize");
        assertRefused(Map.of("mean", Tensor.vector(1, 2)), meta, "expected the vectors mean and std of one length, "
                + "found mean [2]");
        assertRefused(tensors(Tensor.vector(1, 2), Tensor.vector(1)), meta, "found mean [2], std [1]");
        assertRefused(tensors(Tensor.vector(1), Tensor.vector(0)), meta, "the standard deviation of feature 0 is 0.0");
        assertRefused(tensors(Tensor.vector(1), Tensor.vector(1)), Map.of(), "no descent.preprocessing metadata");
        assertRefused(tensors(Tensor.vector(1), Tensor.vector(1)), Map.of("descent.preprocessing", "minmax"),
                "descent.preprocessing is 'minmax'; this descent applies only 'standardize'");
    }

    private static Map<String, Tensor> tensors(Tensor mean, Tensor std) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("std", std);
        return m;
    }

    private void assertRefused(Map<String, Tensor> tensors, Map<String, String> meta, String fragment)
            throws Exception {
        Path file = tmp.resolve("bad.safetensors");
        SafeTensors.save(tensors, meta, file);
        BadInputException e = assertThrows(BadInputException.class, () -> StandardizerFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(fragment), e.getMessage());
    }
}
