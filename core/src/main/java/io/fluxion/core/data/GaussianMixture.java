package io.fluxion.core.data;

import io.fluxion.core.path.Schedule;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A mixture of K Gaussians in d dimensions with diagonal covariances (isotropic as a special
 * case): weights π [K] (normalised on construction), means μ [K, d] and standard deviations
 * s [K, d], all &gt; 0. Immutable; the arrays are copied in.
 *
 * <p>It is both a {@link PointSource} and an analytic density ({@link #logDensity}), and
 * {@link io.fluxion.core.field.GaussianMixtureField} gives the exact marginal velocity of
 * flow matching towards it.
 */
public final class GaussianMixture implements PointSource {

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final int components;
    private final int dimension;
    private final double[] weights;
    private final double[] means;
    private final double[] stds;
    private final String name;

    private GaussianMixture(String name, double[] weights, double[] means, double[] stds, int dimension) {
        this.name = name;
        this.components = weights.length;
        this.dimension = dimension;
        if (components == 0) {
            throw new IllegalArgumentException("GaussianMixture: needs at least one component");
        }
        if (means.length != components * dimension || stds.length != components * dimension) {
            throw new IllegalArgumentException("GaussianMixture: means and stds must be [" + components + ", "
                    + dimension + "], got lengths " + means.length + " and " + stds.length);
        }
        double total = 0;
        for (int k = 0; k < components; k++) {
            if (!(weights[k] >= 0 && Double.isFinite(weights[k]))) {
                throw new IllegalArgumentException("GaussianMixture: weight " + k + " is " + weights[k]);
            }
            total += weights[k];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("GaussianMixture: weights sum to " + total);
        }
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i])) {
                throw new IllegalArgumentException("GaussianMixture: mean entry " + i + " is " + means[i]);
            }
            if (!(stds[i] > 0 && Double.isFinite(stds[i]))) {
                throw new IllegalArgumentException("GaussianMixture: standard deviation entry " + i + " is " + stds[i]
                        + " (must be > 0)");
            }
        }
        this.weights = new double[components];
        for (int k = 0; k < components; k++) {
            this.weights[k] = weights[k] / total;
        }
        this.means = means.clone();
        this.stds = stds.clone();
    }

    /** Isotropic components: one standard deviation per component, {@code stds [K]}. */
    public static GaussianMixture isotropic(String name, double[] weights, double[][] means, double[] stds) {
        int d = means[0].length;
        double[] flatMeans = new double[means.length * d];
        double[] flatStds = new double[means.length * d];
        for (int k = 0; k < means.length; k++) {
            if (means[k].length != d) {
                throw new IllegalArgumentException("GaussianMixture: mean " + k + " has dimension " + means[k].length
                        + ", expected " + d);
            }
            System.arraycopy(means[k], 0, flatMeans, k * d, d);
            Arrays.fill(flatStds, k * d, (k + 1) * d, stds[k]);
        }
        return new GaussianMixture(name, weights, flatMeans, flatStds, d);
    }

    /** Diagonal components: {@code means [K][d]}, {@code stds [K][d]}. */
    public static GaussianMixture diagonal(String name, double[] weights, double[][] means, double[][] stds) {
        int d = means[0].length;
        double[] flatMeans = new double[means.length * d];
        double[] flatStds = new double[means.length * d];
        for (int k = 0; k < means.length; k++) {
            if (means[k].length != d || stds[k].length != d) {
                throw new IllegalArgumentException("GaussianMixture: component " + k + " does not have dimension " + d);
            }
            System.arraycopy(means[k], 0, flatMeans, k * d, d);
            System.arraycopy(stds[k], 0, flatStds, k * d, d);
        }
        return new GaussianMixture(name, weights, flatMeans, flatStds, d);
    }

    public int components() {
        return components;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the normalised weight π_k. */
    public double weight(int k) {
        return weights[k];
    }

    /** @return μ_kj. */
    public double mean(int k, int j) {
        return means[k * dimension + j];
    }

    /** @return s_kj, the standard deviation of component k along axis j. */
    public double std(int k, int j) {
        return stds[k * dimension + j];
    }

    /**
     * The marginal p_t of flow matching from N(0, I) towards this mixture along an affine path
     * x_t = α_t·x1 + σ_t·x0: the mixture of N(α_t·μ_k, diag(α_t²·s_k² + σ_t²)) with the same weights.
     */
    public GaussianMixture alongPath(Schedule schedule, double t) {
        double alpha = schedule.alpha(t);
        double sigma = schedule.sigma(t);
        double[] pathMeans = new double[means.length];
        double[] pathStds = new double[stds.length];
        for (int k = 0; k < means.length; k++) {
            pathMeans[k] = alpha * means[k];
            pathStds[k] = Math.sqrt(alpha * alpha * stds[k] * stds[k] + sigma * sigma);
        }
        return new GaussianMixture(name + "@t=" + t, weights, pathMeans, pathStds, dimension);
    }

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            int k = pickComponent(random.nextDouble());
            int base = k * dimension;
            for (int j = 0; j < dimension; j++) {
                out[i * dimension + j] = (float) (means[base + j] + stds[base + j] * random.nextGaussian());
            }
        }
    }

    private int pickComponent(double u) {
        double cumulative = 0;
        for (int k = 0; k < components - 1; k++) {
            cumulative += weights[k];
            if (u < cumulative) {
                return k;
            }
        }
        return components - 1;
    }

    /**
     * The exact log-density log p(x) of the mixture at each row of {@code x [n, d]}, into
     * {@code out [n]}. Thread-safe; allocates a K-sized scratch array per call.
     */
    public void logDensity(float[] x, int n, double[] out) {
        double[] logTerms = new double[components];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < components; k++) {
                double log = Math.log(weights[k]);
                int base = k * dimension;
                for (int j = 0; j < dimension; j++) {
                    double s = stds[base + j];
                    double z = (x[i * dimension + j] - means[base + j]) / s;
                    log -= 0.5 * z * z + Math.log(s) + 0.5 * LOG_TWO_PI;
                }
                logTerms[k] = log;
                max = Math.max(max, log);
            }
            double sum = 0;
            for (int k = 0; k < components; k++) {
                sum += Math.exp(logTerms[k] - max);
            }
            out[i] = max + Math.log(sum);
        }
    }

    @Override
    public String toString() {
        return "GaussianMixture[" + name + ", K=" + components + ", d=" + dimension + "]";
    }
}
