package dev.descent.core.kernel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The provider honours -Ddescent.simd: this class runs in both surefire executions. */
@Tag("kernels")
class ProviderTest {
    @Test
    void simdPropertyChoosesTheImplementation() {
        String expected = VectorizationProvider.simdDisabled() ? "scalar" : "simd-";
        String name = VectorizationProvider.kernels().name();
        assertEquals(expected, name.substring(0, Math.min(name.length(), expected.length())),
                "kernels in use: " + name);
    }
}
