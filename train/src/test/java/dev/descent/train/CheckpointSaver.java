package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.optim.Adam;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link CheckpointTest}: saves checkpoints of a 16 MB model with Adam state over the file named
 * by its argument, alternating two sets of weights, forever; prints "saved" after the first save, so the parent knows
 * when to kill it.
 */
final class CheckpointSaver {
    private CheckpointSaver() {
    }

    static Module model() {
        return new Sequential(new Linear(1024, 1024, true, WeightInit.PYTORCH_DEFAULT, new Rng(1)));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Module model = model();
        Adam adam = new Adam(model.parameters(), Adam.defaults());
        for (Variable p : model.parameters()) {
            p.setGrad(Tensor.full(0.5f, p.shape().dims()));
        }
        adam.step();
        Checkpoint.RunState run = new Checkpoint.RunState(1, 1, null, new History(), Map.of());
        for (int i = 0; ; i++) {
            model.parameters().get(0).value().fill(i);
            Checkpoint.save(file, model, adam, run, List.of());
            if (i == 0) {
                System.out.println("saved");
                System.out.flush();
            }
        }
    }
}
