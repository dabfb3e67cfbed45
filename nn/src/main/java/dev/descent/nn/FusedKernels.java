package dev.descent.nn;

import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;
import dev.descent.nn.kernel.LayerKernels;
import dev.descent.nn.kernel.ScalarLayerKernels;

/** The kernels nn's fused layers run: core's element-wise ones and nn's own, SIMD when the Vector API is readable. */
final class FusedKernels {
    static final Kernels CORE = VectorizationProvider.kernels();
    static final LayerKernels LAYER = VectorizationProvider.load(LayerKernels.class,
            "dev.descent.nn.kernel.simd.SimdLayerKernels", ScalarLayerKernels::new);

    private FusedKernels() {
    }
}
