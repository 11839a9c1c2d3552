package io.fluxion.core.store;

import io.fluxion.core.model.Model;

/**
 * A hold on a stored model: while any lease is open the model's weights are not freed, even
 * if the store evicts or reloads it. {@link #close()} is idempotent and thread-safe.
 */
public interface ModelLease extends AutoCloseable {

    Model model();

    /** @return the version of the model: the file's modification time when loaded. */
    long version();

    @Override
    void close();
}
