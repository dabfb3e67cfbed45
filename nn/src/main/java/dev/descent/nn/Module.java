package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A piece of a network, as PyTorch's {@code nn.Module}: it owns named parameters (trainable {@link Variable}s),
 * buffers (saved state that is not trained, such as running statistics) and child modules, and maps an input to an
 * output with {@link #forward}.
 *
 * <p><b>Names.</b> Every parameter and buffer has its PyTorch {@code state_dict} name: the path of child names down
 * to it, joined with dots — {@code 0.weight}, {@code 1.running_mean}, {@code 1.num_batches_tracked}. Entries are
 * ordered as PyTorch orders them: a module's own parameters, then its own buffers, then each child's entries, in the
 * order they were registered. So weights saved here load in PyTorch and the other way round.
 *
 * <p><b>Modes.</b> A module starts in training mode; {@link #eval()} switches it and all its descendants to
 * evaluation mode (dropout off, batch normalization on running statistics) and {@link #train()} back.
 *
 * <p><b>Writing a module.</b> Register state in the constructor with {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule}; implement {@link #forward} and, when the output shape is not
 * the input shape, {@link #outputShape}; describe the configuration in {@link #extraRepr}.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, StateEntry> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the output for {@code input}, recording a graph when grad mode is on and something requires one. */
    public abstract Variable forward(Variable input);

    /** {@link #forward(Variable)} on a constant input (data that needs no gradient). */
    public Variable forward(Tensor input) {
        return forward(Variable.constant(input));
    }

    /**
     * The shape of the output for an input of shape {@code input}, without computing anything — for
     * {@link #summary}. The default is the input shape (element-wise layers).
     *
     * @throws IllegalArgumentException if this module cannot take such an input
     */
    public Shape outputShape(Shape input) {
        return input;
    }

    // ---------------------------------------------------------------- registration

    /** Registers a trainable parameter under {@code name} and returns it (named {@code name} for messages). */
    protected final Variable registerParameter(String name, Tensor value) {
        checkNewName(name);
        Variable p = Variable.parameter(value).named(name);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer of real numbers under {@code name} and returns it. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        return registerBuffer(name, value, false);
    }

    /**
     * Registers a buffer under {@code name} and returns it; {@code integer} marks one that holds whole numbers (a
     * counter), which weight files store as int64 as PyTorch does.
     */
    protected final Tensor registerBuffer(String name, Tensor value, boolean integer) {
        checkNewName(name);
        buffers.put(name, new StateEntry(value, integer ? StateEntry.Kind.INTEGER_BUFFER : StateEntry.Kind.BUFFER));
        return value;
    }

    /** Registers a child module under {@code name} (its parameters become {@code name.…}) and returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkNewName(name);
        if (child == this) {
            throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        }
        children.put(name, child);
        ((Module) child).prefixNames(name + ".");
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("state name must be non-empty and contain no '.', got '" + name
                    + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has an attribute named '" + name
                    + "'");
        }
    }

    /** Gives the parameters below this module their full state-dict names once it becomes a child. */
    private void prefixNames(String prefix) {
        for (Variable p : parameters.values()) {
            p.named(prefix + p.name());
        }
        for (Module c : children.values()) {
            c.prefixNames(prefix);
        }
    }

    // ---------------------------------------------------------------- structure

    /** The direct children, by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module and all its descendants, depth first (this first), by dotted path ("" for this one). */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        forEachModule("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    /** The parameters registered directly on this module (not its children's), by local name. */
    public final Map<String, Variable> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Every parameter of this module and its descendants, by state-dict name, in PyTorch's order. A parameter shared
     * by two modules appears once, under its first name.
     */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        forEachModule("", (prefix, m) -> {
            for (Map.Entry<String, Variable> e : m.parameters.entrySet()) {
                if (seen.add(e.getValue())) {
                    out.put(prefix + e.getKey(), e.getValue());
                }
            }
        });
        return out;
    }

    /** Every parameter, in the order of {@link #namedParameters()} — the order optimizers keep their state in. */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer of this module and its descendants, by state-dict name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        forEachModule("", (prefix, m) -> m.buffers.forEach((name, b) -> out.put(prefix + name, b.value())));
        return out;
    }

    /**
     * The whole state — parameters and buffers — by state-dict name, in PyTorch's order, with what each entry is.
     * The tensors are the live ones, not copies.
     */
    public final Map<String, StateEntry> stateEntries() {
        Map<String, StateEntry> out = new LinkedHashMap<>();
        forEachModule("", (prefix, m) -> {
            m.parameters.forEach((name, p) -> out.put(prefix + name,
                    new StateEntry(p.value(), StateEntry.Kind.PARAMETER)));
            m.buffers.forEach((name, b) -> out.put(prefix + name, b));
        });
        return out;
    }

    /**
     * The state as PyTorch's {@code state_dict()}: parameter and buffer values by name. The tensors are the live ones
     * (as in PyTorch); copy them to keep a snapshot, e.g. the best weights so far.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateEntries().forEach((name, e) -> out.put(name, e.value()));
        return out;
    }

    /** {@link #loadStateDict(Map, boolean)} with {@code strict = true}. */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers, by name.
     *
     * <p>Everything is checked first and nothing changes unless all checks pass: every given tensor must have the
     * shape of the entry it goes into and hold only finite values (a NaN weight would make every output NaN), and
     * each module may check its own entries further ({@link #checkState}); with {@code strict}, the names must match
     * exactly (none missing, none unexpected). All problems are reported together.
     *
     * @return the names of this module's entries that {@code state} did not provide (empty when strict)
     * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped entry
     */
    public final List<String> loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, StateEntry> entries = stateEntries();
        Map<String, Shape> given = new LinkedHashMap<>();
        state.forEach((name, t) -> given.put(name, t.shape()));
        List<String> problems = StateCheck.problems(entries, given, strict);
        state.forEach((name, t) -> {
            if (entries.containsKey(name)) {
                StateCheck.nonFinite(name, t, problems);
            }
        });
        forEachModule("", (prefix, m) -> m.checkState(prefix, state, problems));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(StateCheck.describe(getClass().getSimpleName(), problems));
        }
        List<String> missing = new ArrayList<>();
        entries.forEach((name, e) -> {
            Tensor t = state.get(name);
            if (t == null) {
                missing.add(name);
            } else if (t != e.value()) {
                e.value().copyFrom(t);
            }
        });
        return missing;
    }

    /**
     * Adds to {@code problems} what is wrong with the values {@code state} holds for this module's entries (named
     * {@code prefix + name}), beyond shape and finiteness: for example a negative running variance. Called by
     * {@link #loadStateDict} before anything changes; does nothing unless a module overrides it.
     */
    protected void checkState(String prefix, Map<String, Tensor> state, List<String> problems) {
    }

    private interface ModuleVisitor {
        void visit(String prefix, Module m);
    }

    private void forEachModule(String prefix, ModuleVisitor visitor) {
        visitor.visit(prefix, this);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().forEachModule(prefix + c.getKey() + ".", visitor);
        }
    }

    // ---------------------------------------------------------------- training state

    /** Sets training mode on this module and its descendants; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    /** Training mode (dropout active, batch statistics); returns this. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off, running statistics); returns this. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient (to null, as PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Variable p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) every parameter of this module and its descendants, as
     * PyTorch's {@code module.requires_grad_(flag)} (Keras: {@code layer.trainable = flag}); returns this. It sets
     * {@link Variable#requiresGrad(boolean)} on each parameter, so:
     * <ul>
     *   <li>a frozen parameter gets no gradient: operations on frozen parameters and data alone record no graph, and
     *       fused layers ({@link Linear}, {@link BatchNorm1d}, {@link LayerNorm}) skip the work of its gradient while
     *       still sending the input's and the other parameters' — the same values, to the bit, as without freezing;
     *       </li>
     *   <li>optimizers skip a parameter whose gradient is null, so its value and optimizer state stay as they are
     *       (no weight decay, no momentum), and gradient clipping leaves it out of the norm; a gradient it already
     *       had is kept, as in PyTorch, until the next {@code zeroGrad};</li>
     *   <li>it is still a parameter: {@link #parameters()}, {@link #stateDict()}, weight files and
     *       {@link #parameterCount()} include it exactly as before; {@link #trainableParameterCount()} and
     *       {@link #summary} count it as non-trainable.</li>
     * </ul>
     * The flag belongs to the parameter, so a parameter shared with another module is frozen there too. Buffers are
     * not parameters: in training mode a {@link BatchNorm1d} with frozen γ and β still normalizes with the batch's
     * statistics and updates its running ones, as PyTorch's does (Keras's frozen {@code BatchNormalization} runs in
     * inference mode instead) — put it in evaluation mode to hold them too.
     *
     * <pre>{@code
     * model.requiresGrad(false);            // freeze everything ...
     * head.requiresGrad(true);              // ... but the new head
     * }</pre>
     */
    public final Module requiresGrad(boolean requiresGrad) {
        for (Variable p : namedParameters().values()) {
            p.requiresGrad(requiresGrad);
        }
        return this;
    }

    /**
     * The number of parameter values, trainable or frozen: the total size of {@link #parameters()} (Keras's
     * "Total params" less the buffers).
     */
    public final long parameterCount() {
        return parameterValues(false);
    }

    /** The number of values of parameters that require a gradient (not {@linkplain #requiresGrad frozen}). */
    public final long trainableParameterCount() {
        return parameterValues(true);
    }

    private long parameterValues(boolean trainableOnly) {
        long n = 0;
        for (Variable p : namedParameters().values()) {
            if (!trainableOnly || p.requiresGrad()) {
                n += p.value().size();
            }
        }
        return n;
    }

    /**
     * The number of values in real-valued buffers (e.g. running statistics), which Keras counts among the
     * "non-trainable params" beside frozen parameters.
     */
    public final long bufferCount() {
        long n = 0;
        for (StateEntry e : stateEntries().values()) {
            if (e.kind() == StateEntry.Kind.BUFFER) {
                n += e.value().size();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- description

    /**
     * A table like Keras's {@code model.summary()}: each layer with its output shape for an input of shape
     * {@code inputDims} (batch dimension included) and its parameter count, then the totals — all, trainable and
     * non-trainable (frozen parameters and buffers). When some parameter is frozen, a column says which layers
     * train (Keras's {@code show_trainable}).
     *
     * @throws IllegalArgumentException if the input shape does not fit the model, naming the layer
     */
    public final String summary(int... inputDims) {
        return Summary.of(this, Shape.of(inputDims));
    }

    /** The configuration shown in {@link #toString()} between the parentheses, e.g. {@code in_features=4}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's module representation: the class, its configuration, and the children indented. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> c : children.entrySet()) {
                String child = c.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(c.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
