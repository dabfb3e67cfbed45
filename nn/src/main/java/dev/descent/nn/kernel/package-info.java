/**
 * The fused inner loops of nn's layers: {@link dev.descent.nn.kernel.LayerKernels} lists them with their formulas,
 * {@link dev.descent.nn.kernel.ScalarLayerKernels} is the readable reference and the fallback, and
 * {@code dev.descent.nn.kernel.simd.SimdLayerKernels} — the only class of nn that imports
 * {@code jdk.incubator.vector} — is its Vector API twin, equal to the bit.
 */
package dev.descent.nn.kernel;
