package io.fluxion.core.sample;

import io.fluxion.core.field.DivergenceField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Log-densities of a flow: log p_1(x) = log p_0(x_0) − ∫₀¹ div v(x_t, t) dt, with x_t the
 * solution of the ODE run backward from x at t = 1 to x_0 at t = 0 (the instantaneous change of
 * variables of Chen et al., "Neural Ordinary Differential Equations", arXiv 1806.07366;
 * Hutchinson's estimator as in Grathwohl et al., "FFJORD", arXiv 1810.01367). The state is
 * augmented by a {@link DensityFlowField} with ℓ, ℓ(1) = 0 and dℓ/dt = −div v, so
 * ℓ(0) = ∫₀¹ div v dt and log p_1(x) = log p_0(x_0) − ℓ(0).
 *
 * <p>The divergence is exact when the field is a {@link DivergenceField}; otherwise it is
 * Hutchinson's estimate εᵀ(∂v/∂x)ε with Rademacher probes ε fixed per particle for the whole
 * solve and Jacobian-vector products by central differences. The source is N(0, s²·I).
 *
 * <p>Not thread-safe: it owns its solver and buffers, reused between calls.
 */
public final class Likelihood {

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final VelocityField field;
    private final OdeSolver solver;
    private final TimeGrid grid;
    private final double sourceScale;
    private final int probes;
    private final double differenceStep;
    private final long seed;

    /**
     * @param field          the velocity field
     * @param solver         the solver, owned by this object from now on
     * @param grid           the time grid (for an adaptive solver, its output points)
     * @param sourceScale    s of the source N(0, s²·I)
     * @param probes         Hutchinson probes per particle when the field has no exact divergence (≥ 1)
     * @param seed           seed of the probes
     */
    public Likelihood(VelocityField field, OdeSolver solver, TimeGrid grid, double sourceScale, int probes, long seed) {
        this.field = Objects.requireNonNull(field, "field");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.grid = Objects.requireNonNull(grid, "grid");
        if (!(sourceScale > 0)) {
            throw new IllegalArgumentException("Likelihood: source scale must be > 0, got " + sourceScale);
        }
        if (probes < 1) {
            throw new IllegalArgumentException("Likelihood: probes must be >= 1, got " + probes);
        }
        this.sourceScale = sourceScale;
        this.probes = probes;
        this.differenceStep = 1e-2;
        this.seed = seed;
    }

    /** Exact divergence when available, else Hutchinson with 4 probes; source N(0, I). */
    public Likelihood(VelocityField field, OdeSolver solver, TimeGrid grid) {
        this(field, solver, grid, 1, 4, 0x5eed);
    }

    /** @return true when the divergence is exact rather than estimated. */
    public boolean isExact() {
        return DensityFlowField.supports(field);
    }

    /**
     * Computes log p_1 at each row of {@code x [n, d]} into {@code out [n]}; x is not changed.
     *
     * @return the cost of the backward solve
     */
    public OdeResult logDensity(float[] x, int n, double[] out) {
        int d = field.dimension();
        DensityFlowField augmented = new DensityFlowField(isExact()
                ? (DivergenceField) field
                : new HutchinsonDivergence(field, probes, differenceStep, n, seed));
        float[] state = new float[n * (d + 1)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, state, i * (d + 1), d);
        }
        OdeResult result = solver.solve(augmented, state, n, TimeSpan.BACKWARD, grid, null);
        double variance = sourceScale * sourceScale;
        for (int i = 0; i < n; i++) {
            int row = i * (d + 1);
            double squared = 0;
            for (int j = 0; j < d; j++) {
                squared += (double) state[row + j] * state[row + j];
            }
            double logSource = -0.5 * squared / variance - 0.5 * d * (LOG_TWO_PI + Math.log(variance));
            out[i] = logSource - state[row + d];
        }
        return result;
    }

    /**
     * Hutchinson's divergence estimate: mean over fixed Rademacher probes ε of
     * εᵀ·(v(x + hε) − v(x − hε))/(2h).
     */
    private static final class HutchinsonDivergence implements DivergenceField {
        private final VelocityField inner;
        private final int d;
        private final int probes;
        private final float step;
        private final float[][] noise;
        private final float[] shifted;
        private final float[] plus;
        private final float[] minus;

        HutchinsonDivergence(VelocityField inner, int probes, double step, int n, long seed) {
            this.inner = inner;
            this.d = inner.dimension();
            this.probes = probes;
            this.step = (float) step;
            SplittableRandom random = new SplittableRandom(seed);
            this.noise = new float[probes][n * d];
            for (float[] probe : noise) {
                for (int j = 0; j < probe.length; j++) {
                    probe[j] = random.nextBoolean() ? 1f : -1f;
                }
            }
            this.shifted = new float[n * d];
            this.plus = new float[n * d];
            this.minus = new float[n * d];
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public void evaluate(float[] x, int n, float t, float[] out) {
            inner.evaluate(x, n, t, out);
        }

        @Override
        public void evaluate(float[] x, int n, float[] t, float[] out) {
            inner.evaluate(x, n, t, out);
        }

        @Override
        public void evaluateWithDivergence(float[] x, int n, float[] t, float[] out, float[] divergence) {
            inner.evaluate(x, n, t, out);
            Arrays.fill(divergence, 0, n, 0f);
            int size = n * d;
            for (float[] probe : noise) {
                for (int j = 0; j < size; j++) {
                    shifted[j] = x[j] + step * probe[j];
                }
                inner.evaluate(shifted, n, t, plus);
                for (int j = 0; j < size; j++) {
                    shifted[j] = x[j] - step * probe[j];
                }
                inner.evaluate(shifted, n, t, minus);
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int j = i * d; j < (i + 1) * d; j++) {
                        sum += probe[j] * (plus[j] - minus[j]);
                    }
                    divergence[i] += (float) (sum / (2 * step * probes));
                }
            }
        }
    }
}
