package io.fluxion.core.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * {@link ModelStore} on a Caffeine {@link Cache}; see the interface for the contract.
 *
 * <p>Caffeine bounds the cache by weight and tells when it drops an entry; loading is done
 * here rather than by a Caffeine loader, so that a failed load is an event and a result, never
 * an exception Caffeine logs, and so that a reload can fail while the cached version stays.
 * {@code loading} holds the one load running per key; every request for the key while it runs
 * shares it.
 */
final class CaffeineModelStore implements ModelStore {

    /** How often a lease retries when the entry it found is freed before it could retain it. */
    private static final int LEASE_ATTEMPTS = 8;

    private final long maximumBytes;
    private final Duration reloadCheck;
    private final Cache<ModelKey, StoredModel> cache;
    private final ConcurrentHashMap<ModelKey, CompletableFuture<StoredModel>> loading = new ConcurrentHashMap<>();
    /** Per key, the file stamp whose load failed last: watchers do not try it again until it changes. */
    private final ConcurrentHashMap<ModelKey, FileStamp> failedStamps = new ConcurrentHashMap<>();
    private final Sinks.Many<ModelEvent> events = Sinks.many().multicast().directBestEffort();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong failedLoads = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong freed = new AtomicLong();
    private final AtomicLong openLeases = new AtomicLong();
    private volatile boolean closed;

    CaffeineModelStore(long maximumBytes, Duration reloadCheck) {
        if (maximumBytes < 1 || reloadCheck.isNegative() || reloadCheck.isZero()) {
            throw new IllegalArgumentException("ModelStore: need maximumBytes >= 1 and a positive reload check, got "
                    + maximumBytes + ", " + reloadCheck);
        }
        this.maximumBytes = maximumBytes;
        this.reloadCheck = reloadCheck;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((ModelKey key, StoredModel entry) -> entry.weight())
                .executor(Runnable::run)
                .removalListener((ModelKey key, StoredModel entry, RemovalCause cause) -> {
                    if (entry != null) {
                        entry.release(); // the cache's own reference
                        if (cause.wasEvicted()) {
                            evictions.incrementAndGet();
                            publish(new ModelEvent(ModelEvent.Type.EVICTED, key, entry.version(), null));
                        } else if (cause == RemovalCause.EXPLICIT && !closed) {
                            publish(new ModelEvent(ModelEvent.Type.INVALIDATED, key, entry.version(), null));
                        }
                    }
                })
                .build();
    }

    /** The cached entry, or the running load, or a new load. Shared by every waiter. */
    private CompletableFuture<StoredModel> entry(ModelKey key) {
        StoredModel cached = cache.getIfPresent(key);
        if (cached != null) {
            hits.incrementAndGet();
            return CompletableFuture.completedFuture(cached);
        }
        misses.incrementAndGet();
        return load(key, false);
    }

