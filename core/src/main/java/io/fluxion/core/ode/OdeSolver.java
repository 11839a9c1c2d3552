package io.fluxion.core.ode;

import io.fluxion.core.field.VelocityField;

/**
 * Integrates dx/dt = v(x, t) for a batch of particles {@code x [n, d]} (row-major), in place.
 *
 * <p>Instances come from {@link OdeSolvers}. Each instance owns its stage buffers, sized on
 * first use and reused by later calls with the same or fewer particles, so a solver kept per
 * stream or per thread does not allocate in its loop. Instances are not thread-safe: use one
 * per thread.
 */
public interface OdeSolver {

    /** @return the method's name, e.g. {@code rk4}. */
    String name();

    /**
     * Velocity evaluations per step: 1 (Euler), 2 (midpoint, Heun), 4 (RK4); for the adaptive method,
     * per accepted step without rejections (dopri5: 6, its last stage reused as the next step's first).
     */
    int evaluationsPerStep();

    /**
     * Integrates {@code x} in place across {@code span}, visiting the points of {@code grid}.
     *
     * @param field    the velocity field; its dimension is d
     * @param x        the state [n, d], overwritten with the result
     * @param n        the number of particles
     * @param span     shared or per-particle start and end times
     * @param grid     normalised time points: fixed-step methods step between them; the
     *                 adaptive method stops at them
     * @param observer sees the state at each grid point, may be null
     * @return the cost of the solve (NFE and steps)
     * @throws OdeSolverException when an adaptive solve cannot meet its tolerance
     */
    OdeResult solve(VelocityField field, float[] x, int n, TimeSpan span, TimeGrid grid, StepObserver observer);

    /** Forward (noise → data) in {@code steps} equal steps, no observer. */
    default OdeResult solve(VelocityField field, float[] x, int n, TimeSpan span, int steps) {
        return solve(field, x, n, span, TimeGrid.uniform(steps), null);
    }
}
