package dev.descent.bench.gemm;

/**
 * One matrix product to benchmark, {@code op(A)[m×k] · op(B)[k×n]}, written {@code MxKxN} with an optional
 * {@code :XY} naming the transposes of A and B ({@code N} = as stored, {@code T} = transposed), e.g.
 * {@code 128x784x256:NT} for a dense layer's forward product {@code X·Wᵀ}. A bare number {@code n} is the square
 * {@code n×n×n:NN}. The same notation is accepted by {@code bench/peers/blas_gflops.py}.
 */
public record GemmShape(int m, int k, int n, boolean transA, boolean transB) {

    /** Parses {@code n}, {@code MxKxN} or {@code MxKxN:XY}. */
    public static GemmShape parse(String text) {
        String[] parts = text.trim().split(":");
        String[] dims = parts[0].split("x");
        if (parts.length > 2 || (dims.length != 1 && dims.length != 3)
                || (parts.length == 2 && !parts[1].matches("[NT]{2}"))) {
            throw new IllegalArgumentException("gemm shape '" + text + "' should be n, MxKxN or MxKxN:XY with X, Y "
                    + "in {N, T}");
        }
        int m = Integer.parseInt(dims[0]);
        int k = dims.length == 3 ? Integer.parseInt(dims[1]) : m;
        int n = dims.length == 3 ? Integer.parseInt(dims[2]) : m;
        String trans = parts.length == 2 ? parts[1] : "NN";
        return new GemmShape(m, k, n, trans.charAt(0) == 'T', trans.charAt(1) == 'T');
    }

    /** Floating-point operations of one product: a multiply and an add per term. */
    public double flops() {
        return 2.0 * m * k * n;
    }

    /** Rows of A as stored. */
    public int aRows() {
        return transA ? k : m;
    }

    /** Columns of A as stored. */
    public int aCols() {
        return transA ? m : k;
    }

    /** Rows of B as stored. */
    public int bRows() {
        return transB ? n : k;
    }

    /** Columns of B as stored. */
    public int bCols() {
        return transB ? k : n;
    }
}
