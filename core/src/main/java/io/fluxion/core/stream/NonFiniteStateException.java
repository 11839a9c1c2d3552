package io.fluxion.core.stream;

/** A particle's state became NaN or infinite; the message names the model, the step and t. */
public final class NonFiniteStateException extends RuntimeException {

    public NonFiniteStateException(String message) {
        super(message);
    }
}
