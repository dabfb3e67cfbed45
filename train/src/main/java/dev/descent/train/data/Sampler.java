package dev.descent.train.data;

/**
 * The order in which a {@link DataLoader} visits the examples in each epoch — PyTorch's {@code sampler=} argument of
 * {@code DataLoader}, with the epoch passed in as {@code DistributedSampler.set_epoch} does, so that an epoch's order
 * never depends on the epochs before it (a resumed run sees the same batches).
 *
 * <p>Use it to feed batches in an order decided elsewhere: replaying another framework's run, curriculum orders, or
 * an order kept from an earlier experiment. The loader cuts the order into consecutive batches of its batch size.
 *
 * <pre>{@code
 * Sampler fixed = Sampler.of(new int[][] {orderOfEpoch0, orderOfEpoch1});
 * DataLoader loader = DataLoader.ordered(train, 16, fixed);
 * new Trainer(model, loss, optimizer).batchSize(16).sampler(fixed).fit(train, validation, 2);
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {
    /**
     * The order of epoch {@code epoch} (0-based) over a dataset of {@code size} examples: a permutation of
     * {@code 0 … size−1}. The loader checks that it is one before handing out a batch of the epoch.
     */
    int[] order(int epoch, int size);

    /**
     * Epoch {@code e} visits the examples in the order {@code orders[e]}; asking for an epoch past the last order is
     * an error. The orders are copied.
     */
    static Sampler of(int[]... orders) {
        int[][] copy = new int[orders.length][];
        for (int e = 0; e < orders.length; e++) {
            copy[e] = orders[e].clone();
        }
        return (epoch, size) -> {
            if (epoch >= copy.length) {
                throw new IllegalArgumentException("the sampler holds orders for " + copy.length
                        + " epochs; epoch " + epoch + " has none");
            }
            return copy[epoch].clone();
        };
    }
}
