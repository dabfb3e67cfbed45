/**
 * Reverse-mode automatic differentiation over core tensors.
 *
 * <p><b>Reading order.</b> {@link dev.descent.autograd.Variable} is a value plus, if an operation made it, that
 * operation's inputs and a {@link dev.descent.autograd.Backward} closure. The derivatives live in three tables, one
 * line of math per operation: {@link dev.descent.autograd.Ops} (element-wise arithmetic and functions, maximum and
 * minimum, where, mask multiply, matmul), {@link dev.descent.autograd.ReductionOps} (sum, mean, max, min, variance,
 * softmax, log-softmax, log-sum-exp) and {@link dev.descent.autograd.LayoutOps} (reshape, transpose, row slices and gathers, concat).
 * {@code Engine} runs them backwards from a loss. {@link dev.descent.autograd.GradCheck} checks any of them — or a
 * whole network — against finite differences, and {@link dev.descent.autograd.Graphs} draws a recorded graph.
 *
 * <pre>{@code
 * Variable w = Variable.parameter(Tensor.normal(rng, 0, 0.1f, 784, 10));
 * Variable b = Variable.parameter(Tensor.zeros(10));
 * Variable logits = Variable.constant(images).matmul(w).add(b);       // [N, 10]; b broadcasts over rows
 * Variable loss = logits.logSoftmax(1).maskMul(oneHot).sum().div(-n);
 * loss.backward();                                                    // w.grad(), b.grad() now hold ∂loss/∂w, ∂loss/∂b
 * }</pre>
 *
 * <p><b>Writing a fused operation.</b> A layer that knows its whole derivative (a dense layer, a loss) computes its
 * forward with core tensors and records one node with {@link dev.descent.autograd.Variable#fromOp}; its backward
 * adds each input's gradient through {@link dev.descent.autograd.Grads#add}, skipping inputs for which
 * {@link dev.descent.autograd.Grads#needs} is false, and never writes into the gradient it receives.
 *
 * <p><b>Conventions</b> follow PyTorch: gradients accumulate until {@code zeroGrad}; {@code backward()} needs a
 * one-element value ({@code backward(seed)} otherwise) and frees the graph unless asked to retain it; derivatives at
 * kinks are PyTorch's (documented on each operation); {@link dev.descent.autograd.NoGrad} scopes record nothing;
 * {@link dev.descent.autograd.Anomaly} mode names the operation that first produced a NaN or infinity.
 */
package dev.descent.autograd;
