package io.fluxion.core.coupling;

import java.util.random.RandomGenerator;

/**
 * How a minibatch of source points x0 is paired with a minibatch of data points x1 for the
 * CFM loss (Tong et al., arXiv 2302.00482): after {@link #pair}, row i of x0 goes with row i of x1.
 *
 * <p>Arrays are row-major {@code [n, d]}. Instances keep scratch buffers between calls and
 * are not thread-safe: use one per trainer.
 */
public interface Coupling {

    /** @return a short name, e.g. {@code exact-ot}. */
    String name();

    /**
     * Reorders (or resamples) the rows of {@code x0} in place so that row i pairs with row i
     * of {@code x1}; x1 is not changed.
     */
    void pair(float[] x0, float[] x1, int n, int d, RandomGenerator random);

    /**
     * The largest minibatch this coupling pairs: a coupling that holds an n × n matrix has a
     * limit; {@link #pair} refuses larger ones.
     */
    default int maxBatch() {
        return Integer.MAX_VALUE;
    }

    /** @throws IllegalArgumentException when a minibatch of n rows is past {@link #maxBatch()} */
    default void checkBatch(int n) {
        if (n > maxBatch()) {
            throw new IllegalArgumentException(name() + ": a minibatch of " + n + " is more than the limit of " + maxBatch()
                    + " (the coupling holds a batch x batch matrix)");
        }
    }

    /** The largest minibatch of the couplings that hold an n × n matrix (128 MB of doubles). */
    int MAX_MATRIX_BATCH = 4096;
}
