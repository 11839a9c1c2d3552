package io.fluxion.core.ode;

import java.util.Locale;

/**
 * Factories for {@link OdeSolver}s. Each call returns a new instance with its own buffers
 * (not thread-safe: one per thread or stream).
 */
public final class OdeSolvers {

    /** Smallest step of the adaptive solver, in normalised time, before it gives up. */
    public static final double DEFAULT_MIN_STEP = 1e-9;
    /** Most velocity evaluations of one adaptive solve before it gives up. */
    public static final int DEFAULT_MAX_EVALUATIONS = 100_000;

    private OdeSolvers() {
    }

    /** Forward Euler: order 1, one evaluation per step. */
    public static OdeSolver euler() {
        return new FixedStepSolver.Euler();
    }

    /** Explicit midpoint: order 2, two evaluations per step. */
    public static OdeSolver midpoint() {
        return new FixedStepSolver.Midpoint();
    }

    /** Heun's method: order 2, two evaluations per step. */
    public static OdeSolver heun() {
        return new FixedStepSolver.Heun();
    }

    /** Classical Runge–Kutta: order 4, four evaluations per step. */
    public static OdeSolver rk4() {
        return new FixedStepSolver.RungeKutta4();
    }

    /** Adaptive Dormand–Prince 5(4) with the default step floor and evaluation cap. */
    public static OdeSolver dopri5(double relativeTolerance, double absoluteTolerance) {
        return dopri5(relativeTolerance, absoluteTolerance, DEFAULT_MIN_STEP, DEFAULT_MAX_EVALUATIONS);
    }

    /**
     * Adaptive Dormand–Prince 5(4).
     *
     * @param minStep        smallest step in normalised time before an {@link OdeSolverException}
     * @param maxEvaluations most evaluations before an {@link OdeSolverException}
     */
    public static OdeSolver dopri5(double relativeTolerance, double absoluteTolerance, double minStep,
                                   int maxEvaluations) {
        return new DormandPrince5(relativeTolerance, absoluteTolerance, minStep, maxEvaluations);
    }

    /**
     * A solver by name: {@code euler}, {@code midpoint}, {@code heun}, {@code rk4} or
     * {@code dopri5} (rtol = atol = 1e-5).
     *
     * @throws IllegalArgumentException naming the unknown solver
     */
    public static OdeSolver byName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "euler" -> euler();
            case "midpoint" -> midpoint();
            case "heun" -> heun();
            case "rk4" -> rk4();
            case "dopri5" -> dopri5(1e-5, 1e-5);
            default -> throw new IllegalArgumentException("unknown solver '" + name
                    + "' (known: euler, midpoint, heun, rk4, dopri5)");
        };
    }
}
