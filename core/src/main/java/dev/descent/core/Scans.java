package dev.descent.core;

import java.util.Arrays;

/**
 * Inclusive scans along an axis: running sums and running products, {@code out[…, j, …] = x[…, 0, …] ∘ … ∘
 * x[…, j, …]}. The running value is kept in double and each output rounded to float once, as PyTorch's CPU kernel
 * does ({@code cpu_cum_base_kernel} accumulates in {@code acc_type<float>}, which is double), so the results are
 * PyTorch's bit for bit and the error of each does not grow with j (a float running sum of a million terms would
 * drift by thousands of ulps).
 */
final class Scans {
    private Scans() {
    }

    static Tensor scan(Tensor x, int axis, boolean product) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s);
        float[] src = x.array(), dst = out.array();
        double[] running = new double[inner];
        for (int o = 0; o < outer; o++) {
            Arrays.fill(running, product ? 1 : 0);
            for (int j = 0; j < n; j++) {
                int row = (o * n + j) * inner;
                for (int i = 0; i < inner; i++) {
                    double v = src[x.offset() + row + i];
                    running[i] = product ? running[i] * v : running[i] + v;
                    dst[row + i] = (float) running[i];
                }
            }
        }
        return out;
    }
}
