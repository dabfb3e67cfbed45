/**
 * Optimizers, gradient clipping and the state that lets training resume exactly.
 *
 * <p>The optimizers, in the order a course teaches them, each a small class whose Javadoc carries its update rule in
 * the lecture's notation and PyTorch's: {@link dev.descent.optim.Sgd} (momentum, Nesterov, Keras's time-based decay),
 * {@link dev.descent.optim.AdaGrad}, {@link dev.descent.optim.AdaDelta}, {@link dev.descent.optim.RmsProp},
 * {@link dev.descent.optim.Adam} (and AMSGrad), {@link dev.descent.optim.AdamW}, {@link dev.descent.optim.Adamax},
 * {@link dev.descent.optim.NAdam}, {@link dev.descent.optim.RAdam}. They replay PyTorch's trajectories to float
 * precision, with PyTorch's defaults.
 * <pre>{@code
 * List<Variable> params = model.parameters();
 * var adam = new Adam(params, Adam.defaults().withLr(3e-4).withWeightDecay(1e-4));
 * var scheduler = new LrScheduler(adam, new LinearLr(0.1, 1.0, 500).then(500, new CosineAnnealingLr(9_500, 0)));
 * for (var batch : batches) {
 *     adam.zeroGrad();
 *     loss(model, batch).backward();
 *     GradClip.clipGradNorm(params, 1.0);
 *     adam.step();
 *     scheduler.step();
 * }
 * StateDict checkpoint = adam.stateDict();        // tensors and numbers, for any file format
 * }</pre>
 * Hyper-parameters are immutable records ({@code Adam.Options}, …) made from {@code defaults()} with
 * {@code withX} methods; parameter groups ({@link dev.descent.optim.ParamGroup}) give parts of a model their own.
 * Schedules live in {@code dev.descent.optim.schedule}, the fused update kernels in
 * {@code dev.descent.optim.kernel}.
 */
package dev.descent.optim;
