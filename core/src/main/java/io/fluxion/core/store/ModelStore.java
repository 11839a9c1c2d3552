package io.fluxion.core.store;

import io.fluxion.core.model.Model;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loaded models, shared: concurrent requests for one key share one load (on
 * {@code Schedulers.boundedElastic()}), the cache is bounded by the models' parameter bytes,
 * and a model's weights are freed once it is evicted and its last {@link ModelLease} is closed.
 * A failed load (missing or corrupt file) errors every waiter with the cause and is not
 * cached: the next request tries again. A cancelled request never cancels a load others wait on.
 * Thread-safe.
 */
public interface ModelStore extends AutoCloseable {

    /** A store holding at most {@code maximumBytes} of parameters, checking files for changes every {@code reloadCheck}. */
    static ModelStore create(long maximumBytes, Duration reloadCheck) {
        return new CaffeineModelStore(maximumBytes, reloadCheck);
    }

    /** A store of 256 MB of parameters, checking for changed files every 500 ms. */
    static ModelStore create() {
        return create(256L << 20, Duration.ofMillis(500));
    }

    /** The model, leased until the returned lease is closed. */
    Mono<ModelLease> lease(ModelKey key);

    /**
     * The model for short use: no lease is taken, so its weights may be freed once the store
     * evicts it; streams and anything long-lived should use {@link #lease} or {@link #watch}.
     */
    Mono<Model> get(ModelKey key);

    /**
     * The current model, then every newer version when its file changes on disk (checked
     * periodically). Each emitted model stays leased until the subscription ends or two newer
     * versions have been emitted. For {@code ParticleStreams.emitter(Flux, spec)}: running
     * emitters switch to the new model at their next frame.
     */
    Flux<Model> watch(ModelKey key);

    /** @return cache statistics and the store's own counts. */
    ModelStoreStats stats();

    /** Drops every cached model (leased ones are freed when their leases close). */
    @Override
    void close();
}