    /**
     * The load running for {@code key}, or a new one on {@code boundedElastic}. A successful load
     * is put in the cache (replacing and so releasing an older version) before its future
     * completes; a failed one completes its future with the cause and publishes an event. Either
     * way the key's slot in {@code loading} is free again before the future completes.
     *
     * @param reload true when a version is in use already (a watcher's or a refresh's load): its
     *               events are then {@code RELOADED}/{@code RELOAD_FAILED}, also when the cache had
     *               dropped that version
     */
    private CompletableFuture<StoredModel> load(ModelKey key, boolean reload) {
        CompletableFuture<StoredModel> mine = new CompletableFuture<>();
        CompletableFuture<StoredModel> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            Schedulers.boundedElastic().schedule(() -> runLoad(key, reload, mine));
        } catch (RuntimeException e) {
            loading.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private void runLoad(ModelKey key, boolean reload, CompletableFuture<StoredModel> future) {
        FileStamp stamp = null;
        StoredModel entry = null;
        Throwable failure = null;
        try {
            stamp = FileStamp.of(key);
            entry = new StoredModel(read(key), versions.incrementAndGet(), stamp, freed::incrementAndGet);
            if (entry.bytes() > maximumBytes) {
                failure = new IllegalStateException("model " + key + " has " + entry.bytes()
                        + " bytes of parameters, more than the store's maximum of " + maximumBytes);
                entry.release();
                entry = null;
            }
        } catch (Throwable e) { // an Error too (a file that needs more memory than there is): a failed load
            failure = e;
        }
        if (entry != null && closed) {
            entry.release();
            entry = null;
            failure = new IllegalStateException("the model store is closed");
        }
        if (entry != null) {
            loads.incrementAndGet();
            failedStamps.remove(key);
            // the load's own reference: Caffeine may refuse a new entry at once (its admission policy
            // prefers entries used more often), and the requests waiting on this load still get it
            entry.retain();
            cache.put(key, entry);
            publish(new ModelEvent(reload ? ModelEvent.Type.RELOADED : ModelEvent.Type.LOADED, key, entry.version(), null));
            loading.remove(key, future);
            future.complete(entry); // the waiters take their leases in here, synchronously
            entry.release();
        } else {
            failedLoads.incrementAndGet();
            if (stamp != null) {
                failedStamps.put(key, stamp);
            }
            publish(new ModelEvent(reload ? ModelEvent.Type.RELOAD_FAILED : ModelEvent.Type.LOAD_FAILED, key, 0, failure));
            loading.remove(key, future);
            future.completeExceptionally(failure);
        }
    }

    private static Model read(ModelKey key) throws IOException {
        if (key.file() != null) {
            return ModelFiles.load(key.file());
        }
        try (InputStream in = CaffeineModelStore.class.getResourceAsStream(key.resource())) {
            if (in == null) {
                throw new NoSuchFileException(key.resource(), null, "no such bundled model");
            }
            return ModelFiles.load(in.readAllBytes(), "classpath:" + key.resource());
        }
    }

    /** Events come from loader threads and the cache's callbacks at once: one at a time into the sink. */
    private synchronized void publish(ModelEvent event) {
        events.tryEmitNext(event);
    }

    private static <T> Mono<T> fromFuture(CompletableFuture<T> future) {
        // a cancelled waiter must not cancel a load that others share
        return Mono.fromFuture(future, true)
                .onErrorMap(CompletionExceptions::isWrapper, CompletionExceptions::unwrap);
    }

    @Override
    public Mono<ModelLease> lease(ModelKey key) {
        return Mono.defer(() -> leaseAttempt(key, 1)).doOnDiscard(ModelLease.class, ModelLease::close);
    }

    private Mono<ModelLease> leaseAttempt(ModelKey key, int attempt) {
        return fromFuture(entry(key)).flatMap(entry -> {
            ModelLease lease = retain(entry);
            if (lease != null) {
                return Mono.just(lease);
            }
            if (attempt == LEASE_ATTEMPTS) {
                return Mono.error(new IllegalStateException("model " + key + " was dropped " + attempt
                        + " times before it could be leased: the store (" + maximumBytes
                        + " bytes) is too small for the models in use"));
            }
            // evicted and freed between lookup and retain; it has left the cache, so this loads again
            return leaseAttempt(key, attempt + 1);
        });
    }

    /** A lease on {@code entry}, or null when it was freed already. */
    private ModelLease retain(StoredModel entry) {
        if (!entry.retain()) {
            return null;
        }
        openLeases.incrementAndGet();
        return new Lease(entry);
    }

    @Override
    public Mono<Model> get(ModelKey key) {
        return Mono.defer(() -> fromFuture(entry(key))).map(StoredModel::model);
    }

    @Override
    public Flux<ModelLease> watch(ModelKey key) {
        return Flux.defer(() -> {
            Watcher watcher = new Watcher(key);
            return lease(key).doOnNext(watcher::emitted)
                    .concatWith(Mono.delay(reloadCheck).then(Mono.defer(watcher::check)).repeat())
                    .takeUntilOther(events.asFlux().then())
                    .doOnDiscard(ModelLease.class, ModelLease::close);
        });
    }

    /** One watch subscription's view: the version it last emitted and that version's file stamp. */
    private final class Watcher {
        private final ModelKey key;
        private volatile long version;
        private volatile FileStamp stamp;

        Watcher(ModelKey key) {
            this.key = key;
        }

        void emitted(ModelLease lease) {
            Lease ours = (Lease) lease;
            version = ours.entry.version();
            stamp = ours.entry.stamp();
        }

        /** A lease on a newer version, if the cache has one or the file changed and loads; else nothing. */
        Mono<ModelLease> check() {
            if (closed) {
                return Mono.empty();
            }
            StoredModel cached = cache.asMap().get(key);
            if (cached != null && cached.version() > version) {
                return newer(cached);
            }
            FileStamp now;
            try {
                now = FileStamp.of(key);
            } catch (IOException e) {
                return Mono.empty(); // cannot tell now; look again at the next check
            }
            if (now.equals(stamp) || now.equals(failedStamps.get(key))) {
                return Mono.empty();
            }
            return fromFuture(load(key, true)).onErrorResume(e -> Mono.empty()).flatMap(this::newer);
        }

        private Mono<ModelLease> newer(StoredModel entry) {
            if (entry.version() <= version) {
                return Mono.empty();
            }
            ModelLease lease = retain(entry);
            if (lease == null) {
                return Mono.empty();
            }
            emitted(lease);
            return Mono.just(lease);
        }
    }

    @Override
    public Mono<Void> refresh(ModelKey key) {
        return Mono.defer(() -> fromFuture(load(key, cache.asMap().containsKey(key)))).then();
    }

    @Override
    public void invalidate(ModelKey key) {
        failedStamps.remove(key);
        cache.invalidate(key);
    }

    @Override
    public Flux<ModelEvent> events() {
        return events.asFlux();
    }

    @Override
    public ModelStoreStats stats() {
        long bytes = 0;
        for (StoredModel entry : cache.asMap().values()) {
            bytes += entry.bytes();
        }
        return new ModelStoreStats(hits.get(), misses.get(), loads.get(), failedLoads.get(), evictions.get(), freed.get(),
                cache.estimatedSize(), bytes, openLeases.get());
    }

    /** Runs pending evictions now (for tests). */
    void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public void close() {
        closed = true;
        cache.invalidateAll();
        cache.cleanUp();
        synchronized (this) {
            events.tryEmitComplete();
        }
    }

    /** An open hold on an entry. */
    private final class Lease implements ModelLease {
        private final StoredModel entry;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Lease(StoredModel entry) {
            this.entry = entry;
        }

        @Override
        public Model model() {
            return entry.model();
        }

        @Override
        public long version() {
            return entry.version();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                openLeases.decrementAndGet();
                entry.release();
            }
        }
    }
}
