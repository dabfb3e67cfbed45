package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradcheckCommandTest {

    @Test
    void everyOperationPasses() {
        Run r = Run.of("gradcheck");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("FAIL"), r.out());
        for (String op : new String[] {"matmul", "softmax", "gelu", "gatherRows", "maximum", "logSumExp", "Linear",
                "BatchNorm1d", "LayerNorm", "SiLU", "ELU", "Dropout", "CrossEntropyLoss", "MSELoss", "BCEWithLogitsLoss", "NLLLoss", "L1Loss",
                "SmoothL1Loss", "HuberLoss", "BCELoss", "KLDivLoss"}) {
            assertTrue(r.out().contains(op), op + " missing:\n" + r.out());
        }
        assertTrue(r.out().matches("(?s).*gradcheck: (\\d+) of \\1 operations passed.*"), r.out());
    }

    @Test
    void aToleranceTooTightFailsWithExitOne() {
        // No float32 central difference is within 1e-12 of the analytic gradient: the check must be able to fail.
        Run r = Run.of("gradcheck", "--op", "exp", "--atol", "0", "--rtol", "1e-12");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("FAIL"), r.out());
    }

    @Test
    void filtersAndBadInput() {
        Run r = Run.of("gradcheck", "--op", "softmax");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("matmul"), r.out());
        Run none = Run.of("gradcheck", "--op", "convolution");
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.oneLineError(), none.toString());
        Run negative = Run.of("gradcheck", "--step", "-1");
        assertEquals(2, negative.exit(), negative.toString());
        assertTrue(negative.oneLineError(), negative.toString());
    }
}
