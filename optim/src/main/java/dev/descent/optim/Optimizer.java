package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.VectorizationProvider;
import dev.descent.optim.kernel.ScalarUpdateKernels;
import dev.descent.optim.kernel.UpdateKernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An optimizer: it owns an ordered list of parameter groups and, for each parameter, the state its update rule needs,
 * and {@link #step()} moves every parameter that has a gradient one update along it — PyTorch's
 * {@code torch.optim.Optimizer}.
 *
 * <p>The training loop is
 * <pre>{@code
 * optimizer.zeroGrad();     // gradients to null
 * loss.backward();          // fills p.grad()
 * optimizer.step();         // θ ← update(θ, ∇θ, state)
 * }</pre>
 * A parameter whose gradient is null (it took no part in the loss) is skipped and its state left as it was, as in
 * PyTorch: no weight decay, no momentum, no step counted. So is a frozen one
 * ({@link Variable#requiresGrad(boolean) requiresGrad(false)}), which gets no gradient — once the gradient it had
 * before freezing is cleared, as every {@link #zeroGrad()} does. State is created on a parameter's first update. Each
 * update is one fused pass over the parameter's memory (see {@link UpdateKernels}); large parameters are split into
 * chunks over {@link Parallel}'s threads, which gives the same bits for any thread count because every element is
 * updated on its own.
 *
 * <p>Subclasses — one per optimizer, in the order a course teaches them: {@link Sgd}, {@link AdaGrad},
 * {@link AdaDelta}, {@link RmsProp}, {@link Adam}, {@link AdamW}, {@link Adamax}, {@link NAdam}, {@link RAdam} —
 * only compute the per-step constants and call their kernel.
 *
 * @param <O> the optimizer's options record
 */
public abstract class Optimizer<O extends Hyperparameters<O>> {
    /** The update kernels this JVM runs: SIMD when the Vector API is readable, else the scalar reference. */
    protected static final UpdateKernels KERNELS = VectorizationProvider.load(UpdateKernels.class,
            "dev.descent.optim.kernel.simd.SimdUpdateKernels", ScalarUpdateKernels::new);

    /** Steps that update at least this many elements are split over threads. */
    static final int PARALLEL_MIN = 1 << 17;
    /** The chunk a thread takes at a time: a multiple of any vector length, 256 KiB of floats per array. */
    static final int CHUNK = 1 << 16;

    private final List<ParamGroup<O>> groups = new ArrayList<>();
    private final Map<Variable, ParamState> state = new IdentityHashMap<>();
    private long steps;

    /** One group of {@code params} with {@code options}. */
    protected Optimizer(List<Variable> params, O options) {
        this(List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; a parameter may appear in only one. */
    protected Optimizer(List<ParamGroup<O>> groups) {
        Objects.requireNonNull(groups, "groups");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(name() + " got an empty list of parameter groups");
        }
        for (ParamGroup<O> g : groups) {
            addParamGroup(g);
        }
    }

    /** The optimizer's name, as stored in state dicts: the class's simple name. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The kernels in use: {@code "scalar"} or {@code "simd-<lanes>x32"}. */
    public static String kernels() {
        return KERNELS.name();
    }

    /** Adds a group (PyTorch's {@code add_param_group}); its parameters must not be in any group yet. */
    public final void addParamGroup(ParamGroup<O> group) {
        Objects.requireNonNull(group, "group");
        List<Variable> existing = parameters();
        Map<Variable, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < existing.size(); i++) {
            index.put(existing.get(i), i);
        }
        for (int i = 0; i < group.params().size(); i++) {
            Variable p = group.params().get(i);
            if (index.containsKey(p)) {
                throw new IllegalArgumentException("parameter " + ParamGroup.describe(p, i) + " of the new group is "
                        + "already in this optimizer (parameter #" + index.get(p) + "); a parameter may be in only "
                        + "one group");
            }
        }
        group.options().validate();
        groups.add(group);
    }

    /** The parameter groups, in order. Change a group's learning rate with {@link ParamGroup#setLr}. */
    public final List<ParamGroup<O>> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** Every parameter, groups in order and parameters in order within each: the numbering of state dicts. */
    public final List<Variable> parameters() {
        List<Variable> all = new ArrayList<>();
        for (ParamGroup<O> g : groups) {
            all.addAll(g.params());
        }
        return all;
    }

    /** Sets the learning rate of every group. */
    public final void setLr(double lr) {
        for (ParamGroup<O> g : groups) {
            g.setLr(lr);
        }
    }

    /**
     * The learning rate the next step applies to group {@code g}: the group's {@link ParamGroup#lr()}, which only
     * {@link Sgd}'s time-based {@code decay} changes further.
     */
    public final double lrInForce(int g) {
        return lrInForce(groups.get(g).options());
    }

    /** The learning rate the next step applies for these options. */
    protected double lrInForce(O options) {
        return options.lr();
    }

    /** The number of {@link #step()} calls so far. */
    public final long steps() {
        return steps;
    }

    /** The state of {@code p} (read-only), or null before its first update. */
    public final ParamState state(Variable p) {
        return state.get(p);
    }

    /** Clears every parameter's gradient to null (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (ParamGroup<O> g : groups) {
            for (Variable p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /**
     * Updates every parameter that has a gradient, group by group. The gradients' shapes are all checked first, so a
     * mismatch changes nothing. Each parameter's update (its constants, its step count) is prepared in order, and the
     * kernel passes of all of them then run as one batch of pieces over {@link Parallel}'s threads — small parameters
     * (biases, BatchNorm's γ and β) side by side with chunks of the large ones, rather than one after another.
     */
    public final void step() {
        for (ParamGroup<O> g : groups) {
            for (int i = 0; i < g.params().size(); i++) {
                Variable p = g.params().get(i);
                if (p.grad() != null && !p.grad().shape().equals(p.value().shape())) {
                    throw new IllegalStateException(name() + ".step: gradient of shape " + p.grad().shape()
                            + " for parameter " + ParamGroup.describe(p, i));
                }
            }
        }
        pending = new ArrayList<>();
        try {
            for (ParamGroup<O> g : groups) {
                O options = g.options();
                for (Variable p : g.params()) {
                    if (p.grad() != null) {
                        update(p.value(), p.grad(), state.computeIfAbsent(p, k -> new ParamState()), options);
                    }
                }
            }
            runPending();
        } finally {
            pending = null;
        }
        steps++;
    }

    /**
     * One update of one parameter: advance {@code s}'s step if the rule counts steps, make the per-step constants, and
     * run the kernel over the value's memory through {@link #inChunks}.
     */
    protected abstract void update(Tensor value, Tensor grad, ParamState s, O options);

    /** The names of the state tensors this optimizer may create (PyTorch's names). */
    protected abstract List<String> stateTensorNames();

    /**
     * The state tensors that accumulate squares or magnitudes and so can never be negative (a negative second moment
     * would make the next step's square root NaN); {@link #loadStateDict} refuses a negative value in them.
     */
    protected List<String> nonNegativeStateTensorNames() {
        return List.of();
    }

    /**
     * The state every updated parameter has, whatever the options (tensors or scalars, besides {@code step}):
     * {@link #loadStateDict} refuses state for a parameter that lacks one, since the next step would silently start
     * it again from its initial value.
     */
    protected List<String> requiredStateNames() {
        return List.of();
    }

    /** The names of the scalar state besides {@code step}. */
    protected List<String> stateScalarNames() {
        return List.of();
    }

    /** A kernel pass over elements {@code [from, to)} of one parameter, waiting for the batch of {@link #step()}. */
    private record Piece(Parallel.RangeBody body, int from, int to) {
    }

    /** The pieces of the current {@link #step()}; null outside it. */
    private List<Piece> pending;

    /**
     * Runs {@code body} over {@code [0, n)}, the elements of one parameter. Inside {@link #step()} the range joins
     * the step's batch — cut into {@link #CHUNK}-sized pieces when large — which runs before {@code step()} returns;
     * elsewhere it runs at once. Every element is updated on its own, so the bits do not depend on the pieces or on
     * the thread count.
     */
    protected final void inChunks(int n, Parallel.RangeBody body) {
        if (pending == null) {
            body.run(0, n);
            return;
        }
        for (int from = 0; from < n; from += CHUNK) {
            pending.add(new Piece(body, from, Math.min(n, from + CHUNK)));
        }
    }

    /** The step's pieces: in order on one thread, or spread over the pool once there is enough work to share. */
    private void runPending() {
        long elements = 0;
        for (Piece p : pending) {
            elements += p.to() - p.from();
        }
        List<Piece> pieces = pending;
        if (elements < PARALLEL_MIN || Parallel.threads() == 1) {
            for (Piece p : pieces) {
                p.body().run(p.from(), p.to());
            }
        } else {
            Parallel.forEach(pieces.size(), t -> pieces.get(t).body().run(pieces.get(t).from(), pieces.get(t).to()));
        }
    }

    // ---------------------------------------------------------------- state dict

    /** A snapshot of the step count, every group's hyper-parameters and every parameter's state (tensors copied). */
    public final StateDict stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("steps", (double) steps);
        scalars.put("groups", (double) groups.size());
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup<O> group = groups.get(g);
            String prefix = "group." + g + ".";
            scalars.put(prefix + "params", (double) group.params().size());
            scalars.put(prefix + "initialLr", group.initialLr());
            OptionsCodec.encode(group.options()).forEach((k, v) -> scalars.put(prefix + k, v));
        }
        List<Variable> params = parameters();
        for (int i = 0; i < params.size(); i++) {
            ParamState s = state.get(params.get(i));
            if (s == null) {
                continue;
            }
            String prefix = "state." + i + ".";
            scalars.put(prefix + "step", (double) s.step());
            s.scalars().forEach((k, v) -> scalars.put(prefix + k, v));
            s.tensors().forEach((k, t) -> tensors.put(prefix + k, t.copy()));
        }
        return new StateDict(name(), tensors, scalars);
    }

    /**
     * Restores a snapshot made by {@link #stateDict()} of an optimizer of the same kind over parameters of the same
     * shapes, so training continues exactly where it stopped. Everything is checked first — the optimizer's name, the
     * number of groups and of parameters in each, every hyper-parameter, every state entry's name, shape and values
     * (finite; non-negative for accumulated squares such as {@code exp_avg_sq}) — and nothing changes unless all of
     * it is right. The tensors are copied.
     *
     * @throws IllegalArgumentException naming the first entry that does not fit
     */
    public final void loadStateDict(StateDict sd) {
        Objects.requireNonNull(sd, "state dict");
        if (!sd.optimizer().equals(name())) {
            throw new IllegalArgumentException("state dict was saved by " + sd.optimizer() + "; this optimizer is "
                    + name());
        }
        Map<String, Double> scalars = sd.scalars();
        // No count, rate or hyper-parameter is ever infinite: an initialLr of Infinity would pass the ≥ 0 checks
        // below and make every scheduled rate infinite.
        scalars.forEach((k, v) -> Check.finite("state dict entry " + k, v));
        Set<String> used = new HashSet<>();
        long savedSteps = count(scalars, "steps", used);
        long savedGroups = count(scalars, "groups", used);
        if (savedGroups != groups.size()) {
            throw new IllegalArgumentException("state dict has " + savedGroups + " parameter groups; this " + name()
                    + " has " + groups.size());
        }
        @SuppressWarnings("unchecked")
        Class<O> type = (Class<O>) groups.get(0).options().getClass();
        List<O> options = new ArrayList<>();
        double[] initialLrs = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            String prefix = "group." + g + ".";
            long n = count(scalars, prefix + "params", used);
            if (n != groups.get(g).params().size()) {
                throw new IllegalArgumentException("state dict group " + g + " has " + n + " parameters; this " + name()
                        + "'s group " + g + " has " + groups.get(g).params().size());
            }
            initialLrs[g] = Check.nonNegative("state dict entry " + prefix + "initialLr",
                    required(scalars, prefix + "initialLr", used));
            O o = OptionsCodec.decode(type, prefix, scalars, used);
            try {
                o.validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state dict group " + g + ": " + e.getMessage(), e);
            }
            options.add(o);
        }
        Map<Variable, ParamState> restored = restoreStates(sd, scalars, used);
        for (String key : sd.scalars().keySet()) {
            if (!used.contains(key)) {
                throw new IllegalArgumentException("state dict has an entry " + name() + " does not know: " + key);
            }
        }
        // All checked: now change things.
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).setOptions(options.get(g));
            groups.get(g).setInitialLr(initialLrs[g]);
        }
        state.clear();
        state.putAll(restored);
        steps = savedSteps;
    }

    private Map<Variable, ParamState> restoreStates(StateDict sd, Map<String, Double> scalars, Set<String> used) {
        List<Variable> params = parameters();
        Map<Variable, ParamState> restored = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : sd.tensors().entrySet()) {
            StateKey key = stateKey(e.getKey(), params.size(), stateTensorNames());
            Variable p = params.get(key.index);
            if (!e.getValue().shape().equals(p.shape())) {
                throw new IllegalArgumentException("state dict entry " + e.getKey() + " has shape "
                        + e.getValue().shape() + ", unlike parameter " + ParamGroup.describe(p, key.index));
            }
            checkValues(e.getKey(), e.getValue(), nonNegativeStateTensorNames().contains(key.name));
            restored.computeIfAbsent(p, k -> new ParamState()).putTensor(key.name, e.getValue().copy());
        }
        List<String> scalarNames = new ArrayList<>(stateScalarNames());
        scalarNames.add("step");
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            if (!e.getKey().startsWith("state.")) {
                continue;
            }
            StateKey key = stateKey(e.getKey(), params.size(), scalarNames);
            used.add(e.getKey());
            ParamState s = restored.computeIfAbsent(params.get(key.index), k -> new ParamState());
            if (key.name.equals("step")) {
                s.setStep(count(scalars, e.getKey(), used));
            } else {
                s.putScalar(key.name, Check.finite("state dict entry " + e.getKey(), e.getValue()));
            }
        }
        List<String> required = new ArrayList<>(requiredStateNames());
        required.add("step");
        for (int i = 0; i < params.size(); i++) {
            ParamState s = restored.get(params.get(i));
            if (s == null) {
                continue;
            }
            for (String name : required) {
                if (!s.tensors().containsKey(name) && !s.scalars().containsKey(name)
                        && !scalars.containsKey("state." + i + "." + name)) {
                    // A missing moment would be recreated as zeros at the next step: a silent restart, not a resume.
                    throw new IllegalArgumentException("state dict has state for parameter " + i + " but no state."
                            + i + "." + name + " (" + name() + " keeps " + required + " for every parameter it has"
                            + " updated)");
                }
            }
        }
        return restored;
    }

    /** A state tensor must be finite, and non-negative if it accumulates squares: otherwise NaN would travel. */
    private static void checkValues(String key, Tensor t, boolean nonNegative) {
        float[] a = t.array();
        for (int i = 0, o = t.offset(); i < t.size(); i++) {
            float v = a[o + i];
            if (!Float.isFinite(v) || (nonNegative && v < 0)) {
                throw new IllegalArgumentException("state dict entry " + key + " holds " + v + " at flat index " + i
                        + " (shape " + t.shape() + ")" + (Float.isFinite(v) ? "; it accumulates squares and cannot be"
                        + " negative" : "; optimizer state must be finite"));
            }
        }
    }

    private record StateKey(int index, String name) {
    }

    private StateKey stateKey(String key, int params, List<String> names) {
        String[] parts = key.split("\\.", 3);
        if (parts.length == 3 && parts[0].equals("state")) {
            int i;
            try {
                i = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                i = -1;
            }
            if (i >= 0 && i < params && names.contains(parts[2])) {
                return new StateKey(i, parts[2]);
            }
            if (i < 0 || i >= params) {
                throw new IllegalArgumentException("state dict entry " + key + " names parameter " + parts[1]
                        + " but this " + name() + " has " + params + " parameters");
            }
        }
        throw new IllegalArgumentException("state dict has an entry " + name() + " does not know: " + key
                + " (state names: " + names + ")");
    }

    private static double required(Map<String, Double> scalars, String key, Set<String> used) {
        Double v = scalars.get(key);
        if (v == null) {
            throw new IllegalArgumentException("state dict has no entry " + key);
        }
        used.add(key);
        return v;
    }

    private static long count(Map<String, Double> scalars, String key, Set<String> used) {
        double v = required(scalars, key, used);
        if (!(v >= 0) || v != Math.rint(v) || v > 1L << 53) {
            throw new IllegalArgumentException("state dict entry " + key + " must be a whole number ≥ 0, got " + v);
        }
        return (long) v;
    }
}
