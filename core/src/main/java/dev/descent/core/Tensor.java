package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Gemm;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.UnaryOp;
import dev.descent.core.kernel.VectorizationProvider;

import java.util.Arrays;

/**
 * An n-dimensional array of float32 values, stored contiguously in row-major order.
 *
 * <p>A tensor is a {@link Shape} plus a run of {@code shape.size()} elements of a float array starting at
 * {@link #offset()}. Because every tensor is contiguous, {@link #reshape}, {@link #unsqueeze}, {@link #squeeze} and
 * {@link #rows} are views that share storage (writing through one is seen by the other); everything else returns a
 * new tensor unless its name ends in {@code i} (in place: {@link #addi}, {@link #muli}, …) or it says otherwise — so
 * {@link #permute}, {@link #transpose(int, int)}, {@link #narrow}, {@link #split} and {@link #chunk}, views in
 * PyTorch, copy here.
 *
 * <p>Axis arguments ({@code axis}, PyTorch's {@code dim}) count from the end when negative: −1 is the last axis.
 * Operations that take or return positions along an axis (gather, scatterAdd, sort, topk, oneHot) use
 * {@link Indices}, an int tensor.
 *
 * <p>Binary operations broadcast as NumPy does ({@link Shape#broadcast}): shapes are aligned at the last axis, and a
 * dimension of 1 (or a missing leading one) stretches to match. So {@code x.add(bias)} adds a {@code [D]} bias to
 * each row of an {@code [N, D]} batch.
 *
 * <p>Bad input — shapes that do not broadcast or multiply, element counts that do not fit a shape, axes or indices out
 * of range — throws {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} with a message that names
 * the operation and the shapes involved.
 */
public final class Tensor {
    private static final Kernels K = VectorizationProvider.kernels();

    private final float[] data;
    private final int offset;
    private final Shape shape;

    private Tensor(float[] data, int offset, Shape shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- factories

    /** A tensor of zeros. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(new float[shape.size()], 0, shape);
    }

    /** A tensor of zeros shaped like {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... dims) {
        return full(1f, dims);
    }

    /** A tensor of ones. */
    public static Tensor ones(Shape shape) {
        return full(1f, shape);
    }

    /** A tensor with every element {@code value}. */
    public static Tensor full(float value, int... dims) {
        return full(value, Shape.of(dims));
    }

    /** A tensor with every element {@code value}. */
    public static Tensor full(float value, Shape shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** The rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, 0, Shape.scalar());
    }

    /**
     * A tensor holding a copy of {@code values}, row-major, in the given shape:
     * {@code Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)} is {@code [[1, 2, 3], [4, 5, 6]]}.
     *
     * @throws IllegalArgumentException if the number of values is not the shape's size
     */
    public static Tensor of(float[] values, int... dims) {
        return of(values, Shape.of(dims));
    }

    /** A tensor holding a copy of {@code values}, row-major, in the given shape. */
    public static Tensor of(float[] values, Shape shape) {
        checkCount("of", values.length, shape);
        return new Tensor(values.clone(), 0, shape);
    }

    /**
     * A matrix holding a copy of {@code rows}: {@code Tensor.of(new float[][] {{1, 2}, {3, 4}})}.
     *
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        Tensor t = zeros(rows.length, cols);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values but row 0 has "
                        + cols);
            }
            System.arraycopy(rows[r], 0, t.data, r * cols, cols);
        }
        return t;
    }

    /** A 1-D tensor holding a copy of {@code values}. */
    public static Tensor vector(float... values) {
        return new Tensor(values.clone(), 0, Shape.of(values.length));
    }

    /**
     * A tensor over {@code values} without copying them: later writes to the array show in the tensor. For loaders
     * and weight files that already hold their data in a float array.
     */
    public static Tensor wrap(float[] values, int offset, Shape shape) {
        if (offset < 0 || offset + (long) shape.size() > values.length) {
            throw new IllegalArgumentException("wrap: " + shape.size() + " elements from offset " + offset
                    + " do not fit an array of " + values.length + " for shape " + shape);
        }
        return new Tensor(values, offset, shape);
    }

    /** {@code [0, 1, …, n−1]}; empty if {@code n ≤ 0}. */
    public static Tensor arange(int n) {
        return arange(0f, n, 1f);
    }

