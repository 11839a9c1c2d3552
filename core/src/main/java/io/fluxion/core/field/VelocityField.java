package io.fluxion.core.field;

/**
 * A time-dependent velocity field v(x, t) on R^d, t in [0, 1] (t = 0 source, t = 1 data).
 *
 * <p>Arrays are row-major: positions {@code x [n, d]} and the output {@code out [n, d]}
 * (element (i, j) at {@code i * d + j}), per-particle times {@code t [n]}. The caller owns
 * all arrays; {@code out} must not alias {@code x}. Arrays may be longer than needed; only
 * the first n rows are read or written.
 *
 * <p>Evaluation does not allocate once warmed up (per-thread scratch is kept and reused).
 * Whether several threads may evaluate one instance at once is stated by each
 * implementation; the ones in this library allow it.
 *
 * <p>A field may hold memory outside the Java heap (a network's weights): {@link #close()} frees
 * it at once instead of when the GC finds it, after which the field must not be evaluated. The
 * owner closes it: the model store for the models it loads, the application for its own.
 */
public interface VelocityField extends AutoCloseable {

    /** @return the dimension d of the positions. */
    int dimension();

    /** Evaluates v(x_i, t) for all n rows at one shared time t. */
    void evaluate(float[] x, int n, float t, float[] out);

    /** Evaluates v(x_i, t_i) for all n rows, each at its own time {@code t[i]}. */
    void evaluate(float[] x, int n, float[] t, float[] out);

    /**
     * @return the bytes this field holds (weights, grids, tables), for caches that weigh models;
     *         0 by default, for a field that holds next to nothing
     */
    default long sizeInBytes() {
        return 0;
    }

    /** Frees what the field holds outside the heap; idempotent. Does nothing by default. */
    @Override
    default void close() {
    }
}
