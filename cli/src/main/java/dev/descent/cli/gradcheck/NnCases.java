package dev.descent.cli.gradcheck;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.UnaryOp;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.ELU;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.Linear;
import dev.descent.nn.SiLU;
import dev.descent.nn.loss.BCELoss;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.HuberLoss;
import dev.descent.nn.loss.KLDivLoss;
import dev.descent.nn.loss.L1Loss;
import dev.descent.nn.loss.MSELoss;
import dev.descent.nn.loss.NLLLoss;
import dev.descent.nn.loss.Reduction;
import dev.descent.nn.loss.SmoothL1Loss;

import java.util.List;

import static dev.descent.cli.gradcheck.Inputs.awayFromZero;
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
        // Rows of 12 values from [−2, 2]: a spread of about 1, well above the central difference's step.
        c.add(new Case("layer", "LayerNorm over the last 2 dims (fused)", v -> LayerNorm.apply(v[0], new int[] {3, 4},
                        v[1], v[2], 1e-5),
                r -> new Variable[] {uniform(r, -2, 2, 2, 3, 4), uniform(r, 0.5f, 1.5f, 3, 4), uniform(r, -1, 1, 3, 4)}));
        c.add(new Case("layer", "SiLU", v -> SiLU.apply(v[0]), r -> new Variable[] {uniform(r, -4, 4, 3, 4)}));
        // Away from ELU's kink at 0 (α ≠ 1 makes the derivative jump there).
        c.add(new Case("layer", "ELU alpha=0.5", v -> ELU.apply(v[0], 0.5), r -> new Variable[] {awayFromZero(r, 0.2f, 3,
                3, 4)}));
        // A fresh layer with the same seed in every call: the same mask each time GradCheck evaluates it.
        c.add(new Case("layer", "Dropout p=0.5 (fixed mask)", v -> new Dropout(0.5, 7).forward(v[0]),
                r -> new Variable[] {uniform(r, -2, 2, 4, 5)}));
        c.add(new Case("loss", "CrossEntropyLoss", v -> new CrossEntropyLoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 5, 4), Variable.constant(Tensor.vector(0, 3, 1, 2, 3))}));
        c.add(new Case("loss", "MSELoss", v -> new MSELoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 5, 3), Variable.constant(Tensor.uniform(r, -2, 2, 5, 3))}));
        c.add(new Case("loss", "BCEWithLogitsLoss", v -> new BCEWithLogitsLoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -3, 3, 5, 3), Variable.constant(Tensor.uniform(r, 0, 1, 5, 3))}));
        c.add(new Case("loss", "NLLLoss (of log-softmax)", v -> new NLLLoss().forward(v[0].logSoftmax(1), v[1].value()),
                r -> new Variable[] {uniform(r, -2, 2, 5, 4), Variable.constant(Tensor.vector(0, 3, 1, 2, 3))}));
        // Targets 1 apart from every prediction: no difference near a kink (0 for L1, ±β = ±0.5, ±δ = ±2).
        c.add(new Case("loss", "L1Loss", v -> new L1Loss().forward(v[0], v[1].value()), NnCases::offByOne));
        c.add(new Case("loss", "SmoothL1Loss beta=0.5", v -> new SmoothL1Loss(Reduction.MEAN, 0.5)
                .forward(v[0], v[1].value()), NnCases::offByOne));
        c.add(new Case("loss", "HuberLoss delta=2", v -> new HuberLoss(Reduction.MEAN, 2)
                .forward(v[0], v[1].value()), NnCases::offByOne));
        c.add(new Case("loss", "BCELoss", v -> new BCELoss().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, 0.1f, 0.9f, 5, 3), Variable.constant(Tensor.uniform(r, 0, 1, 5, 3))}));
        c.add(new Case("loss", "KLDivLoss batchmean", v -> KLDivLoss.batchMean().forward(v[0], v[1].value()),
                r -> new Variable[] {uniform(r, -3, -0.1f, 5, 3), Variable.constant(Tensor.uniform(r, 0, 1, 5, 3))}));
    }

    /** Predictions in [−2, 2] and targets each exactly 1 above or below its prediction. */
    private static Variable[] offByOne(Rng r) {
        Variable x = uniform(r, -2, 2, 5, 3);
        Tensor signs = Tensor.uniform(r, -1, 1, 5, 3).mapi(UnaryOp.SIGN); // ±1: a draw of exactly 0 has odds 2⁻²⁴
        return new Variable[] {x, Variable.constant(x.value().add(signs))};
    }
}
