package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks analytic gradients against numerical ones, as {@code torch.autograd.gradcheck}.
 *
 * <p>For a function {@code y = f(x₁, …, xₙ)} of any output shape, GradCheck fixes a random projection {@code r}
 * (standard normal, seeded) and checks the gradient of the scalar {@code L = Σ rᵢ·yᵢ} — a vector-Jacobian product,
 * which exercises every output and every input element. The analytic gradient comes from {@link Variable#backward};
 * the numerical one, for each input element {@code x}, from the central difference
 *
 * <pre>  ∂L/∂x ≈ (L(x + h) − L(x − h)) / ((x + h) − (x − h)),   h = step · max(1, |x|)</pre>
 *
 * with the denominator taken after rounding {@code x ± h} to float, and L summed in double.
 *
 * <p><b>Why these defaults for float32.</b> The truncation error of a central difference is about
 * {@code h²·|f'''|/6} and its rounding error about {@code ε·|L|/h}, with {@code ε = 2⁻²³ ≈ 1.2·10⁻⁷}; their sum is
 * smallest near {@code h ≈ ε^(1/3) ≈ 5·10⁻³}. With {@link Options#DEFAULT_STEP} = 5·10⁻³ both errors are of order
 * 10⁻⁵ to 10⁻⁴ for functions and values of order 1, so an element passes when
 * {@code |analytic − numeric| ≤ atol + rtol·|numeric|} with {@code atol = 10⁻³} and {@code rtol = 10⁻²} — loose
 * enough for float32 rounding, tight enough that a wrong derivative (off by a factor, a sign or a term) fails.
 *
 * <p><b>When to change them.</b> The rounding term grows with |L|, that is with the number and size of the outputs
 * and with long chains of float32 operations (each adds its own rounding): beyond a few hundred outputs of order 1,
 * or for values far from 1, loosen {@code atol} ({@link Options#withTolerances}) rather than shrink the step, which
 * would only raise the rounding error. Keep every input farther than {@code h} from a kink (relu and abs at 0, max
 * at ties, clamp at its bounds), where no derivative exists and the difference quotient straddles two slopes.
 *
 * <p>The inputs' values are copied, never changed. The analytic pass records a graph, so call GradCheck outside a
 * {@link NoGrad} scope.
 */
public final class GradCheck {

    /**
     * Step, tolerances and the seed of the projection.
     *
     * @param step relative step h / max(1, |x|)
     * @param atol absolute tolerance
     * @param rtol relative tolerance
     * @param seed seed of the random projection r
     */
    public record Options(double step, double atol, double rtol, long seed) {
        public static final double DEFAULT_STEP = 5e-3;
        public static final double DEFAULT_ATOL = 1e-3;
        public static final double DEFAULT_RTOL = 1e-2;

        /** The defaults explained in {@link GradCheck}. */
        public static Options defaults() {
            return new Options(DEFAULT_STEP, DEFAULT_ATOL, DEFAULT_RTOL, 0x5eed);
        }

        public Options {
            if (!(step > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("GradCheck options: need step > 0, atol ≥ 0, rtol ≥ 0; got step="
                        + step + " atol=" + atol + " rtol=" + rtol);
            }
        }

        /** These options with another relative step. */
        public Options withStep(double newStep) {
            return new Options(newStep, atol, rtol, seed);
        }

        /** These options with other tolerances (e.g. looser for a long chain of float32 operations). */
        public Options withTolerances(double newAtol, double newRtol) {
            return new Options(step, newAtol, newRtol, seed);
        }

        /** These options with another projection seed. */
        public Options withSeed(long newSeed) {
            return new Options(step, atol, rtol, newSeed);
        }
    }

    /**
     * The comparison for one input.
     *
     * @param input        position of the input
     * @param maxAbsError  largest |analytic − numeric| over its elements
     * @param maxRelError  largest |analytic − numeric| / max(|numeric|, atol) over its elements
     * @param worstIndex   flat index of the element furthest outside (or closest to) the tolerance
     * @param analytic     the analytic gradient at that element
     * @param numeric      the numeric gradient at that element
     * @param passed       whether every element is within tolerance
     */
    public record InputReport(int input, double maxAbsError, double maxRelError, int worstIndex, double analytic,
                              double numeric, boolean passed) {
    }

    /** The comparison for every input that requires a gradient; {@link #passed()} if all do. */
    public record Report(List<InputReport> inputs, Options options) {
        public boolean passed() {
            return inputs.stream().allMatch(InputReport::passed);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-6s %12s %12s %8s %14s %14s  %s%n",
                    "input", "max abs err", "max rel err", "worst", "analytic", "numeric", "result"));
            for (InputReport r : inputs) {
                sb.append(String.format(Locale.ROOT, "%-6d %12.3e %12.3e %8d %14.6e %14.6e  %s%n", r.input(),
                        r.maxAbsError(), r.maxRelError(), r.worstIndex(), r.analytic(), r.numeric(),
                        r.passed() ? "pass" : "FAIL"));
            }
            return sb.toString();
        }
    }

    private GradCheck() {
    }

    /** Checks {@code f} at {@code inputs} (all of which require a gradient) with the default options. */
    public static Report check(Function<Variable[], Variable> f, Tensor... inputs) {
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Variable.parameter(inputs[i]);
        }
        return check(Options.defaults(), f, vars);
    }

    /**
     * Checks {@code f} at {@code inputs}: inputs that require a gradient are checked, the others (targets, masks)
     * are held fixed. The inputs' values are copied, never changed.
     */
    public static Report check(Options options, Function<Variable[], Variable> f, Variable... inputs) {
        if (!NoGrad.isGradEnabled()) {
            throw new IllegalStateException("GradCheck: called inside a NoGrad scope, where no graph is recorded and "
                    + "there is no analytic gradient to check");
        }
        Variable[] leaves = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = Variable.leaf(inputs[i].value().copy(), inputs[i].requiresGrad());
        }
        Variable out = f.apply(leaves);
        Tensor projection = Tensor.normal(new Rng(options.seed()), 0f, 1f, out.shape().dims());
        if (out.requiresGrad()) {
            out.backward(projection);
        }
        List<InputReport> reports = new ArrayList<>();
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i].requiresGrad()) {
                Tensor analytic = leaves[i].grad() != null ? leaves[i].grad() : Tensor.zeros(leaves[i].shape());
                reports.add(compare(options, f, leaves, i, analytic, projection));
            }
        }
        return new Report(List.copyOf(reports), options);
    }

    private static InputReport compare(Options o, Function<Variable[], Variable> f, Variable[] leaves, int which,
                                       Tensor analytic, Tensor projection) {
        Tensor x = leaves[which].value();
        double maxAbs = 0, maxRel = 0, worstRatio = -1, worstA = 0, worstN = 0;
        int worst = -1;
        boolean passed = true;
        for (int j = 0; j < x.size(); j++) {
            float original = x.getFlat(j);
            double h = o.step() * Math.max(1.0, Math.abs(original));
            float plus = (float) (original + h);
            float minus = (float) (original - h);
            x.setFlat(j, plus);
            double lPlus = projected(f, leaves, projection);
            x.setFlat(j, minus);
            double lMinus = projected(f, leaves, projection);
            x.setFlat(j, original);
            double numeric = (lPlus - lMinus) / ((double) plus - (double) minus);
            double a = analytic.getFlat(j);
            double err = Math.abs(a - numeric);
            double allowed = o.atol() + o.rtol() * Math.abs(numeric);
            boolean ok = err <= allowed; // false for NaN
            passed &= ok;
            maxAbs = Math.max(maxAbs, err);
            maxRel = Math.max(maxRel, err / Math.max(Math.abs(numeric), o.atol()));
            double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = j;
                worstA = a;
                worstN = numeric;
            }
        }
        return new InputReport(which, maxAbs, maxRel, worst, worstA, worstN, passed);
    }

    /** L = Σ rᵢ·yᵢ in double, evaluated without recording a graph. */
    @SuppressWarnings("try") // the scope is used for its effect, not referenced
    private static double projected(Function<Variable[], Variable> f, Variable[] leaves, Tensor projection) {
        try (var scope = NoGrad.enter()) {
            Tensor y = f.apply(leaves).value();
            double s = 0;
            for (int i = 0; i < y.size(); i++) {
                s += (double) projection.getFlat(i) * y.getFlat(i);
            }
            return s;
        }
    }
}
