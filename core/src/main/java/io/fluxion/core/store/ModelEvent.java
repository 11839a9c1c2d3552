package io.fluxion.core.store;

import java.util.Locale;
import java.util.Objects;

/**
 * Something that happened to a model in a {@link ModelStore}, published on {@link ModelStore#events()}.
 *
 * @param type    what happened
 * @param key     the model's key
 * @param version the store's version of the model concerned (see {@link ModelLease#version()}),
 *                or 0 when no version was made (a failed load)
 * @param error   why a load failed, or null
 */
public record ModelEvent(Type type, ModelKey key, long version, Throwable error) {

    /** The kinds of event. */
    public enum Type {
        /** A model was loaded for a key the store did not hold. */
        LOADED,
        /** A newer version replaced the one held (its file changed, or {@link ModelStore#refresh}). */
        RELOADED,
        /** A key the store did not hold failed to load; the requests waiting on it got the error too. */
        LOAD_FAILED,
        /**
         * A newer version failed to load (a truncated, corrupt, deleted or unreadable file): the
         * version already held stays in use, and the same file is not tried again until it changes.
         */
        RELOAD_FAILED,
        /** The store dropped the model to stay within its size. */
        EVICTED,
        /** The application dropped the model ({@link ModelStore#invalidate}). */
        INVALIDATED
    }

    public ModelEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }

    /** @return one line for a log: the type, the key, and the error's message when there is one. */
    public String describe() {
        String text = type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + key;
        return error == null ? text + " (version " + version + ")" : text + ": " + (error.getMessage() != null
                ? error.getMessage() : error.toString());
    }
}
