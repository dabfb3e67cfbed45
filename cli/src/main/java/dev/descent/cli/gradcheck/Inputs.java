package dev.descent.cli.gradcheck;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;

/** Input tensors for gradient checks, drawn from a seeded {@link Rng}. */
final class Inputs {

    private Inputs() {
    }

    /** A parameter uniform in [lo, hi). */
    static Variable uniform(Rng rng, float lo, float hi, int... dims) {
        return Variable.parameter(Tensor.uniform(rng, lo, hi, dims));
    }

    /** A parameter whose elements have magnitude in [min, max) and random sign: away from a kink at 0. */
    static Variable awayFromZero(Rng rng, float min, float max, int... dims) {
        Tensor t = Tensor.uniform(rng, min, max, dims);
        for (int i = 0; i < t.size(); i++) {
            if (rng.nextDouble() < 0.5) {
                t.setFlat(i, -t.getFlat(i));
            }
        }
        return Variable.parameter(t);
    }

    /** A parameter of distinct values (0.25 apart, shuffled): no ties for max. */
    static Variable distinct(Rng rng, int... dims) {
        Tensor t = Tensor.zeros(dims);
        int[] order = rng.permutation(t.size());
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 0.25f * order[i] - 0.125f * t.size());
        }
        return Variable.parameter(t);
    }

    /** {@code a} shifted by ±[0.2, 1) element-wise: maximum/minimum of the two never tie. */
    static Variable apart(Rng rng, Variable a) {
        Tensor t = a.value().copy();
        for (int i = 0; i < t.size(); i++) {
            float d = 0.2f + 0.8f * rng.nextFloat();
            t.setFlat(i, t.getFlat(i) + (rng.nextDouble() < 0.5 ? d : -d));
        }
        return Variable.parameter(t);
    }

    /** A fixed 0/1 mask. */
    static Tensor mask(Rng rng, int... dims) {
        Tensor t = Tensor.zeros(dims);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, rng.nextDouble() < 0.5 ? 0f : 1f);
        }
        return t;
    }
}
