package dev.descent.core;

import dev.descent.core.TorchCases.Case;

/**
 * How far a Descent result may lie from the float64 value PyTorch computed, element by element, for the operations
 * whose float32 result depends on the order of rounding. Each bound is the textbook one for the algorithm, computed
 * in double from the case's own inputs, with u = 2⁻²⁴ the unit roundoff of float32:
 * <ul>
 *   <li>a sum of n terms (sum, sumTo, dot; a matmul or gemm element of depth n, with one more term for β·c and one
 *       more rounding for α): {@code (n + 1)·u·Σ|termᵢ|}, which any summation order meets (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §4.2);</li>
 *   <li>a mean: the sum's bound over n, plus one rounding;</li>
 *   <li>a two-pass variance: {@code (n + 4)·u·var + n·δ²/(n − c)}, where δ is the mean's bound — the second pass
 *       squares deviations from a mean that is off by at most δ, which adds {@code n·δ²} to the sum of squares;</li>
 *   <li>softmax: {@code u·(|xᵢ − m| + n + 8)·yᵢ} relative (rounding {@code xᵢ − m} costs {@code |xᵢ − m|·u} in the
 *       exponential, the sum n·u, exp and the division a few u), plus two subnormal steps;</li>
 *   <li>log-softmax and log-sum-exp: absolute {@code u·(2|xᵢ − m| + 2|log S| + n + 6)} and
 *       {@code u·(|m| + 2|log S| + n + 4)}, with {@code S = Σ e^(xⱼ − m)};</li>
 *   <li>a standard deviation: from the variance's bound b, {@code min(√b, b/σ) + u·σ} (√ is not Lipschitz at 0);</li>
 *   <li>a product of n factors: {@code (n + 1)·u·|Π|}, one rounding per factor;</li>
 *   <li>the 1- and 2-norms: {@code (n + 2)·u·‖x‖}, a sum of n non-negative terms (and a square root);</li>
 *   <li>{@code y + α·x} (axpy) and {@code α·x + β·y} (axpby): {@code 2u·(|αx| + |βy|)}, two roundings.</li>
 * </ul>
 * {@link TorchOracleTest} adds the least subnormal to each: no float lies closer than that to a tiny exact value.
 */
final class OracleBounds {
    static final double U = 0x1p-24;

    private OracleBounds() {
    }

    /** The tolerance for each element of the case's output, in row-major order. */
    static double[] tolerances(Case c) {
        return switch (c.check()) {
            case "sum", "mean", "variance", "logSumExp", "std", "prod", "norm" -> perSlice(c);
            case "softmax", "logSoftmax" -> softmax(c);
            case "dot" -> new double[] {dotBound(c.input(0).toArray(), c.input(1).toArray())};
            case "matmul" -> matmul(c);
            case "sumTo" -> sumTo(c);
            case "fused" -> fused(c);
            default -> throw new IllegalArgumentException("no bound for check " + c.check() + " of " + c);
        };
    }

    /** The slices of the input that the case reduces: along its axis, or all elements as one. */
    private static double[][] slices(Case c) {
        Tensor x = c.input(0);
        return c.params().has("axis") ? Reference.slices(x, x.shape().axis("oracle", c.i("axis")))
                : Reference.slices(x.flatten(), 0);
    }

    private static double[] perSlice(Case c) {
        double[][] slices = slices(c);
        double[] tol = new double[slices.length];
        for (int s = 0; s < slices.length; s++) {
            double[] v = slices[s];
            int n = v.length;
            double sumAbs = Reference.sumAbs(v);
            tol[s] = switch (c.check()) {
                case "sum" -> (n + 1) * U * sumAbs;
                case "mean" -> (n + 2) * U * sumAbs / n;
                case "variance" -> varianceBound(v, c.params().get("unbiased").asBoolean() ? 1 : 0);
                case "std" -> stdBound(v, c.params().get("unbiased").asBoolean() ? 1 : 0);
                case "prod" -> (n + 1) * U * Math.abs(product(v));
                case "norm" -> (n + 2) * U * (c.f("p") == 1f ? sumAbs : Math.sqrt(sumSquares(v)));
                default -> {
                    double m = max(v);
                    yield U * (Math.abs(m) + 2 * Math.abs(Math.log(shiftedSum(v, m))) + n + 4);
                }
            };
        }
        return tol;
    }

    private static double varianceBound(double[] v, int correction) {
        int n = v.length;
        if (n - correction <= 0) {
            return 0;
        }
        double squares = squaredDeviations(v);
        double delta = (n + 2) * U * Reference.sumAbs(v) / n;
        return (n + 4) * U * squares / (n - correction) + n * delta * delta / (n - correction);
    }

