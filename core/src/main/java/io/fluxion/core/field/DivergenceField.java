package io.fluxion.core.field;

/**
 * A velocity field that also gives its exact divergence div v = Σ_j ∂v_j/∂x_j, which makes
 * log-densities exact (see {@link io.fluxion.core.sample.Likelihood}).
 */
public interface DivergenceField extends VelocityField {

    /** @return true when {@link #evaluateWithDivergence} is available and exact for this instance. */
    default boolean hasExactDivergence() {
        return true;
    }

    /**
     * Evaluates v(x_i, t_i) into {@code out [n, d]} and div v(x_i, t_i) into
     * {@code divergence [n]}, each row at its own time {@code t[i]}.
     */
    void evaluateWithDivergence(float[] x, int n, float[] t, float[] out, float[] divergence);
}
