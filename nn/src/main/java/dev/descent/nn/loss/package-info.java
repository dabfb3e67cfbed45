/**
 * Loss functions, as PyTorch's, each with a {@link dev.descent.nn.loss.Reduction}:
 * <ul>
 *   <li>class indices: {@link dev.descent.nn.loss.CrossEntropyLoss} on logits (optional label smoothing; also
 *       against class probabilities) and {@link dev.descent.nn.loss.NLLLoss} on log-probabilities, both with class
 *       weights and ignore_index, on scores {@code [N, C]}, {@code [N, C, d₁, …, d_k]} or {@code [C]};</li>
 *   <li>regression: {@link dev.descent.nn.loss.MSELoss}, {@link dev.descent.nn.loss.L1Loss},
 *       {@link dev.descent.nn.loss.SmoothL1Loss} (beta) and {@link dev.descent.nn.loss.HuberLoss} (delta);</li>
 *   <li>binary labels: {@link dev.descent.nn.loss.BCEWithLogitsLoss} on logits (weight, pos_weight) and
 *       {@link dev.descent.nn.loss.BCELoss} on probabilities (weight);</li>
 *   <li>distributions: {@link dev.descent.nn.loss.KLDivLoss} (batchmean, log_target).</li>
 * </ul>
 * Each is one fused, numerically stable operation whose backward pass is the closed-form gradient (softmax minus
 * target, σ minus target, 2·error, sign of the error, −target), with PyTorch's value at every kink and clamp.
 */
package dev.descent.nn.loss;
