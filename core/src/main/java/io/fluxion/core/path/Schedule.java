package io.fluxion.core.path;

/**
 * The scalar schedule of an affine probability path x_t = α_t·x1 + σ_t·x0, with t = 0 the
 * source (x0, noise) and t = 1 the data (x1).
 *
 * <p>Implementations are immutable and thread-safe. All methods accept t in [0, 1]; a
 * derivative that is unbounded at an end point (for example dσ/dt of the variance-preserving
 * schedule at t = 1) may return an infinite value there, while
 * {@link #sigmaTimesSigmaDerivative(double)} stays finite.
 */
public interface Schedule {

    /** @return α_t, the weight of the data x1 at time t. */
    double alpha(double t);

    /** @return σ_t, the weight of the source x0 at time t. */
    double sigma(double t);

    /** @return dα_t/dt. */
    double alphaDerivative(double t);

    /** @return dσ_t/dt. */
    double sigmaDerivative(double t);

    /**
     * @return σ_t·dσ_t/dt (half the derivative of σ_t²), finite wherever σ_t² is smooth,
     *     even where dσ_t/dt itself is not.
     */
    default double sigmaTimesSigmaDerivative(double t) {
        double sigma = sigma(t);
        return sigma == 0 ? 0 : sigma * sigmaDerivative(t);
    }

    /** @return a short description with the parameters, e.g. {@code condot(sigmaMin=0.0)}. */
    String describe();
}
