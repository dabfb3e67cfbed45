package dev.descent.nn;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;

/** Well-conditioned test inputs. */
final class TestBatches {
    private TestBatches() {
    }

    /**
     * A batch {@code [n, d]} whose columns have a standard deviation of about 1 or more, for checking batch
     * normalization. It divides by σ, so its curvature grows like 1/σ and its float32 rounding error like 1/σ too: a
     * central difference with step h (≈ 5·10⁻³·|x|) is only accurate when h ≪ σ, and two float32 computations of
     * the same gradient agree only to about ε·|x|/σ. A random column of two nearly equal values (σ ≈ 0.03, say)
     * would fail either comparison for numerical, not analytic, reasons.
     */
    static Tensor spread(Rng rng, int n, int d) {
        Tensor x = Tensor.normal(rng, 0, 0.3f, n, d);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                x.set(x.get(r, j) + 2f * ((r + j) % n), r, j);
            }
        }
        return x;
    }
}
