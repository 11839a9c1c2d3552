package io.fluxion.core.ode;

/**
 * Sees the state at every point of a {@link TimeGrid}: first at s = 0 (index 0), then after
 * each grid point is reached. Called on the solving thread; {@code x [n, d]} is the solver's
 * live state: copy what you keep, and do not modify it.
 */
@FunctionalInterface
public interface StepObserver {

    /**
     * @param index    the grid index k, 0 .. steps
     * @param fraction the normalised time s_k (use {@link TimeSpan#timeAt} for flow time)
     * @param x        the state [n, d]
     * @param n        the number of particles
     */
    void onStep(int index, double fraction, float[] x, int n);
}
