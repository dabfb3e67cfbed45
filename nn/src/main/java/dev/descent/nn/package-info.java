/**
 * Layers and models, with PyTorch's conventions so that weights and intuition carry over.
 *
 * <p>A {@link dev.descent.nn.Module} owns named parameters and buffers ({@code 0.weight}, {@code 1.running_mean})
 * and child modules; {@link dev.descent.nn.Sequential} chains layers. The layers: {@link dev.descent.nn.Linear}
 * (Keras's Dense), {@link dev.descent.nn.Conv2d}, {@link dev.descent.nn.MaxPool2d},
 * {@link dev.descent.nn.AvgPool2d} (their geometry a {@link dev.descent.nn.Window2d}),
 * {@link dev.descent.nn.BatchNorm1d}, {@link dev.descent.nn.BatchNorm2d}, {@link dev.descent.nn.LayerNorm},
 * {@link dev.descent.nn.Dropout}, {@link dev.descent.nn.Flatten}, and the activations {@link dev.descent.nn.ReLU},
 * {@link dev.descent.nn.LeakyReLU}, {@link dev.descent.nn.Sigmoid}, {@link dev.descent.nn.Tanh},
 * {@link dev.descent.nn.GELU}, {@link dev.descent.nn.Softplus}, {@link dev.descent.nn.SiLU} (Swish),
 * {@link dev.descent.nn.ELU} and {@link dev.descent.nn.Softmax}. Linear, Conv2d, the pools, BatchNorm and LayerNorm
 * are each one fused operation with a hand-derived backward pass (the functional forms {@code Linear.apply},
 * {@code Conv2d.apply}, {@code BatchNorm1d.apply} and {@code LayerNorm.apply} are PyTorch's {@code F.linear},
 * {@code F.conv2d}, {@code F.batch_norm} and {@code F.layer_norm}); the
 * activations are autograd's element-wise operations, except SiLU and ELU, one element-wise node each of nn's own
 * ({@code SiLU.apply}, {@code ELU.apply}). {@link dev.descent.nn.Init} and {@link dev.descent.nn.WeightInit} initialize weights;
 * {@link dev.descent.nn.Regularization} adds L1/L2 penalties to a loss. Losses are in {@code dev.descent.nn.loss},
 * weight files in {@code dev.descent.nn.io}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Linear(784, 256), new BatchNorm1d(256), new ReLU(), new Dropout(0.2),
 *         new Linear(256, 128), new ReLU(),
 *         new Linear(128, 10));
 * System.out.print(model.summary(128, 784));
 * Variable loss = new CrossEntropyLoss().forward(model.forward(images), labels);
 * loss.backward();
 * }</pre>
 *
 * <p>Import {@code dev.descent.nn.Module} by name: a wildcard import of this package would clash with
 * {@code java.lang.Module}.
 */
package dev.descent.nn;
