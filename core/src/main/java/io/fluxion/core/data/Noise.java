package io.fluxion.core.data;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Draws of the flow's source distribution N(0, I), as flat float arrays [n, d]. Stateless. */
public final class Noise {

    private Noise() {
    }

    /** {@code count} draws of N(0, 1) from a {@link SplittableRandom} seeded with {@code seed} (the same on every run). */
    public static float[] standardNormal(int count, long seed) {
        float[] values = new float[count];
        fill(values, count, new SplittableRandom(seed));
        return values;
    }

    /** Overwrites {@code values[0, count)} with draws of N(0, 1) from {@code random}. */
    public static void fill(float[] values, int count, RandomGenerator random) {
        for (int k = 0; k < count; k++) {
            values[k] = (float) random.nextGaussian();
        }
    }
}
