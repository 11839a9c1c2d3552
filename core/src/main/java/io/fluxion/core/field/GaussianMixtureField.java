package io.fluxion.core.field;

import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.path.Schedule;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact marginal velocity of flow matching from N(0, I) to a {@link GaussianMixture}
 * along the affine path x_t = α_t·x1 + σ_t·x0 of a {@link Schedule}, and its exact divergence.
 *
 * <p>Given component k, (x1, x_t) are jointly Gaussian, so per axis j with
 * var_kj = α²s_kj² + σ² and c_kj = (α̇α·s_kj² + σσ̇)/var_kj:
 * E[u | x_t = x, k] = α̇·μ_kj + c_kj·(x_j − α·μ_kj). The marginal velocity is the posterior
 * average v(x) = Σ_k w_k(x)·v_k(x), with w_k(x) ∝ π_k·N(x; α·μ_k, diag(var_k)), and
 * div v = Σ_k w_k·(Σ_j c_kj + g_k·v_k) − ḡ·v, where g_k = −(x − α·μ_k)/var_k and ḡ = Σ_k w_k·g_k.
 *
 * <p>Computed in double precision per particle. Thread-safe: scratch is per thread.
 * It is the ground truth for tests of solvers, likelihoods, streams and trained networks,
 * and an instant analytic model that needs no training.
 */
public final class GaussianMixtureField implements DivergenceField {

    private final GaussianMixture mixture;
    private final Schedule schedule;
    private final int components;
    private final int dimension;
    private final double[] logWeights;
    private final ThreadLocal<Scratch> scratch;

    public GaussianMixtureField(GaussianMixture mixture, Schedule schedule) {
        this.mixture = Objects.requireNonNull(mixture, "mixture");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.components = mixture.components();
        this.dimension = mixture.dimension();
        this.logWeights = new double[components];
        for (int k = 0; k < components; k++) {
            logWeights[k] = Math.log(mixture.weight(k));
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(components, dimension));
    }

    public GaussianMixture mixture() {
        return mixture;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** @return the mixture's parameters: weights, means and standard deviations, 8 bytes each */
    @Override
    public long sizeInBytes() {
        return 8L * components * (1 + 2L * dimension);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        Scratch s = scratch.get();
        s.setTime(schedule, t);
        for (int i = 0; i < n; i++) {
            evaluateRow(x, i, s, out, null);
        }
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        Scratch s = scratch.get();
        for (int i = 0; i < n; i++) {
            s.setTime(schedule, t[i]);
            evaluateRow(x, i, s, out, null);
        }
    }

    @Override
    public void evaluateWithDivergence(float[] x, int n, float[] t, float[] out, float[] divergence) {
        Scratch s = scratch.get();
        for (int i = 0; i < n; i++) {
            s.setTime(schedule, t[i]);
            evaluateRow(x, i, s, out, divergence);
        }
    }

    private void evaluateRow(float[] x, int i, Scratch s, float[] out, float[] divergence) {
        int row = i * dimension;
        double alpha = s.alpha;
        double sigmaSquared = s.sigma * s.sigma;
        double max = Double.NEGATIVE_INFINITY;
        // posterior log-weights log π_k + log N(x; α μ_k, var_k), up to a shared constant
        for (int k = 0; k < components; k++) {
            double log = logWeights[k];
            for (int j = 0; j < dimension; j++) {
                double std = mixture.std(k, j);
                double variance = alpha * alpha * std * std + sigmaSquared;
                double residual = x[row + j] - alpha * mixture.mean(k, j);
                log -= 0.5 * (residual * residual / variance + Math.log(variance));
            }
            s.logPosterior[k] = log;
            max = Math.max(max, log);
        }
        double total = 0;
        for (int k = 0; k < components; k++) {
            double w = Math.exp(s.logPosterior[k] - max);
            s.logPosterior[k] = w;
            total += w;
        }
        Arrays.fill(s.velocity, 0);
        Arrays.fill(s.meanScore, 0);
        double weightedTerms = 0;
        for (int k = 0; k < components; k++) {
            double w = s.logPosterior[k] / total;
            double traceAndScoreDotVelocity = 0;
            for (int j = 0; j < dimension; j++) {
                double std = mixture.std(k, j);
                double mean = mixture.mean(k, j);
                double variance = alpha * alpha * std * std + sigmaSquared;
                double gain = (s.alphaDerivative * alpha * std * std + s.sigmaSigmaDerivative) / variance;
                double residual = x[row + j] - alpha * mean;
                double componentVelocity = s.alphaDerivative * mean + gain * residual;
                double score = -residual / variance;
                s.velocity[j] += w * componentVelocity;
                s.meanScore[j] += w * score;
                traceAndScoreDotVelocity += gain + score * componentVelocity;
            }
            weightedTerms += w * traceAndScoreDotVelocity;
        }
        double meanScoreDotVelocity = 0;
        for (int j = 0; j < dimension; j++) {
            out[row + j] = (float) s.velocity[j];
            meanScoreDotVelocity += s.meanScore[j] * s.velocity[j];
        }
        if (divergence != null) {
            divergence[i] = (float) (weightedTerms - meanScoreDotVelocity);
        }
    }

    /** Per-thread scratch: posterior weights [K], velocity and mean score [d], schedule values at t. */
    private static final class Scratch {
        final double[] logPosterior;
        final double[] velocity;
        final double[] meanScore;
        double alpha;
        double sigma;
        double alphaDerivative;
        double sigmaSigmaDerivative;

        Scratch(int components, int dimension) {
            logPosterior = new double[components];
            velocity = new double[dimension];
            meanScore = new double[dimension];
        }

        void setTime(Schedule schedule, double t) {
            alpha = schedule.alpha(t);
            sigma = schedule.sigma(t);
            alphaDerivative = schedule.alphaDerivative(t);
            sigmaSigmaDerivative = schedule.sigmaTimesSigmaDerivative(t);
        }
    }

    @Override
    public String toString() {
        return "GaussianMixtureField[" + mixture + ", " + schedule.describe() + "]";
    }
}
