package dev.descent.autograd;

import dev.descent.core.Indices;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.ValuesAndIndices;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value in a computation that can be differentiated: a core {@link Tensor}, its gradient, whether it requires one,
 * and — if an operation made it — the operation's name, its inputs and the closure that sends gradient back to them.
 * This is micrograd's {@code Value}; each variable made by an operation is one node of the recorded graph.
 *
 * <p>Leaves are made directly — {@link #parameter} for trainable weights, {@link #constant} for inputs and
 * targets. Every differentiable operation makes an interior variable through {@link #fromOp}, which records the
 * operation when grad mode is on ({@link NoGrad}) and some input requires a gradient. {@link #backward()} then walks
 * the recorded graph from this value back to the leaves, adding into each leaf's {@link #grad()}. A leaf can be
 * frozen and unfrozen ({@link #requiresGrad(boolean)}, for fine-tuning).
 *
 * <p>Gradients accumulate, as in PyTorch: a second backward adds to what the first left, so call {@link #zeroGrad}
 * (or the optimizer's) between steps.
 */
public final class Variable {
    private final Tensor value;
    /** Always true for a variable made by an operation; a leaf's may be switched ({@link #requiresGrad(boolean)}). */
    private boolean requiresGrad;
    private Tensor grad;
    private String name;

    // The recorded operation (all null for a leaf); inputs and backward are dropped when backward frees the graph.
    // The first two inputs sit in fields and only further ones in an array: element-wise operations have one or two,
    // and a graph of scalars is then one object fewer per node (the varargs array a call to fromOp would make).
    private final String op;
    private Variable input0;
    private Variable input1;
    private Variable[] moreInputs;
    private Backward backward;
    /** 1 + the largest height among the inputs (leaves: 0), so every node is higher than each of its inputs. */
    final int height;
    /** ∂L/∂this arriving during a backward pass; null outside one. */
    Tensor pendingGrad;
    /** Whether {@link #pendingGrad} is a tensor the engine allocated (and so may add into in place). */
    boolean pendingOwned;
    /** Whether a running backward pass has reached this node and not yet run it (to enqueue each node once). */
    boolean queued;

    private Variable(Tensor value, boolean requiresGrad) {
        this.value = Objects.requireNonNull(value, "value");
        this.requiresGrad = requiresGrad;
        this.op = null;
        this.height = 0;
    }

    private Variable(Tensor value, String op, Backward backward, Variable input0, Variable input1,
                     Variable[] moreInputs, int height) {
        this.value = value;
        this.requiresGrad = true;
        this.op = op;
        this.backward = Objects.requireNonNull(backward, "backward");
        this.input0 = input0;
        this.input1 = input1;
        this.moreInputs = moreInputs;
        this.height = height;
    }

    /** A leaf that requires a gradient: a trainable parameter. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true);
    }

    /** A leaf that requires no gradient: data, targets, masks. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false);
    }

    /** A leaf that requires a gradient or not, as asked. */
    public static Variable leaf(Tensor value, boolean requiresGrad) {
        return new Variable(value, requiresGrad);
    }

    /**
     * The result of a differentiable operation. If grad mode is on and any input requires a gradient, the operation
     * is recorded so that {@link #backward()} will call {@code backward} with this value's gradient; otherwise the
     * result is a constant and {@code backward} is dropped.
     *
     * @param op       the operation's name, for graphs and error messages
     * @param value    the forward result, computed by the caller
     * @param backward sends ∂L/∂value to the inputs (see {@link Backward})
     * @param inputs   the operands, in the order {@link Grads} numbers them (the array itself is not kept)
     */
    public static Variable fromOp(String op, Tensor value, Backward backward, Variable... inputs) {
        if (inputs.length == 1) {
            return fromOp(op, value, backward, inputs[0]);
        }
        if (inputs.length == 2) {
            return fromOp(op, value, backward, inputs[0], inputs[1]);
        }
        Objects.requireNonNull(value, "value");
        Anomaly.checkForward(op, value, inputs);
        boolean any = false;
        int height = 0;
        for (Variable in : inputs) {
            any |= in.requiresGrad;
            height = Math.max(height, in.height);
        }
        if (!any || !NoGrad.isGradEnabled()) {
            return new Variable(value, false);
        }
        Variable[] more = Arrays.copyOfRange(inputs, 2, inputs.length);
        return new Variable(value, op, backward, inputs[0], inputs[1], more, height + 1);
    }

    /** {@link #fromOp(String, Tensor, Backward, Variable...)} for one input, without the varargs array. */
    public static Variable fromOp(String op, Tensor value, Backward backward, Variable x) {
        Objects.requireNonNull(value, "value");
        if (Anomaly.isEnabled()) { // a static flag: the check costs nothing while anomaly mode is off
            Anomaly.checkForward(op, value, x);
        }
        if (!x.requiresGrad || !NoGrad.isGradEnabled()) {
            return new Variable(value, false);
        }
        return new Variable(value, op, backward, x, null, null, x.height + 1);
    }

    /** {@link #fromOp(String, Tensor, Backward, Variable...)} for two inputs, without the varargs array. */
    public static Variable fromOp(String op, Tensor value, Backward backward, Variable a, Variable b) {
        Objects.requireNonNull(value, "value");
        if (Anomaly.isEnabled()) {
            Anomaly.checkForward(op, value, a, b);
        }
        if (!(a.requiresGrad || b.requiresGrad) || !NoGrad.isGradEnabled()) {
            return new Variable(value, false);
        }
        return new Variable(value, op, backward, a, b, null, Math.max(a.height, b.height) + 1);
    }

    /** The value. Optimizers update it in place. */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public Shape shape() {
        return value.shape();
    }

    /** The accumulated gradient ∂L/∂this of a leaf after {@link #backward()}, or null if none has arrived. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); it must have this variable's shape. */
    public void setGrad(Tensor grad) {
        if (grad != null && !grad.shape().equals(value.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + grad.shape() + " differs from value shape "
                    + value.shape() + (name != null ? " of '" + name + "'" : ""));
        }
        this.grad = grad;
    }

    /** Clears the gradient (to null, as PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        grad = null;
    }

    /** Whether gradients flow to this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) this leaf, as PyTorch's {@code requires_grad_}; returns this.
     * A frozen parameter takes part in the computation as a constant: operations whose inputs are all frozen or
     * constant record nothing, fused operations skip the work of its gradient ({@link Grads#needs} is false), and no
     * gradient is added to it, so an optimizer, which skips a parameter whose gradient is null, leaves it alone.
     *
     * <p><b>Its gradient is kept</b>, as in PyTorch: freezing does not clear {@link #grad()}. Clear it
     * ({@link #zeroGrad}, or the optimizer's, as every training step does first) if a step could otherwise apply
     * a gradient from before the freeze.
     *
     * <p><b>A graph recorded before the change</b> follows the flag in force when {@link #backward()} runs, because
     * the engine asks each input at that moment whether it requires a gradient:
     * <ul>
     *   <li>frozen after the forward pass: backward adds nothing to it (and fused operations skip its gradient) —
     *       as PyTorch 1.13, whose {@code AccumulateGrad} node also checks the flag when the gradient arrives;</li>
     *   <li>unfrozen after the forward pass: it gets its gradient from every recorded operation it is an input of —
     *       that is, from operations recorded because some other input required a gradient; an operation whose inputs
     *       all were frozen or constant recorded nothing and sends it nothing. PyTorch sends nothing in either case
     *       (it left the frozen leaf out of the recorded edges), so here Descent gives a gradient where PyTorch gives
     *       None; the value is the true ∂L/∂this.</li>
     * </ul>
     * Change flags between steps, not between a forward pass and its backward, and the two agree.
     *
     * <p><b>The other leaves' gradients</b> are the same sums as without freezing. They are the same bits when no
     * value in the backward pass adds up three or more contributions (float addition is commutative but not
     * associative) — so in a network whose parameters and activations are each used once, such as any
     * {@code Sequential} of nn's layers. Where a value is used three or more times, freezing can change the order of
     * its sum in the last bit: operations on frozen leaves alone are not recorded, which lowers the heights by which
     * the engine orders the recorded ones ({@code Engine}). PyTorch, which orders by creation, keeps those bits too.
     *
     * <p>Only a leaf's flag can change. A variable made by a recorded operation requires a gradient because an input
     * does; PyTorch refuses to clear its flag ("you can only change requires_grad flags of leaf variables") and
     * allows setting it to true, which changes nothing. Descent refuses both: freeze the leaves instead, or
     * {@link #detach()} the value to use it as a constant.
     *
     * @throws IllegalStateException if this variable was made by a recorded operation, naming the operation
     */
    public Variable requiresGrad(boolean requiresGrad) {
        if (op != null) {
            String what = name != null ? "'" + name + "' " : "this value ";
            throw new IllegalStateException("requiresGrad(" + requiresGrad + "): only a leaf's flag can change, and "
                    + what + value.shape() + " was made by the operation '" + op + "'; freeze the leaves it was "
                    + "computed from, or use detach() for a constant copy");
        }
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** Whether this variable was made directly rather than by a recorded operation. */
    public boolean isLeaf() {
        return op == null;
    }

    /** The name of the operation that made this variable, or null for a leaf. */
    public String op() {
        return op;
    }

    /** A new leaf sharing this value, cut from the graph: no gradient flows through it. */
    public Variable detach() {
        return new Variable(value, false);
    }

    /** An optional name for graphs and messages (parameters get their state-dict names). */
    public String name() {
        return name;
    }

    /** Sets the name; returns this. */
    public Variable named(String name) {
        this.name = name;
        return this;
    }

    /** The single element of a one-element value (a loss). */
    public float item() {
        return value.item();
    }

    // ---------------------------------------------------------------- differentiable operations
    // Each is defined, with its derivative, in Ops (element-wise, matmul), ReductionOps, LayoutOps or IndexOps.

    /** {@code this + other}, broadcasting. */
    public Variable add(Variable other) {
        return Ops.add(this, other);
    }

    /** {@code this + s}. */
    public Variable add(float s) {
        return Ops.add(this, s);
    }

    /** {@code this − other}, broadcasting. */
    public Variable sub(Variable other) {
        return Ops.sub(this, other);
    }

    /** {@code this − s}. */
    public Variable sub(float s) {
        return Ops.sub(this, s);
    }

    /** {@code this ⊙ other} (element-wise), broadcasting. */
    public Variable mul(Variable other) {
        return Ops.mul(this, other);
    }

    /** {@code s · this}. */
    public Variable mul(float s) {
        return Ops.mul(this, s);
    }

    /** {@code this / other}, broadcasting. */
    public Variable div(Variable other) {
        return Ops.div(this, other);
    }

    /** {@code this / s}. */
    public Variable div(float s) {
        return Ops.div(this, s);
    }

    /** {@code −this}. */
    public Variable neg() {
        return Ops.neg(this);
    }

    /** {@code thisᵖ} element-wise. */
    public Variable pow(float p) {
        return Ops.pow(this, p);
    }

    /** {@code this^exponent} element-wise, broadcasting. */
    public Variable pow(Variable exponent) {
        return Ops.pow(this, exponent);
    }

    /** {@code eˣ}. */
    public Variable exp() {
        return Ops.exp(this);
    }

    /** {@code ln x}. */
    public Variable log() {
        return Ops.log(this);
    }

    /** {@code √x}. */
    public Variable sqrt() {
        return Ops.sqrt(this);
    }

    /** {@code |x|}. */
    public Variable abs() {
        return Ops.abs(this);
    }

    /** {@code x²}. */
    public Variable square() {
        return Ops.square(this);
    }

    /** {@code tanh x}. */
    public Variable tanh() {
        return Ops.tanh(this);
    }

    /** {@code σ(x) = 1/(1 + e⁻ˣ)}. */
    public Variable sigmoid() {
        return Ops.sigmoid(this);
    }

    /** {@code max(x, 0)}. */
    public Variable relu() {
        return Ops.relu(this);
    }

    /** {@code x} for x > 0, else {@code slope·x}. */
    public Variable leakyRelu(float slope) {
        return Ops.leakyRelu(this, slope);
    }

    /** The exact GELU {@code x·Φ(x)}. */
    public Variable gelu() {
        return Ops.gelu(this);
    }

    /** SiLU (Swish) {@code x·σ(x)}. */
    public Variable silu() {
        return Ops.silu(this);
    }

    /** ELU: {@code x} for x > 0, else {@code α·(eˣ − 1)}. */
    public Variable elu(double alpha) {
        return Ops.elu(this, alpha);
    }

    /** {@code ln(1 + eˣ)} (x itself above 20). */
    public Variable softplus() {
        return Ops.softplus(this);
    }

    /** {@code (1/β)·ln(1 + e^(βx))} (x itself where βx > threshold), as PyTorch's {@code softplus}. */
    public Variable softplus(float beta, float threshold) {
        return Ops.softplus(this, beta, threshold);
    }

    /** {@code min(max(x, lo), hi)}. */
    public Variable clamp(float lo, float hi) {
        return Ops.clamp(this, lo, hi);
    }

    /** {@code max(this, other)} element-wise, broadcasting. */
    public Variable maximum(Variable other) {
        return Ops.maximum(this, other);
    }

    /** {@code min(this, other)} element-wise, broadcasting. */
    public Variable minimum(Variable other) {
        return Ops.minimum(this, other);
    }

    /** {@code this ⊙ mask} for a constant mask that broadcasts to this shape (dropout). */
    public Variable maskMul(Tensor mask) {
        return Ops.maskMul(this, mask);
    }

    /** The matrix product {@code this · other} of 2-D values. */
    public Variable matmul(Variable other) {
        return Ops.matmul(this, other);
    }

    /** {@code op(a) · op(b)}, op transposing its operand when its flag is set (no copy is made). */
    public static Variable matmul(Variable a, boolean transA, Variable b, boolean transB) {
        return Ops.matmul(a, transA, b, transB);
    }

    /** The sum of all elements, a scalar. */
    public Variable sum() {
        return ReductionOps.sum(this);
    }

    /** The sum along {@code axis}. */
    public Variable sum(int axis, boolean keepDims) {
        return ReductionOps.sum(this, axis, keepDims);
    }

    /** The mean of all elements, a scalar. */
    public Variable mean() {
        return ReductionOps.mean(this);
    }

    /** The mean along {@code axis}. */
    public Variable mean(int axis, boolean keepDims) {
        return ReductionOps.mean(this, axis, keepDims);
    }

    /** The largest element, a scalar (ties share the gradient). */
    public Variable max() {
        return ReductionOps.max(this);
    }

    /** The largest element along {@code axis} (the first maximal element gets the gradient). */
    public Variable max(int axis, boolean keepDims) {
        return ReductionOps.max(this, axis, keepDims);
    }

    /** The smallest element, a scalar (the gradient split among ties). */
    public Variable min() {
        return ReductionOps.min(this);
    }

    /** The smallest element along {@code axis} (the gradient to the first one). */
    public Variable min(int axis, boolean keepDims) {
        return ReductionOps.min(this, axis, keepDims);
    }

    /** The variance along {@code axis}, unbiased (÷ n − 1) or biased (÷ n). */
    public Variable variance(int axis, boolean keepDims, boolean unbiased) {
        return ReductionOps.variance(this, axis, keepDims, unbiased);
    }

    /** The variance of all elements, a scalar. */
    public Variable variance(boolean unbiased) {
        return ReductionOps.variance(this, unbiased);
    }

    /** The standard deviation along {@code axis}, unbiased (÷ n − 1) or biased (÷ n); 0 gradient where it is 0. */
    public Variable std(int axis, boolean keepDims, boolean unbiased) {
        return ReductionOps.std(this, axis, keepDims, unbiased);
    }

    /** The standard deviation of all elements, a scalar. */
    public Variable std(boolean unbiased) {
        return ReductionOps.std(this, unbiased);
    }

    /** The largest element along {@code axis} ({@code torch.amax}: ties split the gradient evenly). */
    public Variable amax(int axis, boolean keepDims) {
        return ReductionOps.amax(this, axis, keepDims);
    }

    /** The largest element, a scalar ({@code torch.amax}: ties split the gradient evenly, a NaN makes it NaN). */
    public Variable amax() {
        return ReductionOps.amax(this);
    }

    /** The smallest element along {@code axis} ({@code torch.amin}: ties split the gradient evenly). */
    public Variable amin(int axis, boolean keepDims) {
        return ReductionOps.amin(this, axis, keepDims);
    }

    /** The smallest element, a scalar ({@code torch.amin}). */
    public Variable amin() {
        return ReductionOps.amin(this);
    }

    /** The product of all elements, a scalar (zeros in the gradient handled as PyTorch does). */
    public Variable prod() {
        return ReductionOps.prod(this);
    }

    /** The product along {@code axis}. */
    public Variable prod(int axis, boolean keepDims) {
        return ReductionOps.prod(this, axis, keepDims);
    }

    /** The p-norm (p = 1, 2 or ∞) of all elements, a scalar. */
    public Variable norm(float p) {
        return ReductionOps.norm(this, p);
    }

    /** The p-norm (p = 1, 2 or ∞) along {@code axis}. */
    public Variable norm(float p, int axis, boolean keepDims) {
        return ReductionOps.norm(this, p, axis, keepDims);
    }

    /** {@code this} where {@code condition ≠ 0}, else {@code other} (broadcasting), as {@code torch.where}. */
    public Variable where(Tensor condition, Variable other) {
        return Ops.where(condition, this, other);
    }

    /** The same elements in another shape; one dimension may be −1. */
    public Variable reshape(int... dims) {
        return LayoutOps.reshape(this, dims);
    }

    /** The transpose of a 2-D value. */
    public Variable transpose() {
        return LayoutOps.transpose(this);
    }

    /** Rows {@code from..to−1} along the first axis. */
    public Variable rows(int from, int to) {
        return LayoutOps.rows(this, from, to);
    }

    /** The rows at {@code indices} along the first axis (a minibatch, an embedding lookup). */
    public Variable gatherRows(int[] indices) {
        return LayoutOps.gatherRows(this, indices);
    }

    /** The parts joined along {@code axis}. */
    public static Variable concat(int axis, Variable... parts) {
        return LayoutOps.concat(axis, parts);
    }

    /** A new axis of size 1 at {@code dim} ({@code torch.unsqueeze}; a view). */
    public Variable unsqueeze(int dim) {
        return LayoutOps.unsqueeze(this, dim);
    }

    /** Without the axes of size 1 ({@code torch.squeeze}; a view). */
    public Variable squeeze() {
        return LayoutOps.squeeze(this);
    }

    /** Without axis {@code dim} if its size is 1 ({@code torch.squeeze(dim)}; a view). */
    public Variable squeeze(int dim) {
        return LayoutOps.squeeze(this, dim);
    }

    /** The axes in the order {@code dims} ({@code torch.permute}). */
    public Variable permute(int... dims) {
        return LayoutOps.permute(this, dims);
    }

    /** Axes {@code dim0} and {@code dim1} swapped ({@code torch.transpose}). */
    public Variable transpose(int dim0, int dim1) {
        return LayoutOps.transpose(this, dim0, dim1);
    }

    /** Axis {@code source} moved to {@code destination} ({@code torch.movedim}). */
    public Variable movedim(int source, int destination) {
        return LayoutOps.movedim(this, source, destination);
    }

    /** Reversed along {@code dims} ({@code torch.flip}). */
    public Variable flip(int... dims) {
        return LayoutOps.flip(this, dims);
    }

    /** Elements {@code start … start + length − 1} along {@code dim} ({@code torch.narrow}). */
    public Variable narrow(int dim, int start, int length) {
        return LayoutOps.narrow(this, dim, start, length);
    }

    /** Pieces of {@code size} along {@code dim}, the last one smaller ({@code torch.split}). */
    public Variable[] split(int size, int dim) {
        return LayoutOps.split(this, size, dim);
    }

    /** Pieces of the given sizes along {@code dim} ({@code torch.split} with a list). */
    public Variable[] split(int[] sizes, int dim) {
        return LayoutOps.split(this, sizes, dim);
    }

    /** At most {@code chunks} pieces along {@code dim} ({@code torch.chunk}). */
    public Variable[] chunk(int chunks, int dim) {
        return LayoutOps.chunk(this, chunks, dim);
    }

    /** The parts, all of one shape, stacked along a new axis {@code dim} ({@code torch.stack}). */
    public static Variable stack(int dim, Variable... parts) {
        return LayoutOps.stack(dim, parts);
    }

    /** The lower triangle {@code j − i ≤ k} of the last two axes, 0 above ({@code torch.tril}). */
    public Variable tril(int k) {
        return LayoutOps.tril(this, k);
    }

    /** The upper triangle {@code j − i ≥ k} of the last two axes, 0 below ({@code torch.triu}). */
    public Variable triu(int k) {
        return LayoutOps.triu(this, k);
    }

    /** The elements at {@code index} along {@code dim} ({@code torch.gather}). */
    public Variable gather(int dim, Indices index) {
        return IndexOps.gather(this, dim, index);
    }

    /** Each slice along {@code dim} sorted, stably, and where each element came from ({@code torch.sort}). */
    public ValuesAndIndices<Variable> sort(int dim, boolean descending) {
        return IndexOps.sort(this, dim, descending);
    }

    /** The k largest or smallest elements along {@code dim} and their positions ({@code torch.topk}). */
    public ValuesAndIndices<Variable> topk(int k, int dim, boolean largest, boolean sorted) {
        return IndexOps.topk(this, k, dim, largest, sorted);
    }

    /**
     * The k largest elements along the last axis, largest first, and their positions: {@code topk(k, -1, true, true)}.
     */
    public ValuesAndIndices<Variable> topk(int k) {
        return topk(k, -1, true, true);
    }

    /** Running sums along {@code dim} ({@code torch.cumsum}). */
    public Variable cumsum(int dim) {
        return ReductionOps.cumsum(this, dim);
    }

    /** Running products along {@code dim} ({@code torch.cumprod}). */
    public Variable cumprod(int dim) {
        return ReductionOps.cumprod(this, dim);
    }

    /** The softmax along {@code axis}. */
    public Variable softmax(int axis) {
        return ReductionOps.softmax(this, axis);
    }

    /** The log-softmax along {@code axis}. */
    public Variable logSoftmax(int axis) {
        return ReductionOps.logSoftmax(this, axis);
    }

    /** {@code log Σ eˣ} along {@code axis}. */
    public Variable logSumExp(int axis, boolean keepDims) {
        return ReductionOps.logSumExp(this, axis, keepDims);
    }

    /**
     * The recorded operation's inputs, as a new array (for drawing the graph; the engine uses {@link #input}).
     *
     * @throws IllegalStateException if an earlier backward freed them
     */
    Variable[] inputs() {
        Variable[] all = new Variable[inputCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = input(i);
        }
        return all;
    }

    /**
     * The number of the recorded operation's inputs (0 for a leaf).
     *
     * @throws IllegalStateException if an earlier backward freed them
     */
    int inputCount() {
        if (op == null) {
            return 0;
        }
        requireNotFreed();
        return input1 == null ? 1 : moreInputs == null ? 2 : 2 + moreInputs.length;
    }

    /** Input {@code i} of the recorded operation (the graph must not have been freed: see {@link #inputCount}). */
    Variable input(int i) {
        return i == 0 ? input0 : i == 1 ? input1 : moreInputs[i - 2];
    }

    /** Fails with a message that says how to keep the graph if an earlier backward freed it. */
    void requireNotFreed() {
        if (freed()) {
            throw new IllegalStateException("backward: the graph through '" + op + "' " + value.shape()
                    + " was freed by an earlier backward(); call backward(seed, true) the first time to go back"
                    + " through a graph twice");
        }
    }

    Backward backwardFunction() {
        return backward;
    }

    /** Whether backward has freed this node's inputs and closure (a recorded operation has at least one input). */
    boolean freed() {
        return op != null && input0 == null;
    }

    /** Drops the inputs and the closure (and with them every saved tensor), so the graph can be collected. */
    void free() {
        input0 = null;
        input1 = null;
        moreInputs = null;
        backward = null;
        pendingGrad = null;
    }

    /**
     * Adds {@code g} into this leaf's gradient. A first arrival that may be shared is copied, so that a leaf never
     * shares its gradient tensor with another variable (clipping scales gradients in place); a fresh one is adopted.
     */
    void accumulateLeafGrad(Tensor g, boolean fresh) {
        if (grad == null) {
            grad = fresh ? g : g.copy();
        } else {
            grad.addi(g);
        }
    }

    /** Backward from a scalar (one-element) value: computes ∂this/∂leaf for every leaf, then frees the graph. */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: value of shape " + value.shape() + " is not a scalar; call "
                    + "backward(seed) with a gradient of that shape" + (op != null ? " (made by '" + op + "')" : ""));
        }
        backward(Tensor.full(1f, value.shape()), false);
    }

    /** Backward from a non-scalar value, with {@code seed} = ∂L/∂this; frees the graph afterwards. */
    public void backward(Tensor seed) {
        backward(seed, false);
    }

    /**
     * Backward with {@code seed} = ∂L/∂this. With {@code retainGraph} the graph is kept, so backward can run through
     * it again; otherwise its intermediates become collectable and a second pass fails with a clear message.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        if (!seed.shape().equals(value.shape())) {
            throw new IllegalArgumentException("backward: seed shape " + seed.shape() + " differs from value shape "
                    + value.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this value does not require a gradient (no input of the "
                    + "computation requires one — are all the parameters frozen? — or it was computed under NoGrad)");
        }
        Engine.backward(this, seed, retainGraph);
    }

    @Override
    public String toString() {
        String label = name != null ? name : op != null ? op : requiresGrad ? "parameter" : "constant";
        return "Variable(" + label + ", " + value + ")";
    }
}
