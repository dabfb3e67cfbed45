package dev.descent.train.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {
    @Test
    void theBuiltInDigitsAreComplete() {
        Dataset d = Datasets.digits();
        assertEquals(1797, d.size());
        assertEquals(64, d.featureCount());
        assertEquals(10, d.classCount());
        assertEquals(1797, Arrays.stream(d.classCounts()).sum());
        assertTrue(Arrays.stream(d.classCounts()).allMatch(c -> c >= 170 && c <= 190));
        assertEquals(16f, d.features().max());
        assertEquals(0f, d.features().min());
        // The first row of the file: an image of a 0.
        assertEquals(0, d.labels()[0]);
        assertEquals(5f, d.features().get(0, 2));
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt(@TempDir Path dir) {
        var e = assertThrows(NoSuchFileException.class, () -> Datasets.fashionMnist(dir));
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertEquals(false, Datasets.hasFashionMnist(dir));
    }
}
