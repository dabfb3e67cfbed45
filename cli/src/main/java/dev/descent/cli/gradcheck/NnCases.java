package dev.descent.cli.gradcheck;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.MSELoss;

import java.util.List;

import static dev.descent.cli.gradcheck.Inputs.uniform;

/** The fused layers and losses of {@code nn}: their single backward computes every input's gradient at once. */
final class NnCases {

    private NnCases() {
    }

    static void add(List<Case> c) {
        c.add(new Case("layer", "Linear (fused x·Wᵀ + b)", v -> Linear.apply(v[0], v[1], v[2]),
                r -> new Variable[] {uniform(r, -1, 1, 5, 4), uniform(r, -1, 1, 3, 4), uniform(r, -1, 1, 3)}));
        c.add(new Case("layer", "BatchNorm1d (training)", v -> BatchNorm1d.apply(v[0], v[1], v[2],
                        Tensor.zeros(4), Tensor.ones(4), true, 0.1, 1e-5),
                r -> new Variable[] {uniform(r, -2, 2, 6, 4), uniform(r, 0.5f, 1.5f, 4), uniform(r, -1, 1, 4)}));
        // A fresh layer with the same seed in every call: the same mask each time GradCheck evaluates it.
        c.add(new Case("layer", "Dropout p=0.5 (fixed mask)", v -> new Dropout(0.5, 7).forward(v[0]),
                r -> new Variable[] {uniform(r, -2, 2, 4, 5)}));
        c.add(new Case("loss", "CrossEntropyLoss", v -> new CrossEntropyLoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 5, 4), Variable.constant(Tensor.vector(0, 3, 1, 2, 3))}));
        c.add(new Case("loss", "MSELoss", v -> new MSELoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 5, 3), Variable.constant(Tensor.uniform(r, -2, 2, 5, 3))}));
        c.add(new Case("loss", "BCEWithLogitsLoss", v -> new BCEWithLogitsLoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -3, 3, 5, 3), Variable.constant(Tensor.uniform(r, 0, 1, 5, 3))}));
    }
}
