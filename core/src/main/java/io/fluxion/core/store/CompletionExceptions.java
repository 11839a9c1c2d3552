package io.fluxion.core.store;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/** Unwraps the exception a failed load threw from the wrappers futures put around it. */
final class CompletionExceptions {

    private CompletionExceptions() {
    }

    static boolean isWrapper(Throwable error) {
        return error instanceof CompletionException || error instanceof UncheckedIOException;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
