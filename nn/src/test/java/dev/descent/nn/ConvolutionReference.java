package dev.descent.nn;

import dev.descent.core.Tensor;

/**
 * The readable twin of {@link Convolution}: the definition of a grouped, strided, padded, dilated cross-correlation
 * and of its three gradients as plain nested loops, summed in double, with no im2col and no matrix product.
 */
final class ConvolutionReference {
    final Tensor y;
    final Tensor dx;
    final Tensor dw;
    final Tensor db;

    /** {@code y = conv2d(x, w, b)} and, for the upstream gradient {@code g} of y, ∂L/∂x, ∂L/∂w and ∂L/∂b. */
    ConvolutionReference(Tensor x, Tensor w, Tensor b, Window2d win, int groups, Tensor g) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = w.dim(0), cg = w.dim(1), og = o / groups;
        int oh = win.outHeight(h), ow = win.outWidth(wd);
        double[] yv = new double[n * o * oh * ow];
        double[] dxv = new double[x.size()];
        double[] dwv = new double[w.size()];
        double[] dbv = new double[o];
        for (int e = 0; e < n; e++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / og;
                for (int a = 0; a < oh; a++) {
                    for (int bb = 0; bb < ow; bb++) {
                        int out = ((e * o + oc) * oh + a) * ow + bb;
                        double up = g.getFlat(out);
                        double sum = b != null ? b.getFlat(oc) : 0;
                        dbv[oc] += up;
                        for (int ic = 0; ic < cg; ic++) {
                            int ch = group * cg + ic;
                            for (int i = 0; i < win.kh(); i++) {
                                for (int j = 0; j < win.kw(); j++) {
                                    int iy = a * win.sh() - win.ph() + i * win.dh();
                                    int ix = bb * win.sw() - win.pw() + j * win.dw();
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue; // zero padding
                                    }
                                    int xi = ((e * c + ch) * h + iy) * wd + ix;
                                    int wi = ((oc * cg + ic) * win.kh() + i) * win.kw() + j;
                                    sum += (double) w.getFlat(wi) * x.getFlat(xi);
                                    dxv[xi] += up * w.getFlat(wi);
                                    dwv[wi] += up * x.getFlat(xi);
                                }
                            }
                        }
                        yv[out] = sum;
                    }
                }
            }
        }
        this.y = tensor(yv, n, o, oh, ow);
        this.dx = tensor(dxv, x.shape().dims());
        this.dw = tensor(dwv, w.shape().dims());
        this.db = tensor(dbv, o);
    }

    private static Tensor tensor(double[] v, int... dims) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, dims);
    }
}
