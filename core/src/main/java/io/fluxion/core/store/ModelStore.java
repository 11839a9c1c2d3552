package io.fluxion.core.store;

import io.fluxion.core.model.Model;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loaded models, shared: concurrent requests for one key share one load (on
 * {@code Schedulers.boundedElastic()}; never two loads of one key at once), the cache is bounded
 * by the models' parameter bytes, and a model's weights are freed once the store has dropped it
 * (evicted, replaced by a newer version, invalidated) and its last {@link ModelLease} is closed.
 *
 * <p>A failed first load (missing or corrupt file) errors every waiter with the cause and is
 * not cached: the next request tries again. A failed <em>reload</em> never disturbs what runs:
 * the version already held stays, and the failure is published on {@link #events()}. A
 * cancelled request never cancels a load others wait on. Thread-safe.
 *
 * <p>Streams should hold their model by construction:
 * {@code ParticleStreams.samples(store, key, spec)}, {@code trajectory(store, key, spec)} and
 * {@code emitter(store, key, spec)} lease it for as long as they run.
 */
public interface ModelStore extends AutoCloseable {

    /**
     * A store holding at most {@code maximumBytes} of parameters, looking for changed files every
     * {@code reloadCheck} while someone {@link #watch watches} them.
     */
    static ModelStore create(long maximumBytes, Duration reloadCheck) {
        return new CaffeineModelStore(maximumBytes, reloadCheck);
    }

    /** A store of 256 MB of parameters, looking for changed files every 500 ms. */
    static ModelStore create() {
        return create(256L << 20, Duration.ofMillis(500));
    }

    /**
     * The model, leased until the returned lease is closed: its weights stay valid until then,
     * whatever the store does meanwhile. A lease dropped by a cancelled subscriber before it was
     * delivered is closed by the store.
     */
    Mono<ModelLease> lease(ModelKey key);

    /**
     * The model as the store holds it now, without a lease. Guaranteed: the model was valid
     * when the {@code Mono} emitted it. Not guaranteed: anything later. Its weights are freed
     * as soon as the store drops it (eviction under memory pressure, a reload, {@link #invalidate})
     * unless a lease holds it, and evaluating a freed model fails with an
     * {@code IllegalStateException}. Fine for reading the name or metadata, or for one quick use
     * while nothing else loads; use {@link #lease} for anything longer.
     */
    Mono<Model> get(ModelKey key);

    /**
     * The current model, then each newer version: when the key's file changes on disk (checked
     * every {@code reloadCheck}; a check waits while a load runs, so checks never pile up) or
     * when {@link #refresh} loads one. Each element is a lease the subscriber owns and must close
     * when done with that version ({@code ParticleStreams.leasedEmitter} and
     * {@code ParticleStreams.emitter(store, key, spec)} do). A file that fails to load is reported
     * on {@link #events()} once and tried again only when it changes; the flux carries on. Only
     * the first load's failure ends the flux (with the cause).
     */
    Flux<ModelLease> watch(ModelKey key);

    /**
     * Loads the key again now, changed or not. On success the new version replaces the cached
     * one (watchers move to it at their next check) and the {@code Mono} completes; on failure
     * the cached version stays, a {@link ModelEvent.Type#RELOAD_FAILED} event is published and the
     * {@code Mono} errors with the cause. Shares a load already running for the key.
     */
    Mono<Void> refresh(ModelKey key);

    /**
     * Drops the key's cached model now (open leases keep theirs); the next request loads it
     * again. Publishes {@link ModelEvent.Type#INVALIDATED} when a model was cached.
     */
    void invalidate(ModelKey key);

    /**
     * What happens to the store's models: loads, reloads, failures, evictions. A hot flux: a
     * subscriber sees the events after it subscribed; one that cannot keep up misses events
     * rather than growing a buffer. Completes when the store closes.
     */
    Flux<ModelEvent> events();

    /** @return cache statistics and the store's own counts. */
    ModelStoreStats stats();

    /** Drops every cached model (leased ones are freed when their leases close) and ends {@link #events()}. */
    @Override
    void close();
}
