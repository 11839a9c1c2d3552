package io.fluxion.core.path;

/**
 * A conditional probability path between the source (t = 0) and the data (t = 1): how a
 * training pair (x0, x1) at time t gives the point x_t and the conditional target velocity u_t.
 *
 * <p>Arrays are row-major float arrays: a batch of n points in d dimensions is
 * {@code [n, d]}, element (i, j) at {@code i * d + j}; times are {@code [n]}, one per row.
 * Implementations are immutable and thread-safe; the caller owns every array.
 */
public interface ProbabilityPath {

    /** @return the schedule α_t, σ_t of this path. */
    Schedule schedule();

    /**
     * Writes x_t and u_t for each row: x_t = α_t·x1 + σ_t·x0, u_t = α̇_t·x1 + σ̇_t·x0.
     *
     * @param x0 source points [n, d]
     * @param x1 data points [n, d]
     * @param t  times [n]
     * @param n  number of rows
     * @param d  dimension
     * @param xt output [n, d]
     * @param ut output [n, d]
     */
    void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut);

    /** Allocating convenience form of {@link #sample(float[], float[], float[], int, int, float[], float[])}. */
    default PathSample sample(float[] x0, float[] x1, float[] t, int n, int d) {
        float[] xt = new float[n * d];
        float[] ut = new float[n * d];
        sample(x0, x1, t, n, d, xt, ut);
        return new PathSample(xt, ut);
    }
}
