package dev.descent.optim;

import dev.descent.core.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer remembers about one parameter: how many updates it has had ({@code step}, PyTorch's t), its
 * state tensors by name ({@code exp_avg}, {@code momentum_buffer}, … — PyTorch's names) and, for NAdam, a scalar.
 * Created on the parameter's first update; a parameter that never had a gradient has none.
 */
public final class ParamState {
    private long step;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, Double> scalars = new LinkedHashMap<>();

    ParamState() {
    }

    /** The number of updates applied to this parameter. */
    public long step() {
        return step;
    }

    /** The state tensors, in the order they were created. */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The scalar state (besides {@link #step()}). */
    public Map<String, Double> scalars() {
        return Collections.unmodifiableMap(scalars);
    }

    /**
     * Counts one more update and returns its number t (1 on the first). An optimizer whose rule depends on t (bias
     * corrections, decays) calls this once at the top of its update.
     */
    public long nextStep() {
        return ++step;
    }

    void setStep(long step) {
        this.step = step;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The state tensor {@code name}, created full of {@code initial} and shaped like {@code like} on first use; the
     * optimizer updates it in place. Name it in the optimizer's {@code stateTensorNames()} so state dicts carry it.
     */
    public Tensor tensor(String name, Tensor like, float initial) {
        return tensors.computeIfAbsent(name, k -> Tensor.full(initial, like.shape()));
    }

    void putTensor(String name, Tensor t) {
        tensors.put(name, t);
    }

    /** The scalar state {@code name}, or {@code initial} before it is first set. */
    public double scalar(String name, double initial) {
        return scalars.getOrDefault(name, initial);
    }

    /** Sets the scalar state {@code name}; name it in the optimizer's {@code stateScalarNames()}. */
    public void putScalar(String name, double value) {
        scalars.put(name, value);
    }
}
