package dev.descent.train.data;

import dev.descent.core.Rng;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Hands out a dataset in minibatches, as PyTorch's {@code DataLoader}: a batch size, optional shuffling (or an
 * order given by a {@link Sampler}) and an option to drop the last, smaller batch.
 *
 * <p>Without shuffling, every batch is a view of consecutive rows ({@link dev.descent.core.Tensor#rows}) — nothing
 * is copied. With shuffling, each batch is one gather of its rows ({@link dev.descent.core.Tensor#gatherRows}). The
 * order of epoch {@code e} is the permutation drawn from a generator seeded by {@code (seed, e)} alone, so
 * {@link #epoch(int) epoch(e)} gives the same batches however many epochs came before: resuming at epoch {@code e}
 * needs nothing but {@code e}.
 *
 * <p>A loader is immutable apart from the epoch counter that {@link #iterator()} advances, which lets a loop be
 * written PyTorch's way: {@code for (Batch b : loader)} inside an epoch loop reshuffles on every pass.
 */
public final class DataLoader implements Iterable<Batch> {
    private static final long EPOCH_GAMMA = 0x9e3779b97f4a7c15L;

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Sampler sampler;
    private final boolean dropLast;
    private int nextEpoch;

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, Sampler sampler,
                       boolean dropLast) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("cannot load batches from an empty dataset");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.sampler = sampler;
        this.dropLast = dropLast;
    }

    /** Batches of consecutive examples in the dataset's order, every epoch the same. */
    public static DataLoader sequential(Dataset dataset, int batchSize) {
        return new DataLoader(dataset, batchSize, false, 0, null, false);
    }

    /** Batches of a fresh random order each epoch, drawn from {@code seed}. */
    public static DataLoader shuffled(Dataset dataset, int batchSize, long seed) {
        return new DataLoader(dataset, batchSize, true, seed, null, false);
    }

    /**
     * Batches in the order {@code sampler} gives each epoch (PyTorch's {@code DataLoader(dataset, batch_size,
     * sampler=…)}): consecutive runs of {@code batchSize} examples of it, each gathered into one batch.
     */
    public static DataLoader ordered(Dataset dataset, int batchSize, Sampler sampler) {
        return new DataLoader(dataset, batchSize, false, 0, Objects.requireNonNull(sampler, "sampler"), false);
    }

    /**
     * This loader, but dropping the last batch of an epoch when it is smaller than the batch size (as PyTorch's
     * {@code drop_last=True}); useful with batch normalization, which cannot train on a batch of one.
     */
    public DataLoader dropLast(boolean drop) {
        DataLoader d = new DataLoader(dataset, batchSize, shuffle, seed, sampler, drop);
        if (d.batchCount() == 0) {
            throw new IllegalArgumentException("dropping the last batch leaves no batch: " + dataset.size()
                    + " examples < batch size " + batchSize);
        }
        return d;
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean isShuffled() {
        return shuffle;
    }

    public boolean dropsLast() {
        return dropLast;
    }

    /** The number of batches per epoch. */
    public int batchCount() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The number of examples an epoch hands out (fewer than the dataset's when the last batch is dropped). */
    public int examplesPerEpoch() {
        return dropLast ? batchCount() * batchSize : dataset.size();
    }

    /**
     * The example order of epoch {@code epoch} (0-based): the identity without shuffling, else a permutation that
     * depends only on the seed and the epoch, or the sampler's order.
     *
     * @throws IllegalArgumentException if a sampler's order is not a permutation of the examples (naming the epoch
     *                                  and the first index out of range or repeated)
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be ≥ 0, got " + epoch);
        }
        int n = dataset.size();
        if (sampler != null) {
            return checkedOrder(epoch, n);
        }
        if (!shuffle) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return new Rng(seed ^ (EPOCH_GAMMA * (epoch + 1L))).permutation(n);
    }

    private int[] checkedOrder(int epoch, int n) {
        int[] order = sampler.order(epoch, n);
        if (order == null || order.length != n) {
            throw new IllegalArgumentException("the sampler's order for epoch " + epoch + " has "
                    + (order == null ? "no" : Integer.toString(order.length)) + " indices, but the dataset has " + n
                    + " examples");
        }
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (k < 0 || k >= n || seen[k]) {
                throw new IllegalArgumentException("the sampler's order for epoch " + epoch + " is not a permutation"
                        + " of 0 … " + (n - 1) + ": position " + i + " holds " + k
                        + (k >= 0 && k < n ? ", already visited" : ", out of range"));
            }
            seen[k] = true;
        }
        return order;
    }

    /** The batches of epoch {@code epoch} (0-based), without touching the loader's epoch counter. */
    public Iterable<Batch> epoch(int epoch) {
        int[] order = shuffle || sampler != null ? order(epoch) : null;
        return () -> new Batches(order);
    }

    /** The batches of the next epoch of the loader's counter (0 first), advancing it. */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(nextEpoch++).iterator();
    }

    /** Sets the epoch the next {@link #iterator()} hands out, for example when resuming. */
    public void setNextEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be ≥ 0, got " + epoch);
        }
        nextEpoch = epoch;
    }

    private final class Batches implements Iterator<Batch> {
        private final int[] order;
        private final int count = batchCount();
        private int next;

        Batches(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch has only " + count + " batches");
            }
            int from = next++ * batchSize;
            int to = Math.min(from + batchSize, dataset.size());
            if (order == null) {
                return new Batch(dataset.features().rows(from, to), dataset.targets().rows(from, to));
            }
            int[] indices = Arrays.copyOfRange(order, from, to);
            return new Batch(dataset.features().gatherRows(indices), dataset.targets().gatherRows(indices));
        }
    }
}
