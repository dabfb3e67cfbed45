/**
 * Loss functions, as PyTorch's: {@link dev.descent.nn.loss.CrossEntropyLoss} (logits and class indices, optional
 * label smoothing, class weights and ignore_index), {@link dev.descent.nn.loss.MSELoss} and
 * {@link dev.descent.nn.loss.BCEWithLogitsLoss} (optional weight and pos_weight), each with a
 * {@link dev.descent.nn.loss.Reduction}. Each is one fused, numerically stable operation whose backward pass is the
 * closed-form gradient (softmax minus target, σ minus target, 2·error).
 */
package dev.descent.nn.loss;
