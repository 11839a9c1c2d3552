package io.fluxion.core.field;

import java.util.Objects;

/**
 * A velocity field given by an MLP on ND4J: v(x, t) = MLP([x, features(t)]), see
 * {@link MlpArchitecture}. Evaluation runs {@code Nd4j.gemm} into preallocated c-order
 * buffers with in-place bias and activation: no allocation per call once a thread has seen
 * a batch size.
 *
 * <p>Thread-safe: the weights are shared read-only, and each thread keeps its own buffers
 * (sized for the last batch size it used; a new size reallocates them). The divergence is
 * exact (forward mode, d tangents) and offered for d ≤ {@value #MAX_EXACT_DIVERGENCE_DIMENSION};
 * above that {@link io.fluxion.core.sample.Likelihood} uses Hutchinson's estimator.
 */
public final class MlpVelocityField implements DivergenceField {

    /** Largest dimension for which the exact divergence is offered. */
    public static final int MAX_EXACT_DIVERGENCE_DIMENSION = 3;

    private final MlpParameters parameters;
    private final MlpArchitecture architecture;
    private final ThreadLocal<MlpEvaluator> evaluators = new ThreadLocal<>();

    /** @param parameters the weights, shared and not modified by this field */
    public MlpVelocityField(MlpParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.architecture = parameters.architecture();
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    public MlpParameters parameters() {
        return parameters;
    }

    @Override
    public int dimension() {
        return architecture.dimension();
    }

    @Override
    public boolean hasExactDivergence() {
        return architecture.dimension() <= MAX_EXACT_DIVERGENCE_DIMENSION;
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        if (n > 0) {
            evaluator(n).evaluate(parameters, x, t, null, out);
        }
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        if (n > 0) {
            evaluator(n).evaluate(parameters, x, 0, t, out);
        }
    }

    @Override
    public void evaluateWithDivergence(float[] x, int n, float[] t, float[] out, float[] divergence) {
        if (!hasExactDivergence()) {
            throw new UnsupportedOperationException("MlpVelocityField: exact divergence only for d <= "
                    + MAX_EXACT_DIVERGENCE_DIMENSION + ", this model has d = " + architecture.dimension());
        }
        if (n > 0) {
            evaluator(n).evaluateWithDivergence(parameters, x, t, out, divergence);
        }
    }

    private MlpEvaluator evaluator(int n) {
        MlpEvaluator evaluator = evaluators.get();
        if (evaluator == null || evaluator.batch != n) {
            evaluator = new MlpEvaluator(architecture, n);
            evaluators.set(evaluator);
        }
        return evaluator;
    }

    @Override
    public String toString() {
        return "MlpVelocityField[" + architecture + "]";
    }
}
