package io.fluxion.core.sample;

import io.fluxion.core.field.DivergenceField;
import io.fluxion.core.field.VelocityField;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The flow of positions together with their log-density: on the augmented state
 * [x (d values), ℓ] (dimension d + 1, row-major [n, d + 1]) its velocity is [v(x, t), −div v(x, t)],
 * because along the flow d/dt log p_t(x_t) = −div v(x_t, t) (Chen et al., arXiv 1806.07366). Starting a particle at
 * ℓ = log p_0(x_0) and integrating it with any solver, forward or backward and with per-particle
 * times, keeps ℓ = log p_t(x_t) along the way.
 *
 * <p>Wraps a field that gives its divergence (exact, or an estimate such as Hutchinson's for
 * {@link Likelihood}). Keeps scratch buffers sized for the largest batch seen (grown on demand);
 * one instance per thread.
 */
public final class DensityFlowField implements VelocityField {

    private final DivergenceField inner;
    private final int d;
    private float[] positions = new float[0];
    private float[] velocity = new float[0];
    private float[] divergence = new float[0];
    private float[] times = new float[0];

    public DensityFlowField(DivergenceField inner) {
        this.inner = inner;
        this.d = inner.dimension();
    }

    /** @return true when the field can carry log-densities (it has an exact divergence). */
    public static boolean supports(VelocityField field) {
        return field instanceof DivergenceField divergence && divergence.hasExactDivergence();
    }

    @Override
    public int dimension() {
        return d + 1;
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        ensureCapacity(n);
        Arrays.fill(times, 0, n, t);
        evaluate(x, n, times, out);
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * (d + 1), positions, i * d, d);
        }
        inner.evaluateWithDivergence(positions, n, t, velocity, divergence);
        for (int i = 0; i < n; i++) {
            System.arraycopy(velocity, i * d, out, i * (d + 1), d);
            out[i * (d + 1) + d] = -divergence[i];
        }
    }

    private void ensureCapacity(int n) {
        if (divergence.length < n) {
            positions = new float[n * d];
            velocity = new float[n * d];
            divergence = new float[n];
            times = new float[n];
        }
    }

    /**
     * Draws particle i of a state of {@code width} values per particle from the source N(0, I):
     * its d coordinates, and ℓ = log N(x; 0, I) after them when {@code width} is d + 1.
     */
    public static void drawSource(float[] state, int i, int width, int d, RandomGenerator random) {
        int row = i * width;
        for (int j = 0; j < d; j++) {
            state[row + j] = (float) random.nextGaussian();
        }
        if (width > d) {
            state[row + d] = standardNormalLogDensity(state, row, d);
        }
    }

    /** log N(x; 0, I) of a d-dimensional point stored at {@code x[offset .. offset + d)}. */
    public static float standardNormalLogDensity(float[] x, int offset, int d) {
        double squared = 0;
        for (int j = 0; j < d; j++) {
            squared += (double) x[offset + j] * x[offset + j];
        }
        return (float) (-0.5 * squared - 0.5 * d * Math.log(2 * Math.PI));
    }
}
