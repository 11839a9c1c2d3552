package io.fluxion.core.ode;

/**
 * What one solve cost: the number of velocity-field evaluations (NFE, each over the whole
 * batch), the accepted steps and the rejected steps (adaptive solver only).
 */
public record OdeResult(int functionEvaluations, int acceptedSteps, int rejectedSteps) {
}
