package dev.descent.optim;

import dev.descent.autograd.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of parameters that share hyper-parameters — PyTorch's {@code param_group}. A model can give its
 * backbone and its head different learning rates by putting them in two groups:
 * <pre>{@code
 * Sgd.Options base = Sgd.defaults().withLr(0.1).withMomentum(0.9);
 * var sgd = new Sgd(List.of(new ParamGroup<>(backbone, base.withLr(0.01)), new ParamGroup<>(head, base)));
 * }</pre>
 *
 * <p>The learning rate the group started with is kept as {@link #initialLr()}: schedules are functions of it, and it
 * travels in the state dict so a resumed run schedules from the same base.
 *
 * @param <O> the optimizer's options record
 */
public final class ParamGroup<O extends Hyperparameters<O>> {
    private final List<Variable> params;
    private O options;
    private double initialLr;

    /** A group of {@code params} (in this order, each once) with {@code options}. */
    public ParamGroup(List<Variable> params, O options) {
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("a parameter group needs at least one parameter");
        }
        Map<Variable, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (p == null) {
                throw new NullPointerException("parameter list has null at position " + i);
            }
            Integer before = seen.put(p, seen.size());
            if (before != null) {
                throw new IllegalArgumentException("parameter " + describe(p, i) + " is listed twice in one group "
                        + "(also at position " + before + ")");
            }
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        setOptions(options);
        this.initialLr = options.lr();
    }

    static String describe(Variable p, int index) {
        return (p.name() != null ? "'" + p.name() + "' " : "") + "#" + index + " of shape " + p.shape();
    }

    /** The parameters, in order. */
    public List<Variable> params() {
        return params;
    }

    /** The hyper-parameters. */
    public O options() {
        return options;
    }

    /** Replaces the hyper-parameters, after checking them together ({@link Hyperparameters#validate()}). */
    public void setOptions(O options) {
        Objects.requireNonNull(options, "options").validate();
        this.options = options;
    }

    /** The learning rate. */
    public double lr() {
        return options.lr();
    }

    /** Sets the learning rate (≥ 0). */
    public void setLr(double lr) {
        setOptions(options.withLr(lr));
    }

    /** The learning rate this group was created with: the base that schedules scale. */
    public double initialLr() {
        return initialLr;
    }

    void setInitialLr(double initialLr) {
        this.initialLr = initialLr;
    }
}