    /**
     * A standard deviation √v̂ from a variance v̂ within b of the exact v: {@code |√v̂ − √v| = |v̂ − v|/(√v̂ + √v)},
     * at most {@code b/√v} and at most {@code √b}; plus the rounding of the square root.
     */
    private static double stdBound(double[] v, int correction) {
        int n = v.length;
        if (n - correction <= 0) {
            return 0;
        }
        double squares = squaredDeviations(v);
        double std = Math.sqrt(squares / (n - correction)), b = varianceBound(v, correction);
        return Math.min(Math.sqrt(b), b / std) + U * std;
    }

    /** {@code Σ (vᵢ − v̄)²}. */
    private static double squaredDeviations(double[] v) {
        double mean = Reference.sum(v) / v.length, squares = 0;
        for (double e : v) {
            squares += (e - mean) * (e - mean);
        }
        return squares;
    }

    private static double product(double[] v) {
        double p = 1;
        for (double e : v) {
            p *= e;
        }
        return p;
    }

    private static double sumSquares(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return s;
    }

    private static double[] softmax(Case c) {
        Tensor x = c.input(0);
        int axis = x.shape().axis("oracle", c.i("axis"));
        int n = x.dim(axis), inner = x.shape().innerSize(axis);
        double[][] slices = Reference.slices(x, axis);
        double[] tol = new double[x.size()];
        for (int s = 0; s < slices.length; s++) {
            double[] v = slices[s];
            double m = max(v), sum = shiftedSum(v, m), logSum = Math.log(sum);
            for (int j = 0; j < n; j++) {
                int at = ((s / inner) * n + j) * inner + s % inner;
                double shifted = Math.abs(v[j] - m);
                tol[at] = c.check().equals("softmax")
                        ? U * (shifted + n + 8) * Math.exp(v[j] - m) / sum + 2 * Float.MIN_VALUE
                        : U * (2 * shifted + 2 * Math.abs(logSum) + n + 6);
            }
        }
        return tol;
    }

    /** {@code α·op(A)·op(B) + β·C} (matmul: α = 1, β = 0), each element a sum of k products and β·c. */
    private static double[] matmul(Case c) {
        boolean gemm = c.op().equals("gemm");
        Tensor a = gemm && c.flag("transA") ? c.input(0).transpose() : c.input(0);
        Tensor b = gemm && c.flag("transB") ? c.input(1).transpose() : c.input(1);
        double alpha = gemm ? c.f("alpha") : 1, beta = gemm ? c.f("beta") : 0;
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        double[] tol = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sumAbs = beta == 0 ? 0 : Math.abs(beta * c.input(2).get(i, j));
                for (int p = 0; p < k; p++) {
                    sumAbs += Math.abs(alpha * a.get(i, p) * b.get(p, j));
                }
                tol[i * n + j] = (k + 2) * U * sumAbs;
            }
        }
        return tol;
    }

    private static double dotBound(float[] a, float[] b) {
        double sumAbs = 0;
        for (int i = 0; i < a.length; i++) {
            sumAbs += Math.abs((double) a[i] * b[i]);
        }
        return (a.length + 1) * U * sumAbs;
    }

    private static double[] sumTo(Case c) {
        Tensor y = c.input(0);
        int[] target = c.ints("shape");
        double[] sumAbs = Reference.sumTo(y.abs(), target);
        int terms = sumAbs.length == 0 ? 0 : y.size() / sumAbs.length;
        for (int i = 0; i < sumAbs.length; i++) {
            sumAbs[i] *= (terms + 1) * U;
        }
        return sumAbs;
    }

    private static double[] fused(Case c) {
        float[] y = c.input(0).toArray(), x = c.input(1).toArray();
        double alpha = c.f("alpha"), beta = c.params().has("beta") ? c.f("beta") : 1;
        double[] tol = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            tol[i] = 2 * U * (Math.abs(alpha * x[i]) + Math.abs(beta * y[i]));
        }
        return tol;
    }

    /** The largest element, NaN if there is one (Math.max's rule), −∞ for none. */
    private static double max(double[] v) {
        return java.util.Arrays.stream(v).reduce(Double.NEGATIVE_INFINITY, Math::max);
    }

    private static double shiftedSum(double[] v, double m) {
        double s = 0;
        for (double e : v) {
            s += Math.exp(e - m);
        }
        return s;
    }
}
