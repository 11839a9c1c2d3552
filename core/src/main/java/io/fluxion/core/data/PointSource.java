package io.fluxion.core.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A distribution of points that can be sampled reproducibly: the data side (t = 1) of flow
 * matching. Points are row-major {@code [n, d]} float arrays owned by the caller.
 *
 * <p>Sampling draws every random number from the given generator, so the same seed gives
 * the same points. Implementations are immutable and thread-safe when each thread uses its
 * own generator.
 */
public interface PointSource {

    /** @return the dimension d of every point. */
    int dimension();

    /** @return a short name, e.g. {@code checkerboard} or {@code file:points.csv}. */
    String name();

    /**
     * Draws n points into {@code out[0 .. n*d)}.
     *
     * @param out    destination [n, d], at least n·d long
     * @param n      number of points, ≥ 0
     * @param random the only source of randomness
     */
    void sample(float[] out, int n, RandomGenerator random);

    /** @return true if points carry their own colour (image and text sources). */
    default boolean hasColours() {
        return false;
    }

    /**
     * Draws n points and, when {@code colours} is not null, their RGB colours in [0, 1]
     * into {@code colours [n, 3]}; sources without colours write white.
     */
    default void sample(float[] positions, float[] colours, int n, RandomGenerator random) {
        sample(positions, n, random);
        if (colours != null) {
            Arrays.fill(colours, 0, 3 * n, 1f);
        }
    }

    /** Allocating convenience: n points [n, d] drawn with a generator seeded by {@code seed}. */
    default float[] sample(int n, long seed) {
        float[] out = new float[n * dimension()];
        sample(out, n, new SplittableRandom(seed));
        return out;
    }
}
