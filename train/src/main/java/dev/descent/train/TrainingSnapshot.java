package dev.descent.train;

import dev.descent.core.Tensor;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything training changes in a model and its optimizer, copied, so that it can be put back bit for bit: the
 * parameters and buffers ({@link Module#stateDict()}), the optimizer's state dict (step counts, moments, momentum
 * buffers, every group's hyper-parameters and learning rates) and each {@link Dropout} layer's generator state. A
 * refused {@link Checkpoint} restore and the {@link LrFinder}'s mock training both undo themselves with it.
 */
final class TrainingSnapshot {
    private final Module model;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private final Optimizer<?> optimizer;
    private final StateDict optimizerState;
    private final Map<Dropout, long[]> rngs = new LinkedHashMap<>();

    TrainingSnapshot(Module model, Optimizer<?> optimizer) {
        this.model = model;
        this.optimizer = optimizer;
        model.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
        optimizerState = optimizer.stateDict();
        model.namedModules().values().forEach(m -> {
            if (m instanceof Dropout d) {
                rngs.put(d, d.rng().state());
            }
        });
    }

    /** Puts the model, the optimizer and the generators back as they were when this snapshot was taken. */
    void putBack() {
        model.loadStateDict(weights);
        optimizer.loadStateDict(optimizerState);
        rngs.forEach((d, state) -> d.rng().restore(state));
    }
}
