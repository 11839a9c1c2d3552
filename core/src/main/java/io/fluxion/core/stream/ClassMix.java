package io.fluxion.core.stream;

import io.fluxion.core.data.WeightedChoice;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The classes an emitter's particles are born with, for a conditional model: each new particle
 * draws one of {@code labels} in proportion to {@code weights}, keeps it for its life, and flows
 * along that class's field with classifier-free guidance {@code guidance}, all particles in one
 * batched evaluation. So one emitter can hold several shapes at once. Immutable.
 */
public final class ClassMix {

    private final int[] labels;
    private final WeightedChoice choice;
    private final double guidance;

    /**
     * @param labels   classes of the model (checked against it when the emitter takes the model)
     * @param weights  shares, one per label, each > 0
     * @param guidance classifier-free guidance scale, finite (1: each class's own field)
     */
    public ClassMix(int[] labels, double[] weights, double guidance) {
        if (labels.length == 0 || labels.length != weights.length || !Double.isFinite(guidance)) {
            throw new IllegalArgumentException("ClassMix: need one weight per label (at least one) and a finite guidance");
        }
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("ClassMix: labels must be >= 0, got " + label);
            }
        }
        this.labels = labels.clone();
        this.choice = new WeightedChoice(weights);
        this.guidance = guidance;
    }

    /** Every particle of one class. */
    public static ClassMix of(int label, double guidance) {
        return new ClassMix(new int[] {label}, new double[] {1}, guidance);
    }

    public double guidance() {
        return guidance;
    }

    /** @return the largest label, for checking against a model's class count */
    int largestLabel() {
        return Arrays.stream(labels).max().orElse(0);
    }

    /** A class for a new particle. */
    int draw(RandomGenerator random) {
        return labels[choice.pick(random)];
    }
}
