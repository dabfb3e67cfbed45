package dev.descent.train.data;

import dev.descent.core.Rng;

/**
 * A dataset cut into training, validation and test parts, as scikit-learn's {@code train_test_split} applied twice.
 *
 * <p>The examples are put in the random order drawn from the seed; the first {@code round(test · N)} go to the test
 * part, the next {@code round(validation · N)} to validation and the rest to training. <em>Stratified</em>, the same
 * is done within each class ({@code round(test · N_c)} and {@code round(validation · N_c)} of class {@code c}), so
 * every part keeps the class proportions of the whole; each part still lists its examples in the random order, so
 * classes are interleaved. Every part is a contiguous copy, so a sequential loader over it hands out views.
 *
 * <p>A fraction of 0 gives an empty part ({@link Dataset#size()} 0).
 *
 * @param train      the examples to fit on
 * @param validation the examples to watch during training (model selection, early stopping)
 * @param test       the examples to report on at the end
 */
public record DatasetSplit(Dataset train, Dataset validation, Dataset test) {

    /** Training and test parts only (validation empty). */
    public static DatasetSplit trainTest(Dataset data, double testFraction, long seed, boolean stratified) {
        return of(data, 0, testFraction, seed, stratified);
    }

    /**
     * Training, validation and test parts.
     *
     * @throws IllegalArgumentException if a fraction is outside [0, 1), they leave no training example, or
     *                                  {@code stratified} is asked of a regression dataset
     */
    public static DatasetSplit of(Dataset data, double validationFraction, double testFraction, long seed,
                                  boolean stratified) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (stratified && !data.isClassification()) {
            throw new IllegalArgumentException("a stratified split needs class labels; " + data + " is a regression set");
        }
        int n = data.size();
        int[] order = new Rng(seed).permutation(n);
        // part[i] is 0 (train), 1 (validation) or 2 (test) for the example at order[i].
        byte[] part = new byte[n];
        if (stratified) {
            int[] labels = data.labels();
            int[] classSize = data.classCounts();
            int[] seen = new int[classSize.length];
            for (int i = 0; i < n; i++) {
                int c = labels[order[i]];
                part[i] = partOf(seen[c]++, classSize[c], validationFraction, testFraction);
            }
        } else {
            for (int i = 0; i < n; i++) {
                part[i] = partOf(i, n, validationFraction, testFraction);
            }
        }
        int[] counts = new int[3];
        for (byte p : part) {
            counts[p]++;
        }
        if (counts[0] == 0) {
            throw new IllegalArgumentException("validation " + validationFraction + " and test " + testFraction
                    + " of " + n + " examples leave none to train on");
        }
        int[][] indices = {new int[counts[0]], new int[counts[1]], new int[counts[2]]};
        int[] filled = new int[3];
        for (int i = 0; i < n; i++) {
            indices[part[i]][filled[part[i]]++] = order[i];
        }
        return new DatasetSplit(data.subset(indices[0]), data.subset(indices[1]), data.subset(indices[2]));
    }

    /** Which part the {@code rank}-th example (in random order) of a group of {@code size} goes to. */
    private static byte partOf(int rank, int size, double validationFraction, double testFraction) {
        long test = Math.round(testFraction * size);
        long validation = Math.round(validationFraction * size);
        return rank < test ? (byte) 2 : rank < test + validation ? (byte) 1 : (byte) 0;
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " fraction must be in [0, 1), got " + f);
        }
    }
}
