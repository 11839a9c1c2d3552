package io.fluxion.core.store;

import io.fluxion.core.model.Model;
import java.util.Objects;

/**
 * A hold on a stored model: while any lease is open the model's weights are not freed, even
 * if the store evicts or reloads it. {@link #close()} is idempotent and thread-safe; the model
 * must not be used after the lease that gave it is closed (unless another lease holds it).
 */
public interface ModelLease extends AutoCloseable {

    Model model();

    /**
     * @return the store's version of this model: it increases with every load the store makes
     *         of the key, so a larger version is a newer load
     */
    long version();

    @Override
    void close();

    /**
     * A lease on a model made from this one's (one class of it, say), sharing its weights: the
     * same version, and closing it closes this lease. The derived model is made once, now.
     */
    default ModelLease map(java.util.function.Function<Model, Model> derive) {
        ModelLease base = this;
        Model derived = Objects.requireNonNull(derive.apply(base.model()), "derived model");
        return new ModelLease() {
            @Override
            public Model model() {
                return derived;
            }

            @Override
            public long version() {
                return base.version();
            }

            @Override
            public void close() {
                base.close();
            }
        };
    }

    /**
     * A lease that holds nothing, for a model the caller owns and keeps alive itself (version 0,
     * {@link #close()} does nothing): lets such a model go where leases are expected.
     */
    static ModelLease of(Model model) {
        Objects.requireNonNull(model, "model");
        return new ModelLease() {
            @Override
            public Model model() {
                return model;
            }

            @Override
            public long version() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
