package dev.descent.nn;

/**
 * The orthonormal factor of a QR decomposition, for {@link Init#orthogonal}: Gram–Schmidt in double precision, each
 * vector orthogonalized twice against the ones before it ("twice is enough": Giraud, Langou &amp; Rozložník, 2005), so
 * the result is orthonormal to rounding error even when the input's columns are nearly dependent.
 */
final class Orthonormal {
    private Orthonormal() {
    }

    /**
     * For a row-major {@code a [rows, cols]}: the matrix {@code Q} of the same shape whose columns (if
     * {@code rows ≥ cols}) or rows (otherwise) are {@code a}'s orthonormalized in order. That is the {@code Q} of
     * {@code a = QR} (or {@code aᵀ = QR}) with {@code R}'s diagonal positive — {@code torch.linalg.qr}'s {@code Q}
     * times the signs of its {@code R}'s diagonal, which is what PyTorch's {@code orthogonal_} takes.
     */
    static double[] semiOrthogonal(double[] a, int rows, int cols) {
        boolean byColumn = rows >= cols;
        int count = byColumn ? cols : rows, length = byColumn ? rows : cols;
        double[][] v = new double[count][length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < length; i++) {
                v[k][i] = a[byColumn ? i * cols + k : k * cols + i];
            }
        }
        for (int k = 0; k < count; k++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double r = dot(v[j], v[k]);
                    for (int i = 0; i < length; i++) {
                        v[k][i] -= r * v[j][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v[k], v[k]));
            for (int i = 0; i < length; i++) {
                v[k][i] /= norm;
            }
        }
        double[] q = new double[a.length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < length; i++) {
                q[byColumn ? i * cols + k : k * cols + i] = v[k][i];
            }
        }
        return q;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
