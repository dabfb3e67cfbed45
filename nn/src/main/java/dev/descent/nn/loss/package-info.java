/**
 * Loss functions, as PyTorch's: {@link dev.descent.nn.loss.CrossEntropyLoss} (logits and class indices, optional
 * label smoothing), {@link dev.descent.nn.loss.MSELoss} and {@link dev.descent.nn.loss.BCEWithLogitsLoss}, each with
 * a {@link dev.descent.nn.loss.Reduction}. Each is one fused, numerically stable operation whose backward pass is the
 * closed-form gradient (softmax minus target, σ minus target, 2·error).
 */
package dev.descent.nn.loss;
