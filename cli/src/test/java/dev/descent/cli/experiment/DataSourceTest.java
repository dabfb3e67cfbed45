package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.core.Tensor;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data sources: the same split from the same seed, what counts as the same data, and the saved statistics. */
class DataSourceTest {

    @TempDir
    Path tmp;

    @Test
    void theSameSeedCutsTheSameTestSetAsTraining() {
        DataSource digits = DataSource.of("digits", Datasets.FASHION_MNIST_DIR);
        DataSpec.Data data = DataSpec.load("digits", Datasets.FASHION_MNIST_DIR, 100, 9);
        DatasetSplit again = digits.split(9, 10);
        assertArrayEquals(data.test().features().toArray(),
                data.scaler().transform(again.test().flatten()).features().toArray());
        assertArrayEquals(data.test().labels(), again.test().labels());
        assertFalse(Arrays.equals(again.test().features().toArray(), digits.split(10, 10).test().features().toArray()),
                "another seed");
        assertEquals(1797, digits.all(10).size());
        assertArrayEquals(new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, digits.classNames());
    }

    @Test
    void aFileIsTheSameDataByItsPathAndItsChangesShowInItsFingerprint() throws Exception {
        Path file = Files.writeString(tmp.resolve("d.csv"), "1,2,0\n3,4,1\n5,6,1\n");
        DataSource a = DataSource.of(file.toString(), Datasets.FASHION_MNIST_DIR);
        DataSource b = DataSource.of(tmp.resolve(".").resolve("d.csv").toString(), Datasets.FASHION_MNIST_DIR);
        assertTrue(a.sameData(b));
        assertEquals(file.toAbsolutePath(), a.path());
        assertFalse(a.sameData(DataSource.of("digits", null)));
        assertNull(a.classNames());
        assertEquals("d.csv", a.label());
        String before = a.fingerprint();
        assertEquals(64, before.length());
        Files.writeString(file, "1,2,0\n3,4,1\n5,6,0\n");
        assertNotEquals(before, a.fingerprint());
        assertNull(DataSource.of("digits", null).fingerprint());
        assertTrue(new DataSource(DataSource.Kind.FASHION_MNIST, Path.of("/a"))
                .sameData(new DataSource(DataSource.Kind.FASHION_MNIST, Path.of("/b"))), "wherever its files are");
    }

    @Test
    void labelsBeyondTheModelsClassesAreRefusedWithTheirLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("c.csv"), "1,2,0\n3,4,2\n");
        DataSource csv = DataSource.of(file.toString(), null);
        assertEquals(3, csv.all(0).classCount(), "inferred");
        assertEquals(5, csv.all(5).classCount(), "the model's");
        BadInputException e = assertThrows(BadInputException.class, () -> csv.all(2));
        assertTrue(e.getMessage().contains("line 2, column 3: label '2' is not a class index in [0, 2)"),
                e.getMessage());
    }

    @Test
    void theStatisticsARunSavesAreWhatItApplies() {
        Tensor x = Tensor.of(new float[][] {{0.1f, 5, 0}, {0.2f, 7, 0}, {0.4f, 8, 1e-45f}});
        Standardizer fitted = Standardizer.fit(x);
        Standardizer saved = DataSpec.float32Statistics(fitted);
        for (int j = 0; j < 3; j++) {
            assertEquals((float) fitted.mean()[j], saved.mean()[j]);
            assertEquals((float) saved.std()[j], saved.std()[j], "a float32 value");
        }
        assertEquals(Float.MIN_VALUE, saved.std()[2], "σ ≈ 6.6e-46 is below float32's smallest, not 0");
        assertEquals((float) fitted.std()[1], saved.std()[1]);
        Dataset d = Dataset.classification(x, Tensor.vector(0, 1, 1));
        assertArrayEquals(saved.transform(x).toArray(), Standardizer.of(saved.mean(), saved.std()).transform(d)
                .features().toArray(), "rebuilt from the saved values: the same bits");
    }
}
