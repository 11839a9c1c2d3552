package io.fluxion.core.sample;

import io.fluxion.core.field.VelocityField;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.StepObserver;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws samples by integrating a velocity field from the source N(0, s²·I) at t = 0 to the
 * data at t = 1, records trajectories, and maps data back to noise (t = 1 → 0).
 *
 * <p>Batches are row-major {@code [n, d]}. Not thread-safe: it owns its solver, whose
 * buffers are reused from call to call.
 */
public final class Sampler {

    private final VelocityField field;
    private final OdeSolver solver;
    private final TimeGrid grid;
    private final double sourceScale;
    private OdeResult lastResult = new OdeResult(0, 0, 0);

    /**
     * @param field       the velocity field
     * @param solver      the solver, owned by this sampler from now on
     * @param grid        the time grid of every solve
     * @param sourceScale s, the standard deviation of the source N(0, s²·I) (1 for the usual paths)
     */
    public Sampler(VelocityField field, OdeSolver solver, TimeGrid grid, double sourceScale) {
        this.field = Objects.requireNonNull(field, "field");
        this.solver = Objects.requireNonNull(solver, "solver");
        this.grid = Objects.requireNonNull(grid, "grid");
        if (!(sourceScale > 0 && Double.isFinite(sourceScale))) {
            throw new IllegalArgumentException("Sampler: source scale must be > 0, got " + sourceScale);
        }
        this.sourceScale = sourceScale;
    }

    /** A sampler with the source N(0, I). */
    public Sampler(VelocityField field, OdeSolver solver, TimeGrid grid) {
        this(field, solver, grid, 1);
    }

    public int dimension() {
        return field.dimension();
    }

    /** @return the cost of the last solve. */
    public OdeResult lastResult() {
        return lastResult;
    }

    /** Fills {@code x [n, d]} with source noise N(0, s²·I). */
    public void drawSource(float[] x, int n, RandomGenerator random) {
        int size = n * field.dimension();
        for (int j = 0; j < size; j++) {
            x[j] = (float) (sourceScale * random.nextGaussian());
        }
    }

    /** Draws n samples into {@code out [n, d]}: source noise integrated from t = 0 to 1. */
    public void sample(float[] out, int n, RandomGenerator random) {
        drawSource(out, n, random);
        toData(out, n);
    }

    /** Allocating form of {@link #sample(float[], int, RandomGenerator)}. */
    public float[] sample(int n, RandomGenerator random) {
        float[] out = new float[n * field.dimension()];
        sample(out, n, random);
        return out;
    }

    /** Integrates {@code x [n, d]} in place from t = 0 (noise) to t = 1 (data). */
    public OdeResult toData(float[] x, int n) {
        lastResult = solver.solve(field, x, n, TimeSpan.FORWARD, grid, null);
        return lastResult;
    }

    /** The reverse map: integrates {@code x [n, d]} in place from t = 1 (data) to t = 0 (noise). */
    public OdeResult toNoise(float[] x, int n) {
        lastResult = solver.solve(field, x, n, TimeSpan.BACKWARD, grid, null);
        return lastResult;
    }

    /**
     * Integrates {@code x [n, d]} in place from t = 0 to 1, showing the observer the state at
     * every grid point (index 0 is the start).
     */
    public OdeResult trajectory(float[] x, int n, StepObserver observer) {
        lastResult = solver.solve(field, x, n, TimeSpan.FORWARD, grid, observer);
        return lastResult;
    }

    /**
     * Draws n source points and returns the state at every grid point, from t = 0 to t = 1:
     * {@code grid.steps() + 1} arrays [n, d] (newly allocated).
     */
    public List<float[]> trajectory(int n, RandomGenerator random) {
        float[] x = new float[n * field.dimension()];
        drawSource(x, n, random);
        List<float[]> frames = new ArrayList<>(grid.steps() + 1);
        trajectory(x, n, (index, fraction, state, count) -> frames.add(Arrays.copyOf(state, count * field.dimension())));
        return frames;
    }
}
