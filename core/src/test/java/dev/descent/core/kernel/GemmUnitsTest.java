package dev.descent.core.kernel;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The units of a gemm block cover the output exactly once, in the sizes the scheduling promises. */
class GemmUnitsTest {
    @Property(tries = 100)
    void everyTileOfTheBlockIsInExactlyOneUnit(@ForAll @IntRange(min = 1, max = 600) int rowPanels,
                                               @ForAll @IntRange(min = 1, max = 130) int colPanels,
                                               @ForAll @IntRange(min = 1, max = 40) int maxBlockPanels,
                                               @ForAll @IntRange(min = 1, max = 4) int threads) {
        GemmUnits units = GemmUnits.of(rowPanels, colPanels, maxBlockPanels, threads);
        int[][] covered = new int[rowPanels][colPanels];
        for (int u = 0; u < units.count(); u++) {
            int colEnd = Math.min(colPanels, units.colStart(u) + units.colChunkPanels());
            assertTrue(units.rowStart(u) < units.rowEnd(u) && units.colStart(u) < colEnd, "empty unit " + u);
            for (int r = units.rowStart(u); r < units.rowEnd(u); r++) {
                for (int q = units.colStart(u); q < colEnd; q++) {
                    covered[r][q]++;
                }
            }
        }
        for (int r = 0; r < rowPanels; r++) {
            for (int q = 0; q < colPanels; q++) {
                assertEquals(1, covered[r][q], "tile " + r + "," + q + " of " + units);
            }
        }
    }

    @Property(tries = 200)
    void rowUnitsShrinkFromAFullBlockToTheMinimum(@ForAll @IntRange(min = 1, max = 600) int rowPanels,
                                                  @ForAll @IntRange(min = 4, max = 40) int maxBlockPanels,
                                                  @ForAll @IntRange(min = 1, max = 4) int threads) {
        int[] starts = GemmUnits.rowStarts(rowPanels, maxBlockPanels, threads);
        for (int i = 0; i + 1 < starts.length; i++) {
            int size = starts[i + 1] - starts[i];
            boolean last = i + 2 == starts.length;
            assertTrue(size <= maxBlockPanels, "unit " + i + " larger than a block");
            if (threads == 1) {
                assertTrue(last || size == maxBlockPanels, "one thread takes whole blocks");
            } else {
                assertTrue(last || size >= GemmUnits.MIN_UNIT_PANELS, "unit " + i + " below the minimum");
                assertTrue(i == 0 || size <= starts[i] - starts[i - 1], "unit " + i + " grew");
            }
        }
    }

    @Test
    void guidedCutOfA1024RowProductOnTwoThreads() {
        // 256 panels of 4 rows: blocks of 32 panels while a quarter of what is left exceeds one, then shrinking.
        assertArrayEquals(new int[] {0, 32, 64, 96, 128, 160, 184, 202, 216, 226, 234, 240, 244, 248, 252, 256},
                GemmUnits.rowStarts(256, 32, 2));
    }

    @Test
    void tooFewRowsAreCutByColumnsInstead() {
        GemmUnits units = GemmUnits.of(3, 49, 32, 2);
        assertEquals(2, units.count());
        assertEquals(25, units.colChunkPanels());
        assertEquals(25, units.colStart(1));
        assertEquals(3, units.rowEnd(1));
    }
}
