package io.fluxion.core.train;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The weighting w(t) of the CFM loss, E[w(t)·|v(x_t, t) − u_t|²] (Lipman et al., "Flow Matching
 * Guide and Code", arXiv 2412.06264). Immutable.
 */
public interface LossWeight {

    /** @return w(t) ≥ 0. */
    double weight(double t);

    /** @return a description for model metadata. */
    String describe();

    /** w(t) = 1. */
    static LossWeight none() {
        return of("none", t -> 1);
    }

    /** A named weighting function. */
    static LossWeight of(String name, DoubleUnaryOperator weight) {
        Objects.requireNonNull(weight, "weight");
        return new LossWeight() {
            @Override public double weight(double t) { return weight.applyAsDouble(t); }
            @Override public String describe() { return name; }
            @Override public String toString() { return name; }
        };
    }
}