    /**
     * {@code [start, start + step, …]} up to but excluding {@code end}, as NumPy's {@code arange}: element i is
     * {@code start + i·step} (computed in double, then rounded), and there are {@code max(0, ⌈(end − start)/step⌉)}.
     */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0f || !Float.isFinite(step) || !Float.isFinite(start) || !Float.isFinite(end)) {
            throw new IllegalArgumentException("arange: need finite start, end and a non-zero step, got start="
                    + start + " end=" + end + " step=" + step);
        }
        double count = Math.ceil(((double) end - start) / step);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: start=" + start + " end=" + end + " step=" + step
                    + " gives " + (long) count + " elements, more than a tensor holds");
        }
        int n = (int) Math.max(0, count);
        Tensor t = zeros(n);
        for (int i = 0; i < n; i++) {
            t.data[i] = (float) (start + (double) i * step);
        }
        return t;
    }

    /** The n × n identity matrix, {@code I[i][j] = [i = j]}. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) {
            t.data[i * n + i] = 1f;
        }
        return t;
    }

    /**
     * Independent samples from the uniform distribution on {@code [lo, hi)}, drawn in row-major order from
     * {@code rng}: {@code lo + (hi − lo)·u} with u from {@link Rng#nextFloat()} (rounding that reaches {@code hi}
     * gives the float just below it). The same seed gives the same tensor on every JDK.
     */
    public static Tensor uniform(Rng rng, float lo, float hi, int... dims) {
        return uniform(rng, lo, hi, Shape.of(dims));
    }

    /** Uniform samples from {@code [lo, hi)}; see {@link #uniform(Rng, float, float, int...)}. */
    public static Tensor uniform(Rng rng, float lo, float hi, Shape shape) {
        if (!(lo <= hi) || !Float.isFinite(lo) || !Float.isFinite(hi)) {
            throw new IllegalArgumentException("uniform: need finite lo ≤ hi, got lo=" + lo + " hi=" + hi);
        }
        Tensor t = zeros(shape);
        float below = lo < hi ? Math.nextDown(hi) : hi;
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = Math.min(lo + (hi - lo) * rng.nextFloat(), below);
        }
        return t;
    }

    /**
     * Independent samples from the normal distribution N(mean, std²), drawn in row-major order from {@code rng}:
     * {@code mean + std·z} with z from {@link Rng#nextGaussian()}. The same seed gives the same tensor on every JDK.
     */
    public static Tensor normal(Rng rng, float mean, float std, int... dims) {
        return normal(rng, mean, std, Shape.of(dims));
    }

    /** Normal samples N(mean, std²); see {@link #normal(Rng, float, float, int...)}. */
    public static Tensor normal(Rng rng, float mean, float std, Shape shape) {
        if (!(std >= 0f) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("normal: need a finite mean and a finite std ≥ 0, got mean=" + mean
                    + " std=" + std);
        }
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (mean + std * rng.nextGaussian());
        }
        return t;
    }

    private static void checkCount(String op, int count, Shape s) {
        if (count != s.size()) {
            throw new IllegalArgumentException(op + ": " + count + " values do not fill shape " + s + " ("
                    + s.size() + " elements)");
        }
    }

    // ---------------------------------------------------------------- shape and elements

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return shape.dims();
    }

    /** The size of {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The number of axes. */
    public int rank() {
        return shape.rank();
    }

    /** The number of elements. */
    public int size() {
        return shape.size();
    }

    /**
     * The backing array. Element {@code i} (row-major) is {@code array()[offset() + i]}; it may be shared with views
     * and may be longer than this tensor. For kernels, layers and optimizers that work on raw memory.
     */
    public float[] array() {
        return data;
    }

    /** Where this tensor's first element sits in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** The element at a full index, one coordinate per axis. */
    public float get(int... index) {
        return data[offset + flatIndex("get", index)];
    }

    /** Writes the element at a full index. */
    public void set(float value, int... index) {
        data[offset + flatIndex("set", index)] = value;
    }

    /** The i-th element in row-major order. */
    public float getFlat(int i) {
        return data[offset + checkFlat("getFlat", i)];
    }

    /** Writes the i-th element in row-major order. */
    public void setFlat(int i, float value) {
        data[offset + checkFlat("setFlat", i)] = value;
    }

    /** The single element of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + shape + " has " + size()
                    + " elements, not 1");
        }
        return data[offset];
    }

    /** A copy of the elements in row-major order. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    /** A copy with its own storage. */
    public Tensor copy() {
        return new Tensor(toArray(), 0, shape);
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but shape " + shape + " has rank " + shape.rank());
        }
        int flat = 0;
        for (int k = 0; k < index.length; k++) {
            int d = shape.dim(k);
            if (index[k] < 0 || index[k] >= d) {
                throw new IndexOutOfBoundsException(op + ": index " + Arrays.toString(index)
                        + " is out of range for shape " + shape);
            }
            flat = flat * d + index[k];
        }
        return flat;
    }

    private int checkFlat(String op, int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(op + ": flat index " + i + " is out of range for shape " + shape + " ("
                    + size() + " elements)");
        }
        return i;
    }

    // ---------------------------------------------------------------- layout

    /**
     * The same elements in another shape, sharing storage (a view: writes through either show in both). One
     * dimension may be {@code -1}, inferred from the others.
     *
     * @throws IllegalArgumentException if the element counts differ
     */
    public Tensor reshape(int... dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int k = 0; k < d.length; k++) {
            if (d[k] == -1 && infer < 0) {
                infer = k;
            } else if (d[k] < 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + shape + " to " + Arrays.toString(dims)
                        + ": only one dimension may be -1 and none may be otherwise negative");
            } else {
                known *= d[k];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + shape + " (" + size()
                        + " elements) to " + Arrays.toString(dims));
            }
            d[infer] = (int) (size() / known);
        } else if (known != size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + shape + " (" + size() + " elements) to "
                    + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return new Tensor(data, offset, Shape.of(d));
    }

    /** The same elements in another shape, sharing storage. */
    public Tensor reshape(Shape target) {
        return reshape(target.dims());
    }

    /** The elements as a 1-D view. */
    public Tensor flatten() {
        return new Tensor(data, offset, Shape.of(size()));
    }

    /**
     * This tensor with a new axis of size 1 at {@code dim} ({@code torch.unsqueeze}), as a view: a {@code [3, 4]}
     * tensor gives {@code [1, 3, 4]}, {@code [3, 1, 4]} or {@code [3, 4, 1]} for dim 0, 1 or 2. dim counts the axes of
     * the result, −(r + 1) … r for rank r, so −1 appends the new axis at the end.
     *
     * @throws IllegalArgumentException if dim is out of that range
     */
    public Tensor unsqueeze(int dim) {
        return new Tensor(data, offset, Layout.unsqueezed("unsqueeze", shape, dim));
    }

    /**
     * This tensor without its axes of size 1 ({@code torch.squeeze}), as a view: {@code [1, 3, 1, 4]} gives {@code [3,
     * 4]}.
     */
    public Tensor squeeze() {
        return new Tensor(data, offset, Layout.squeezed(shape));
    }

    /**
     * This tensor without axis {@code dim} if that axis has size 1, else in its own shape ({@code torch.squeeze(dim)}:
     * not an error), as a view. A scalar accepts dim 0 and −1, as in PyTorch.
     */
    public Tensor squeeze(int dim) {
        return new Tensor(data, offset, Layout.squeezed(shape, dim));
    }

    /**
     * The axes reordered ({@code torch.permute}): axis k of the result is axis {@code dims[k]} of this tensor,
     * <pre>
     *   out[i₀, …, i_{r−1}] = this[j]   where j_{dims[k]} = iₖ,
     * </pre>
     * so a {@code [2, 3, 4]} tensor permuted by {@code (2, 0, 1)} has shape {@code [4, 2, 3]}. dims names every axis
     * once (negative counts from the end). Copied, since Descent's tensors are contiguous: a permutation that keeps
     * the last axis in place copies whole rows, one that moves it copies in cache-sized blocks.
     *
     * @throws IllegalArgumentException if dims is not a permutation of the axes, e.g.
     *                                  {@code permute: [2, 3, 4] with dims [0, 0, 1]: dim 0 repeated}
     */
    public Tensor permute(int... dims) {
        return Layout.permute(this, dims);
    }

    /** The transpose of a 2-D tensor, {@code out[j][i] = this[i][j]}, as a new tensor. */
    public Tensor transpose() {
        if (rank() != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D tensor, got shape " + shape);
        }
        return Layout.permute(this, new int[] {1, 0});
    }

    /**
     * Axes {@code dim0} and {@code dim1} swapped ({@code torch.transpose}), the others in place, copied:
     * {@code out[…, i, …, j, …] = this[…, j, …, i, …]}. Either may be negative; equal axes give a copy.
     */
    public Tensor transpose(int dim0, int dim1) {
        return Layout.permute(this, Layout.swap(shape, dim0, dim1));
    }

    /**
     * Axis {@code source} moved to position {@code destination}, the other axes keeping their order
     * ({@code torch.movedim}), copied: {@code [2, 3, 4].movedim(0, -1)} has shape {@code [3, 4, 2]}.
     */
    public Tensor movedim(int source, int destination) {
        return Layout.permute(this, Layout.move(shape, source, destination));
    }

    /**
     * The elements reversed along each of {@code dims} ({@code torch.flip}), copied: along a flipped axis of size n,
     * {@code out[…, i, …] = this[…, n − 1 − i, …]}. No dims gives a copy; an axis named twice is an error.
     */
    public Tensor flip(int... dims) {
        return Layout.flip(this, dims);
    }

    /** Rows {@code from..to-1} along the first axis, as a view that shares storage. */
    public Tensor rows(int from, int to) {
        if (rank() < 1) {
            throw new IllegalArgumentException("rows: expected a tensor of rank ≥ 1, got a scalar");
        }
        if (from < 0 || to > dim(0) || from > to) {
            throw new IndexOutOfBoundsException("rows: range [" + from + ", " + to + ") is out of range for shape "
                    + shape);
        }
        int rowSize = shape.innerSize(0);
        return new Tensor(data, offset + from * rowSize, shape.withDim(0, to - from));
    }

    /** Row {@code i} along the first axis, without that axis, as a view. */
    public Tensor row(int i) {
        if (rank() < 1) {
            throw new IllegalArgumentException("row: expected a tensor of rank ≥ 1, got a scalar");
        }
        if (i < 0 || i >= dim(0)) {
            throw new IndexOutOfBoundsException("row: index " + i + " is out of range for shape " + shape);
        }
        return new Tensor(data, offset + i * shape.innerSize(0), shape.reduce(0, false));
    }

    /**
     * The rows at {@code indices} along the first axis, in that order, copied: {@code out[r] = this[indices[r]]}
     * (a shuffled minibatch). Indices may repeat. A large gather is shared over {@link Parallel}'s threads.
     *
     * @throws IndexOutOfBoundsException naming the first index out of range, before anything is copied
     */
    public Tensor gatherRows(int... indices) {
        return Layout.gatherRows(this, indices);
    }

    /** The tensors joined along {@code axis}, copied; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Layout.concat(axis, parts);
    }

    /**
     * The tensors, all of one shape, stacked along a new axis {@code dim} ({@code torch.stack}), copied:
     * {@code out[…, k, …] = tensors[k]}, so k tensors of shape {@code [3, 4]} give {@code [k, 3, 4]} for dim 0 and
     * {@code [3, 4, k]} for dim −1. dim counts the axes of the result, as {@link #unsqueeze}'s does.
     *
     * @throws IllegalArgumentException if no tensor is given, the shapes differ, or dim is out of range
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Layout.stack(dim, tensors);
    }

    /**
     * Elements {@code start … start + length − 1} along {@code dim} ({@code torch.narrow}), copied (in PyTorch a
     * view; here only {@link #rows} is one). A negative start counts from the end of the axis.
     *
     * @throws IndexOutOfBoundsException if the range does not lie within the axis
     */
    public Tensor narrow(int dim, int start, int length) {
        return Layout.narrow(this, dim, start, length);
    }

    /**
     * This tensor cut along {@code dim} into pieces of {@code size} elements, the last one smaller if the axis does not
     * divide evenly ({@code torch.split} with an int): an axis of 5 split by 2 gives pieces of 2, 2 and 1. Each piece
     * is copied (in PyTorch, views). An empty axis gives one empty piece; size 0 is allowed only there.
     */
    public Tensor[] split(int size, int dim) {
        return Layout.split(this, size, dim);
    }

    /**
     * This tensor cut along {@code dim} into pieces of the given sizes, which must add up to the axis ({@code
     * torch.split} with a list).
     */
    public Tensor[] split(int[] sizes, int dim) {
        return Layout.split(this, sizes, dim);
    }

    /**
     * This tensor cut along {@code dim} into at most {@code chunks} pieces ({@code torch.chunk}): pieces of
     * ⌈n / chunks⌉ elements, the last one smaller, so there may be fewer than asked (an axis of 6 in 4 chunks gives 3
     * pieces of 2, as PyTorch does). An empty axis gives {@code chunks} empty pieces.
     */
    public Tensor[] chunk(int chunks, int dim) {
        return Layout.chunk(this, chunks, dim);
    }

    /**
     * The lower triangle of the last two axes ({@code torch.tril}): elements with {@code j − i ≤ k} kept, the others
     * 0. k = 0 is the main diagonal, k &gt; 0 keeps k diagonals above it, k &lt; 0 drops |k| below it. The leading axes
     * are a batch of matrices.
     *
     * @throws IllegalArgumentException if the rank is below 2
     */
    public Tensor tril(int k) {
        return Layout.triangle("tril", this, k, true);
    }

    /**
     * The upper triangle of the last two axes ({@code torch.triu}): elements with {@code j − i ≥ k} kept, the others 0.
     */
    public Tensor triu(int k) {
        return Layout.triangle("triu", this, k, false);
    }

    /** This tensor stretched to {@code target} by broadcasting ({@link Shape#broadcast}), copied. */
    public Tensor broadcastTo(Shape target) {
        if (!shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + shape + " cannot be broadcast to " + target);
        }
        return Broadcasting.broadcastTo(this, target);
    }

    /**
     * The sum of this tensor over the axes along which {@code target} was broadcast to this shape — the adjoint of
     * {@link #broadcastTo}, and so the gradient of a broadcast operand: if {@code y = f(broadcast(x))}, then
     * {@code ∂L/∂x = (∂L/∂y).sumTo(x.shape())}. Formally {@code out[j] = Σ_{i : i ↦ j} this[i]}, where i runs over
     * the indices of this shape that broadcasting maps to index j of the target.
     *
     * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
     */
    public Tensor sumTo(Shape target) {
        if (target.equals(shape)) {
            return copy();
        }
        if (!target.broadcastsTo(shape)) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + shape);
        }
        return Broadcasting.sumTo(this, target);
    }

    // ---------------------------------------------------------------- selection, indexing, sorting, scans

    /**
     * {@code a} where {@code condition ≠ 0}, else {@code b} ({@code torch.where}), all three broadcasting to one shape.
     * A selection, not a blend: {@code a} is read only where the condition holds, so a NaN or infinity in the other
     * operand never reaches the result. A NaN condition counts as true, as a NaN converted to bool is in PyTorch.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Shape s = Shape.broadcast("where", Shape.broadcast("where", condition.shape, a.shape), b.shape);
        Tensor out = zeros(s);
        Broadcasting.where(condition, a, b, out);
        return out;
    }

    /**
     * One-hot rows ({@code torch.nn.functional.one_hot}): for n class indices, the {@code [n, classes]} matrix with
     * {@code out[i, k] = [classIndices[i] = k]}. classes −1 takes the largest index + 1.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code 0 … classes − 1}
     */
    public static Tensor oneHot(int[] classIndices, int classes) {
        return Indexing.oneHot(Indices.of(classIndices), classes);
    }

    /**
     * One-hot vectors for indices of any shape: shape {@code indices.shape() + [classes]}; see {@link #oneHot(int[],
     * int)}.
     */
    public static Tensor oneHot(Indices indices, int classes) {
        return Indexing.oneHot(indices, classes);
    }

    /**
     * Values picked along {@code dim} at the given indices ({@code torch.gather}, and {@code torch.take_along_dim}
     * where the shapes agree): the result has the index's shape and, for dim 1 of a 3-D tensor,
     * <pre>
     *   out[i, j, k] = this[i, index[i, j, k], k].
     * </pre>
     * The index has this tensor's rank and is no larger along any other axis; along dim it may be longer (indices
     * may repeat). {@code x.gather(d, x.argsort(d, false))} is x sorted along d.
     *
     * @throws IllegalArgumentException  if the index's rank or shape does not fit
     * @throws IndexOutOfBoundsException naming the first index outside the axis (negative ones included)
     */
    public Tensor gather(int dim, Indices index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * A copy of this tensor with {@code src} added at the given indices along {@code dim} ({@code torch.scatter_add}),
     * for dim 1 of a 3-D tensor
     * <pre>
     *   out[i, index[i, j, k], k] += src[i, j, k]   for every position (i, j, k) of the index,
     * </pre>
     * the adjoint of {@link #gather}: repeated indices add up (in row-major order of the index, as PyTorch's CPU
     * kernel adds them). The index has this tensor's rank, is no larger than src along any axis and no larger than
     * this tensor along the others than dim.
     */
    public Tensor scatterAdd(int dim, Indices index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /**
     * The elements of each slice along {@code dim} in ascending (or descending) order, with their positions in the
     * slice ({@code torch.sort(dim, descending, stable=True)}): −0 equals +0, NaN is larger than +∞ (last ascending,
     * first descending), and ties keep their order along the axis — the order of {@code torch.sort}'s stable mode,
     * which its default matches on slices of up to 16 elements. The values are this tensor's elements, bits included
     * (a −0 stays −0).
     */
    public ValuesAndIndices<Tensor> sort(int dim, boolean descending) {
        int axis = Layout.axisOrScalar("sort", shape, dim);
        return asScalar(Sorting.sort(atLeast1D(), axis, descending));
    }

    /** The positions that sort each slice along {@code dim} ({@code torch.argsort}): {@link #sort}'s indices. */
    public Indices argsort(int dim, boolean descending) {
        int axis = Layout.axisOrScalar("argsort", shape, dim);
        return asScalar(Sorting.sort(atLeast1D(), axis, descending)).indices();
    }

    /**
     * The k largest ({@code largest}) or smallest elements of each slice along {@code dim} and their positions
     * ({@code torch.topk}), in {@link #sort}'s order (so NaN counts as the largest; ties go to the lower index). With
     * {@code sorted} false they come in the order they hold along the axis instead (PyTorch leaves that order
     * unspecified).
     *
     * @throws IllegalArgumentException if k is negative or larger than the axis
     */
    public ValuesAndIndices<Tensor> topk(int k, int dim, boolean largest, boolean sorted) {
        int axis = Layout.axisOrScalar("topk", shape, dim);
        return asScalar(Sorting.topk(atLeast1D(), k, axis, largest, sorted));
    }

    /** The k largest elements along the last axis, largest first: {@code topk(k, -1, true, true)}. */
    public ValuesAndIndices<Tensor> topk(int k) {
        return topk(k, -1, true, true);
    }

    /**
     * Running sums along {@code dim} ({@code torch.cumsum}): {@code out[…, j, …] = Σ_{i ≤ j} this[…, i, …]}. Each sum
     * is kept in double and rounded once, as PyTorch's CPU kernel does, so the results are PyTorch's bit for bit.
     */
    public Tensor cumsum(int dim) {
        return Scans.scan(atLeast1D(), Layout.axisOrScalar("cumsum", shape, dim), false).reshape(shape);
    }

    /**
     * Running products along {@code dim} ({@code torch.cumprod}): {@code out[…, j, …] = Π_{i ≤ j} this[…, i, …]}, in
     * double as {@link #cumsum}.
     */
    public Tensor cumprod(int dim) {
        return Scans.scan(atLeast1D(), Layout.axisOrScalar("cumprod", shape, dim), true).reshape(shape);
    }

    /** A scalar as a one-element vector (a view), for operations along an axis that PyTorch allows on scalars. */
    private Tensor atLeast1D() {
        return rank() == 0 ? reshape(1) : this;
    }

    /** Values and indices of a scalar's one-element slice back in the scalar's shape. */
    private ValuesAndIndices<Tensor> asScalar(ValuesAndIndices<Tensor> r) {
        if (rank() > 0 || r.indices().size() != 1) {
            return r;
        }
        return new ValuesAndIndices<>(r.values().reshape(shape), r.indices().reshape());
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code out[i] = op(this[i])}, as a new tensor. */
    public Tensor map(UnaryOp op) {
        Tensor out = zeros(shape);
        K.unary(op, data, offset, out.data, 0, size());
        return out;
    }

    /**
     * {@code out[i] = op(this[i])} written into {@code out}, which must have this shape (and may be this tensor);
     * returns {@code out}. For layers that reuse their buffers.
     */
    public Tensor map(UnaryOp op, Tensor out) {
        if (!shape.equals(out.shape)) {
            throw new IllegalArgumentException(op.label() + ": output shape " + out.shape + " differs from input shape "
                    + shape);
        }
        Tensor x = Broadcasting.unaliased(this, out);
        K.unary(op, x.data, x.offset, out.data, out.offset, size());
        return out;
    }

    /** {@code this[i] = op(this[i])}, in place. */
    public Tensor mapi(UnaryOp op) {
        K.unary(op, data, offset, data, offset, size());
        return this;
    }

    /**
     * {@code op(this, other)} element by element with NumPy broadcasting, as a new tensor of shape
     * {@code Shape.broadcast(this.shape(), other.shape())}.
     *
     * @throws IllegalArgumentException naming the operation and both shapes if they do not broadcast
     */
    public Tensor zip(BinaryOp op, Tensor other) {
        Shape outShape = shape.equals(other.shape) ? shape : Shape.broadcast(op.label(), shape, other.shape);
        Tensor out = zeros(outShape);
        Broadcasting.zip(op, this, other, out);
        return out;
    }

    /**
     * {@code op(this, other)} with broadcasting, written into {@code out}, whose shape must be the broadcast shape
     * (it may be one of the operands); returns {@code out}.
     */
    public Tensor zip(BinaryOp op, Tensor other, Tensor out) {
        Shape outShape = Shape.broadcast(op.label(), shape, other.shape);
        if (!outShape.equals(out.shape)) {
            throw new IllegalArgumentException(op.label() + ": output shape " + out.shape + " should be " + outShape
                    + " for " + shape + " and " + other.shape);
        }
        Broadcasting.zip(op, Broadcasting.unaliased(this, out), Broadcasting.unaliased(other, out), out);
        return out;
    }

    /** {@code op(this[i], s)}, as a new tensor. */
    public Tensor zip(BinaryOp op, float s) {
        Tensor out = zeros(shape);
        K.binaryScalar(op, data, offset, s, out.data, 0, size());
        return out;
    }

    /** {@code op(s, this[i])}, as a new tensor: the scalar on the left. */
    private Tensor zipScalarLeft(BinaryOp op, float s) {
        Tensor out = zeros(shape);
        K.scalarBinary(op, s, data, offset, out.data, 0, size());
        return out;
    }

    /** {@code this = op(this, other)}, where {@code other} must broadcast to this tensor's shape. */
    public Tensor zipi(BinaryOp op, Tensor other) {
        if (!other.shape.broadcastsTo(shape)) {
            throw new IllegalArgumentException(op.label() + " (in place): shape " + other.shape
                    + " cannot be broadcast to " + shape);
        }
        Broadcasting.zip(op, this, Broadcasting.unaliased(other, this), this);
        return this;
    }

    /** {@code this[i] = op(this[i], s)}, in place. */
    public Tensor zipi(BinaryOp op, float s) {
        K.binaryScalar(op, data, offset, s, data, offset, size());
        return this;
    }

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return zip(BinaryOp.ADD, other);
    }

    /** {@code this − other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return zip(BinaryOp.SUB, other);
    }

    /** {@code this ⊙ other}, the element-wise (Hadamard) product, broadcasting. */
    public Tensor mul(Tensor other) {
        return zip(BinaryOp.MUL, other);
    }

    /** {@code this / other} element by element, broadcasting. */
    public Tensor div(Tensor other) {
        return zip(BinaryOp.DIV, other);
    }

    /** {@code thisᵒᵗʰᵉʳ} element by element, broadcasting, as {@code torch.pow} (see {@link BinaryOp#POW}). */
    public Tensor pow(Tensor exponent) {
        return zip(BinaryOp.POW, exponent);
    }

    /** {@code max(this, other)} element by element, broadcasting; NaN if either is NaN ({@code torch.maximum}). */
    public Tensor maximum(Tensor other) {
        return zip(BinaryOp.MAX, other);
    }

    /** {@code min(this, other)} element by element, broadcasting; NaN if either is NaN ({@code torch.minimum}). */
    public Tensor minimum(Tensor other) {
        return zip(BinaryOp.MIN, other);
    }

    /**
     * The gradient through {@code relu}: with this tensor the gradient {@code g = ∂L/∂y} of {@code y = relu(x)},
     * returns {@code ∂L/∂x = g ⊙ relu′(x)}, that is {@code g} where {@code x > 0} and 0 where {@code x ≤ 0}
     * ({@code relu′(0) = 0}), broadcasting. As PyTorch's {@code threshold_backward(g, x, 0)} it selects rather than
     * multiplies: a NaN x lets its gradient through (NaN is not ≤ 0), so the NaN is not hidden behind a zero
     * gradient, and a NaN or infinite gradient where x ≤ 0 gives 0. One pass ({@link BinaryOp#RELU_BACKWARD}).
     */
    public Tensor reluBackward(Tensor input) {
        return zip(BinaryOp.RELU_BACKWARD, input);
    }

    /** {@code this + s}. */
    public Tensor add(float s) {
        return zip(BinaryOp.ADD, s);
    }

    /** {@code this − s}. */
    public Tensor sub(float s) {
        return zip(BinaryOp.SUB, s);
    }

    /** {@code s − this} ({@code torch.rsub}): for example {@code 1 − p}. */
    public Tensor rsub(float s) {
        return zipScalarLeft(BinaryOp.SUB, s);
    }

    /** {@code this · s}. */
    public Tensor mul(float s) {
        return zip(BinaryOp.MUL, s);
    }

    /** {@code this / s}. */
    public Tensor div(float s) {
        return zip(BinaryOp.DIV, s);
    }

    /** {@code s / this} element by element. */
    public Tensor rdiv(float s) {
        return zipScalarLeft(BinaryOp.DIV, s);
    }

    /** {@code thisᵖ} element by element, as {@link BinaryOp#POW} ({@code p = 2} is computed exactly as {@code x·x}). */
    public Tensor pow(float p) {
        return zip(BinaryOp.POW, p);
    }

    /** {@code max(this, s)} element by element; NaN stays NaN. */
    public Tensor maximum(float s) {
        return zip(BinaryOp.MAX, s);
    }

    /** {@code min(this, s)} element by element; NaN stays NaN. */
    public Tensor minimum(float s) {
        return zip(BinaryOp.MIN, s);
    }

    /** {@code −x}. */
    public Tensor neg() {
        return map(UnaryOp.NEG);
    }

    /** {@code eˣ}. */
    public Tensor exp() {
        return map(UnaryOp.EXP);
    }

    /** {@code ln x}: −∞ at 0, NaN below. */
    public Tensor log() {
        return map(UnaryOp.LOG);
    }

    /** {@code √x}: NaN below 0. */
    public Tensor sqrt() {
        return map(UnaryOp.SQRT);
    }

    /** {@code |x|}. */
    public Tensor abs() {
        return map(UnaryOp.ABS);
    }

    /** {@code sign(x)} ∈ {−1, 0, 1}; NaN stays NaN (see {@link UnaryOp#SIGN}). */
    public Tensor sign() {
        return map(UnaryOp.SIGN);
    }

    /** {@code tanh x = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)}. */
    public Tensor tanh() {
        return map(UnaryOp.TANH);
    }

    /** {@code σ(x) = 1 / (1 + e⁻ˣ)}, without overflow for any x (see {@link UnaryOp#SIGMOID}). */
    public Tensor sigmoid() {
        return map(UnaryOp.SIGMOID);
    }

    /** {@code relu(x) = max(x, 0)}; NaN stays NaN. Its derivative mask is {@code x.gt(0)}. */
    public Tensor relu() {
        return map(UnaryOp.RELU);
    }

    /** {@code x²}. */
    public Tensor square() {
        return map(UnaryOp.SQUARE);
    }

    /** {@code 1 / x}. */
    public Tensor reciprocal() {
        return map(UnaryOp.RECIPROCAL);
    }

    /**
     * {@code clamp(x, lo, hi) = min(max(x, lo), hi)}; NaN stays NaN. The max and min are {@link Math#max} and
     * {@link Math#min}, which order −0 below +0: {@code clamp(−0, 0, 1)} is +0, where {@code torch.clamp} returns the
     * input's −0.
     *
     * @throws IllegalArgumentException if {@code lo > hi} or a bound is NaN
     */
    public Tensor clamp(float lo, float hi) {
        checkBounds(lo, hi);
        Tensor out = zeros(shape);
        K.clamp(data, offset, lo, hi, out.data, 0, size());
        return out;
    }

    private static void checkBounds(float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: need lo ≤ hi, got lo=" + lo + " hi=" + hi);
        }
    }

    /** The mask {@code [this > other]}: 1 where true, 0 where false (NaN compares false); broadcasting. */
    public Tensor gt(Tensor other) {
        return zip(BinaryOp.GT, other);
    }

    /** The mask {@code [this ≥ other]}. */
    public Tensor ge(Tensor other) {
        return zip(BinaryOp.GE, other);
    }

    /** The mask {@code [this < other]}. */
    public Tensor lt(Tensor other) {
        return zip(BinaryOp.LT, other);
    }

    /** The mask {@code [this ≤ other]}. */
    public Tensor le(Tensor other) {
        return zip(BinaryOp.LE, other);
    }

    /** The mask {@code [this = other]}. */
    public Tensor eq(Tensor other) {
        return zip(BinaryOp.EQ, other);
    }

    /** The mask {@code [this ≠ other]} (1 where either is NaN). */
    public Tensor ne(Tensor other) {
        return zip(BinaryOp.NE, other);
    }

    /** The mask {@code [this > s]}. */
    public Tensor gt(float s) {
        return zip(BinaryOp.GT, s);
    }

    /** The mask {@code [this ≥ s]}. */
    public Tensor ge(float s) {
        return zip(BinaryOp.GE, s);
    }

    /** The mask {@code [this < s]}. */
    public Tensor lt(float s) {
        return zip(BinaryOp.LT, s);
    }

    /** The mask {@code [this ≤ s]}. */
    public Tensor le(float s) {
        return zip(BinaryOp.LE, s);
    }

    /** The mask {@code [this = s]}. */
    public Tensor eq(float s) {
        return zip(BinaryOp.EQ, s);
    }

    /** The mask {@code [this ≠ s]}. */
    public Tensor ne(float s) {
        return zip(BinaryOp.NE, s);
    }

    // ---------------------------------------------------------------- in place

    /** {@code this += other} ({@code other} broadcast to this shape). */
    public Tensor addi(Tensor other) {
        return zipi(BinaryOp.ADD, other);
    }

    /** {@code this −= other}. */
    public Tensor subi(Tensor other) {
        return zipi(BinaryOp.SUB, other);
    }

    /** {@code this ⊙= other}. */
    public Tensor muli(Tensor other) {
        return zipi(BinaryOp.MUL, other);
    }

    /** {@code this /= other}. */
    public Tensor divi(Tensor other) {
        return zipi(BinaryOp.DIV, other);
    }

    /** {@code this += s}. */
    public Tensor addi(float s) {
        return zipi(BinaryOp.ADD, s);
    }

    /** {@code this −= s}. */
    public Tensor subi(float s) {
        return zipi(BinaryOp.SUB, s);
    }

    /** {@code this ·= s}. */
    public Tensor muli(float s) {
        return zipi(BinaryOp.MUL, s);
    }

    /** {@code this /= s}. */
    public Tensor divi(float s) {
        return zipi(BinaryOp.DIV, s);
    }

    /**
     * {@code this += α·x} (BLAS axpy), for tensors of the same shape.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public Tensor axpy(float alpha, Tensor x) {
        requireSameShape("axpy", x);
        Tensor src = Broadcasting.unaliased(x, this);
        K.axpy(alpha, src.data, src.offset, data, offset, size());
        return this;
    }

    /** {@code this = α·x + β·this}, for tensors of the same shape. */
    public Tensor axpby(float alpha, Tensor x, float beta) {
        requireSameShape("axpby", x);
        Tensor src = Broadcasting.unaliased(x, this);
        K.axpby(alpha, src.data, src.offset, beta, data, offset, size());
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(float value) {
        Arrays.fill(data, offset, offset + size(), value);
        return this;
    }

    /** Copies {@code source}'s elements into this tensor; the shapes must be equal. */
    public Tensor copyFrom(Tensor source) {
        requireSameShape("copyFrom", source);
        System.arraycopy(source.data, source.offset, data, offset, size());
        return this;
    }

    /** {@code this = min(max(this, lo), hi)}, as {@link #clamp}. */
    public Tensor clampi(float lo, float hi) {
        checkBounds(lo, hi);
        K.clamp(data, offset, lo, hi, data, offset, size());
        return this;
    }

    private void requireSameShape(String op, Tensor other) {
        if (!shape.equals(other.shape)) {
            throw new IllegalArgumentException(op + ": shapes " + shape + " and " + other.shape + " differ");
        }
    }

    // ---------------------------------------------------------------- reductions

    /** {@code Σᵢ xᵢ} over all elements (0 for an empty tensor). */
    public float sum() {
        return K.sum(data, offset, size());
    }

    /**
     * {@code out[…, 1, …] = Σⱼ x[…, j, …]} along {@code axis}; the axis is kept with size 1 if {@code keepDims}, else
     * removed.
     */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.fold(this, shape.axis("sum", axis), keepDims, BinaryOp.ADD);
    }

    /** {@code (1/n) Σᵢ xᵢ} over all n elements (NaN for an empty tensor). */
    public float mean() {
        return sum() / size();
    }

    /** {@code (1/n) Σⱼ x[…, j, …]} along {@code axis} of size n. */
    public Tensor mean(int axis, boolean keepDims) {
        int ax = shape.axis("mean", axis);
        return Reductions.fold(this, ax, keepDims, BinaryOp.ADD).divi(shape.dim(ax));
    }

    /** {@code maxᵢ xᵢ}; NaN if any element is NaN (as {@code torch.max}). */
    public float max() {
        requireNonEmpty("max");
        return K.max(data, offset, size());
    }

    /** {@code maxⱼ x[…, j, …]} along {@code axis}; NaN where the slice holds a NaN. */
    public Tensor max(int axis, boolean keepDims) {
        int ax = shape.axis("max", axis);
        requireNonEmptyAxis("max", ax);
        return Reductions.fold(this, ax, keepDims, BinaryOp.MAX);
    }

    /** {@code minᵢ xᵢ}; NaN if any element is NaN. */
    public float min() {
        requireNonEmpty("min");
        return K.min(data, offset, size());
    }

    /** {@code minⱼ x[…, j, …]} along {@code axis}; NaN where the slice holds a NaN. */
    public Tensor min(int axis, boolean keepDims) {
        int ax = shape.axis("min", axis);
        requireNonEmptyAxis("min", ax);
        return Reductions.fold(this, ax, keepDims, BinaryOp.MIN);
    }

    /** {@code argmaxᵢ xᵢ}, the row-major index of the largest element: the first on ties, the first NaN if any. */
    public int argmax() {
        requireNonEmpty("argmax");
        return flatten().argmax(0)[0];
    }

    /**
     * {@code argmaxⱼ x[…, j, …]}: for each position of the other axes, the index along {@code axis} of the largest
     * element (the first on ties, the first NaN if any, as {@code torch.argmax}), in row-major order of the reduced
     * shape. For an {@code [N, C]} batch of scores, {@code argmax(1)} gives the N predicted classes.
     */
    public int[] argmax(int axis) {
        int ax = shape.axis("argmax", axis);
        requireNonEmptyAxis("argmax", ax);
        return Reductions.argExtreme(this, ax, true);
    }

    /** {@code argminᵢ xᵢ}, the row-major index of the smallest element: the first on ties, the first NaN if any. */
    public int argmin() {
        requireNonEmpty("argmin");
        return flatten().argmin(0)[0];
    }

    /**
     * {@code argminⱼ x[…, j, …]}: for each position of the other axes, the index along {@code axis} of the smallest
     * element, in row-major order of the reduced shape (the same order with or without the kept axis, so there is no
     * keepDims form). Ties give the first index. A slice holding NaN gives its first NaN, as {@code torch.argmin} does
     * in PyTorch 1.13 ({@code argmin([1, NaN, 0])} is 1): NaN counts as both the smallest and the largest element,
     * so argmin agrees with {@link #min(int, boolean)} (which returns that NaN) and with {@link #argmax(int)}.
     */
    public int[] argmin(int axis) {
        int ax = shape.axis("argmin", axis);
        requireNonEmptyAxis("argmin", ax);
        return Reductions.argExtreme(this, ax, false);
    }

    /**
     * The variance along {@code axis} of size n, {@code Σⱼ (xⱼ − x̄)² / (n − c)} with {@code x̄ = (1/n) Σⱼ xⱼ}:
     * biased ({@code c = 0}) divides by n, as batch normalization does; unbiased ({@code c = 1}) applies Bessel's
     * correction, as {@code torch.var} does by default. NaN where {@code n − c ≤ 0}. Computed in two passes (mean,
     * then squared deviations), which stays accurate when the mean is large next to the spread; slices whose float
     * sums overflow (values near 3e38, or deviations beyond 1.8e19) are taken again in double, so the variance is
     * finite wherever its value is ({@code [3e38, 3e38]} gives 0, not ∞).
     */
    public Tensor variance(int axis, boolean keepDims, boolean unbiased) {
        return Reductions.variance(this, shape.axis("variance", axis), keepDims, unbiased ? 1 : 0);
    }

    /** The variance of all elements; see {@link #variance(int, boolean, boolean)}. */
    public float variance(boolean unbiased) {
        return Reductions.variance(flatten(), 0, false, unbiased ? 1 : 0).item();
    }

    /**
     * The standard deviation along {@code axis}, {@code √(Σⱼ (xⱼ − x̄)² / (n − c))}: the square root of
     * {@link #variance(int, boolean, boolean)}, with the same correction c (1 if {@code unbiased}, PyTorch's default
     * for {@code torch.std}) and the same accuracy; NaN where {@code n − c ≤ 0}. Where the variance leaves the float
     * range but the deviation does not ({@code [3e38, 0]}: variance 4.5e76, deviation 2.1e38; a spread of
     * subnormals: variance about 1e-78, deviation 1e-39) the slice is taken in double and the root taken before
     * rounding, so the deviation is finite and non-zero as {@code torch.std}'s is.
     */
    public Tensor std(int axis, boolean keepDims, boolean unbiased) {
        return Reductions.std(this, shape.axis("std", axis), keepDims, unbiased ? 1 : 0);
    }

    /** The standard deviation of all elements; see {@link #std(int, boolean, boolean)}. */
    public float std(boolean unbiased) {
        return Reductions.std(flatten(), 0, false, unbiased ? 1 : 0).item();
    }

    /**
     * {@code Πᵢ xᵢ} over all elements (1 for an empty tensor), accumulated in double and rounded once, so a product
     * whose partial products leave the float range (1e30·1e30·1e-30) is still right; NaN if any element is NaN, and
     * NaN for {@code 0·∞}.
     */
    public float prod() {
        return Reductions.perSlice(flatten(), 0, false, Reductions::product).item();
    }

    /** {@code Πⱼ x[…, j, …]} along {@code axis} (1 where the axis is empty); see {@link #prod()}. */
    public Tensor prod(int axis, boolean keepDims) {
        return Reductions.perSlice(this, shape.axis("prod", axis), keepDims, Reductions::product);
    }

    /**
     * The vector p-norm of all elements, {@code ‖x‖_p}, for p = 1, 2 or ∞ ({@code torch.linalg.vector_norm}); see
     * {@link #norm(float, int, boolean)}.
     */
    public float norm(float p) {
        return norm(p, flatten(), 0, false).item();
    }

    /**
     * The vector p-norm along {@code axis}: {@code ‖x‖₁ = Σⱼ |xⱼ|}, {@code ‖x‖₂ = √(Σⱼ xⱼ²)} (the squares summed in
     * double, so neither 3e38² overflows nor 1e-30² underflows, where PyTorch's float32 gives ∞ and 0), or
     * {@code ‖x‖∞ = maxⱼ |xⱼ|} (which needs a non-empty axis). NaN where the slice holds a NaN; otherwise ∞ where it
     * holds ±∞. The 1- and 2-norms of an empty slice are 0.
     *
     * @throws IllegalArgumentException if p is not 1, 2 or +∞, or for the ∞-norm of an empty axis
     */
    public Tensor norm(float p, int axis, boolean keepDims) {
        return norm(p, this, shape.axis("norm", axis), keepDims);
    }

    private static Tensor norm(float p, Tensor x, int axis, boolean keepDims) {
        Reductions.SliceReduction r;
        if (p == 1f) {
            r = Reductions::norm1;
        } else if (p == 2f) {
            r = Reductions::norm2;
        } else if (p == Float.POSITIVE_INFINITY) {
            x.requireNonEmptyAxis("norm", axis);
            r = Reductions::normInf;
        } else {
            throw new IllegalArgumentException("norm: p must be 1, 2 or Infinity, got " + p);
        }
        return Reductions.perSlice(x, axis, keepDims, r);
    }

    /** Whether some element is non-zero (a mask holds a true); NaN counts as true, as in {@code torch.any}. */
    public boolean any() {
        return Reductions.perSlice(flatten(), 0, false, Reductions::any).item() != 0f;
    }

    /** 1 where some element along {@code axis} is non-zero (NaN counts), else 0; 0 along an empty axis. */
    public Tensor any(int axis, boolean keepDims) {
        return Reductions.perSlice(this, shape.axis("any", axis), keepDims, Reductions::any);
    }

    /** Whether every element is non-zero (true for an empty tensor); NaN counts as true, as in {@code torch.all}. */
    public boolean all() {
        return Reductions.perSlice(flatten(), 0, false, Reductions::all).item() != 0f;
    }

    /** 1 where every element along {@code axis} is non-zero (NaN counts), else 0; 1 along an empty axis. */
    public Tensor all(int axis, boolean keepDims) {
        return Reductions.perSlice(this, shape.axis("all", axis), keepDims, Reductions::all);
    }

    /** {@code Σᵢ thisᵢ·otherᵢ}, for tensors of the same shape. */
    public float dot(Tensor other) {
        requireSameShape("dot", other);
        return K.dot(data, offset, other.data, other.offset, size());
    }

    /**
     * {@code softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)} along {@code axis}, with {@code m = maxⱼ xⱼ} subtracted so that
     * no exponential overflows; the result is mathematically the same as without it. Entries of −∞ get 0; a slice
     * holding +∞ or NaN, or only −∞, gives NaN, as in PyTorch.
     */
    public Tensor softmax(int axis) {
        return Reductions.softmaxFamily(this, shape.axis("softmax", axis), false, Reductions.Kind.SOFTMAX);
    }

    /**
     * {@code log softmax(x)ᵢ = (xᵢ − m) − log Σⱼ e^(xⱼ − m)} along {@code axis}, with {@code m = maxⱼ xⱼ}: exact
     * where softmax would underflow to 0 and its log to −∞. Special values as {@link #softmax}.
     */
    public Tensor logSoftmax(int axis) {
        return Reductions.softmaxFamily(this, shape.axis("logSoftmax", axis), false, Reductions.Kind.LOG_SOFTMAX);
    }

    /**
     * {@code log Σᵢ e^(xᵢ) = m + log Σᵢ e^(xᵢ − m)} along {@code axis}, with {@code m = maxᵢ xᵢ} (or 0 when m is
     * infinite, as {@code torch.logsumexp}): a slice of only −∞ gives −∞, one holding +∞ gives +∞, an empty one −∞.
     */
    public Tensor logSumExp(int axis, boolean keepDims) {
        return Reductions.softmaxFamily(this, shape.axis("logSumExp", axis), keepDims, Reductions.Kind.LOG_SUM_EXP);
    }

    private void requireNonEmpty(String op) {
        if (size() == 0) {
            throw new IllegalArgumentException(op + ": tensor of shape " + shape + " is empty");
        }
    }

    private void requireNonEmptyAxis(String op, int axis) {
        if (shape.dim(axis) == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " of shape " + shape + " is empty");
        }
    }

    // ---------------------------------------------------------------- matrix multiply

    /**
     * The matrix product of two 2-D tensors, {@code [m, k] × [k, n] → [m, n]}.
     *
     * @throws IllegalArgumentException e.g. {@code matmul: [3, 4] x [5, 2]: inner dimensions 4 and 5 differ}
     */
    public Tensor matmul(Tensor other) {
        return matmul(this, false, other, false);
    }

    /**
     * {@code op(a)·op(b)}, where {@code op(x)} is {@code xᵀ} if its flag is set — without copying a transpose. A
     * dense layer's backward pass needs {@code dY·W} and {@code dYᵀ·X}.
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        int[] mkn = checkMatmul("matmul", a, transA, b, transB);
        Tensor c = zeros(mkn[0], mkn[2]);
        gemmUnchecked(1f, a, transA, b, transB, 0f, c, mkn);
        return c;
    }

    /**
     * {@code C = α·op(A)·op(B) + β·C} in place (BLAS sgemm), with {@code op(X)} = X or Xᵀ. With {@code β = 0}, C is
     * not read. Large products are split across {@link Parallel}'s threads with identical results for any count.
     *
     * @throws IllegalArgumentException if an operand is not 2-D, the inner dimensions differ, C is not
     *                                  {@code [m, n]}, or C shares storage with A or B
     */
    public static void gemm(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta, Tensor c) {
        int[] mkn = checkMatmul("gemm", a, transA, b, transB);
        if (c.rank() != 2 || c.dim(0) != mkn[0] || c.dim(1) != mkn[2]) {
            throw new IllegalArgumentException("gemm: output shape " + c.shape + " should be [" + mkn[0] + ", "
                    + mkn[2] + "] for " + describe(a, transA) + " x " + describe(b, transB));
        }
        requireSeparate(c, a, "A");
        requireSeparate(c, b, "B");
        gemmUnchecked(alpha, a, transA, b, transB, beta, c, mkn);
    }

    /** gemm writes C while it reads A and B, so C must not share storage with either. */
    private static void requireSeparate(Tensor c, Tensor operand, String name) {
        if (c.data == operand.data && c.offset < operand.offset + operand.size()
                && operand.offset < c.offset + c.size()) {
            throw new IllegalArgumentException("gemm: the output shares storage with operand " + name + " ("
                    + operand.shape + "); C must be a separate tensor");
        }
    }

    private static void gemmUnchecked(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta,
                                      Tensor c, int[] mkn) {
        Gemm.gemm(transA, transB, mkn[0], mkn[2], mkn[1], alpha, a.data, a.offset, rowStride(a), b.data, b.offset,
                rowStride(b), beta, c.data, c.offset, rowStride(c));
    }

    /** A matrix's row stride as BLAS requires it, at least 1 even when the rows are empty ({@code [m, 0]}). */
    private static int rowStride(Tensor matrix) {
        return Math.max(1, matrix.dim(1));
    }

    /** Returns {m, k, n} or throws naming both shapes. */
    private static int[] checkMatmul(String op, Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException(op + ": " + describe(a, transA) + " x " + describe(b, transB)
                    + ": both operands must be 2-D");
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": " + describe(a, transA) + " x " + describe(b, transB)
                    + ": inner dimensions " + ka + " and " + kb + " differ");
        }
        return new int[] {m, ka, n};
    }

    private static String describe(Tensor t, boolean transposed) {
        return t.shape + (transposed ? "ᵀ" : "");
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * Whether both tensors have the same shape and every pair of elements is equal or satisfies
     * {@code |a − b| ≤ atol + rtol·|b|} with {@code |a − b|} finite, as {@code torch.allclose}: NaN equals nothing,
     * and an infinity equals only itself (without the finiteness test, the bound {@code rtol·∞} would let
     * {@code 1} match {@code ∞} and {@code −∞} match {@code ∞}).
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            float a = data[offset + i], b = other.data[other.offset + i];
            float error = Math.abs(a - b);
            if (!(a == b || (Float.isFinite(error) && error <= atol + rtol * Math.abs(b)))) {
                return false;
            }
        }
        return true;
    }

    /** Whether both tensors have the same shape and bit-identical elements. */
    public boolean sameBits(Tensor other) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (Float.floatToRawIntBits(data[offset + i]) != Float.floatToRawIntBits(other.data[other.offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** PyTorch-style text: all elements of small tensors, the first and last three per axis of large ones. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
