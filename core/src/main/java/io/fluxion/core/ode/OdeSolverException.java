package io.fluxion.core.ode;

/** An adaptive solve that could not go on: step size below its floor, or NFE over its cap. */
public final class OdeSolverException extends RuntimeException {

    public OdeSolverException(String message) {
        super(message);
    }
}
