package dev.descent.core;

/**
 * Values picked from a tensor along an axis and where they came from, as PyTorch's {@code torch.return_types}
 * ({@code sort}, {@code topk}): {@code values} has the shape of {@code indices}, and along the axis
 * {@code values[…, j, …] = x[…, indices[…, j, …], …]}, so {@code x.gather(axis, indices)} gives the values back.
 *
 * @param values  the picked values: a {@link Tensor} in core, a differentiable {@code Variable} in autograd
 * @param indices their positions along the axis in the tensor they were picked from
 * @param <V>     the type of the values
 */
public record ValuesAndIndices<V>(V values, Indices indices) {
}
