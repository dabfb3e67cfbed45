/**
 * The fused optimizer update kernels: {@link dev.descent.optim.kernel.UpdateKernels} lists them with their formulas,
 * {@link dev.descent.optim.kernel.ScalarUpdateKernels} is the readable reference and the fallback, and
 * {@code dev.descent.optim.kernel.simd.SimdUpdateKernels} — the only class of optim that imports
 * {@code jdk.incubator.vector} — is its Vector API twin, equal to the bit.
 */
package dev.descent.optim.kernel;
