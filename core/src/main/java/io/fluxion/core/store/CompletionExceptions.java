package io.fluxion.core.store;

import java.util.concurrent.CompletionException;

/** Unwraps the exception a failed load threw from the wrappers futures put around it. */
final class CompletionExceptions {

    private CompletionExceptions() {
    }

    static boolean isWrapper(Throwable error) {
        return error instanceof CompletionException;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
