package dev.descent.optim;

import dev.descent.core.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an optimizer, in a form any checkpoint format can store: the optimizer's name, named tensors and
 * named numbers, both in a fixed order. {@link Optimizer#stateDict()} makes one (copying the tensors) and
 * {@link Optimizer#loadStateDict} checks one completely before changing anything.
 *
 * <p>Keys, with {@code g} a group index and {@code i} a parameter's position in the optimizer (groups in order,
 * parameters in order within each):
 * <pre>
 * scalars  steps                 optimizer steps taken
 *          groups                number of parameter groups
 *          group.g.params        number of parameters in group g
 *          group.g.initialLr     the learning rate group g started with
 *          group.g.&lt;name&gt;        each hyper-parameter of group g (booleans as 0 / 1), e.g. group.0.lr
 *          state.i.step          updates applied to parameter i (only parameters that have state)
 *          state.i.&lt;name&gt;        other scalar state, e.g. NAdam's state.i.mu_product
 * tensors  state.i.&lt;name&gt;        state tensors shaped like parameter i, e.g. state.0.exp_avg
 * </pre>
 */
public final class StateDict {
    private final String optimizer;
    private final Map<String, Tensor> tensors;
    private final Map<String, Double> scalars;

    /** A state dict as read back from a file: the maps are copied, in their iteration order. */
    public StateDict(String optimizer, Map<String, Tensor> tensors, Map<String, Double> scalars) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        this.scalars = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(scalars, "scalars")));
    }

    /** The optimizer's name, e.g. {@code "Adam"}. */
    public String optimizer() {
        return optimizer;
    }

    /** The state tensors by key. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Step counts, group sizes and hyper-parameters by key. */
    public Map<String, Double> scalars() {
        return scalars;
    }

    @Override
    public String toString() {
        return "StateDict[" + optimizer + ", " + tensors.size() + " tensors, " + scalars.size() + " scalars]";
    }
}
