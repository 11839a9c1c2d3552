package io.fluxion.core.data;

import java.util.random.RandomGenerator;

/**
 * Picks an index 0..K−1 with probability proportional to given weights (a class of a labelled
 * set, a class of an emitter's particles). Immutable and thread-safe.
 */
public final class WeightedChoice {

    private final double[] cumulative;

    /**
     * @param weights K ≥ 1 weights, each finite and > 0
     * @throws IllegalArgumentException otherwise, naming the first bad weight
     */
    public WeightedChoice(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("WeightedChoice: no weights");
        }
        cumulative = new double[weights.length];
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] > 0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("WeightedChoice: weight " + k + " must be finite and > 0, got " + weights[k]);
            }
            sum += weights[k];
            cumulative[k] = sum;
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= sum;
        }
    }

    /** @return K */
    public int size() {
        return cumulative.length;
    }

    /** An index drawn by weight. */
    public int pick(RandomGenerator random) {
        double u = random.nextDouble();
        for (int k = 0; k < cumulative.length - 1; k++) {
            if (u < cumulative[k]) {
                return k;
            }
        }
        return cumulative.length - 1;
    }
}
