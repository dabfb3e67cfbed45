/**
 * Learning-rate schedules as pure functions of the step count — epochs or iterations, the caller's choice — that
 * compose in time ({@link dev.descent.optim.schedule.Schedule#then}), the one stateful schedule
 * ({@link dev.descent.optim.schedule.ReduceLrOnPlateau}, driven by a metric), and
 * {@link dev.descent.optim.schedule.LrScheduler}, which applies a schedule to an optimizer's groups (or one
 * schedule per group, as PyTorch's list arguments do).
 *
 * <p>From simplest to most elaborate: {@link dev.descent.optim.schedule.StepLr},
 * {@link dev.descent.optim.schedule.MultiStepLr}, {@link dev.descent.optim.schedule.ExponentialLr},
 * {@link dev.descent.optim.schedule.LambdaLr} (any function), {@link dev.descent.optim.schedule.LinearDecay} (the
 * Deep Learning book's), {@link dev.descent.optim.schedule.PolynomialLr},
 * {@link dev.descent.optim.schedule.ConstantLr} and {@link dev.descent.optim.schedule.LinearLr} (warm-ups),
 * {@link dev.descent.optim.schedule.CosineAnnealingLr},
 * {@link dev.descent.optim.schedule.CosineAnnealingWarmRestarts}, {@link dev.descent.optim.schedule.CyclicLr} and
 * {@link dev.descent.optim.schedule.OneCycleLr} (which also cycle momentum). Values match PyTorch's schedulers.
 */
package dev.descent.optim.schedule;
