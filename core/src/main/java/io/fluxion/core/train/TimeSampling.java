package io.fluxion.core.train;

import java.util.random.RandomGenerator;

/** How training draws t in (0, 1) (uniform, or logit-normal as in Esser et al., "Scaling Rectified Flow Transformers for
 * High-Resolution Image Synthesis", arXiv 2403.03206). Implementations are immutable. */
public interface TimeSampling {

    /** @return one time in [0, 1]. */
    double sample(RandomGenerator random);

    /** @return a description for model metadata. */
    String describe();

    /** t ~ U(0, 1). */
    static TimeSampling uniform() {
        return new TimeSampling() {
            @Override public double sample(RandomGenerator random) { return random.nextDouble(); }
            @Override public String describe() { return "uniform"; }
            @Override public String toString() { return describe(); }
        };
    }

    /** t = sigmoid(m + s·z), z ~ N(0, 1): concentrates training on the middle of the path. */
    static TimeSampling logitNormal(double mean, double std) {
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("logit-normal time sampling: need finite mean and std > 0, got "
                    + mean + ", " + std);
        }
        return new TimeSampling() {
            @Override public double sample(RandomGenerator random) {
                return 1 / (1 + Math.exp(-(mean + std * random.nextGaussian())));
            }
            @Override public String describe() { return "logit-normal(mean=" + mean + ",std=" + std + ")"; }
            @Override public String toString() { return describe(); }
        };
    }
}
