package io.fluxion.core.store;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link ModelStore} on a Caffeine {@link AsyncLoadingCache}; see the interface for the contract. */
final class CaffeineModelStore implements ModelStore {

    private static final Executor LOADERS = runnable -> Schedulers.boundedElastic().schedule(runnable);

    private final AsyncLoadingCache<ModelKey, StoredModel> cache;
    private final Duration reloadCheck;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong failedLoads = new AtomicLong();
    private final AtomicLong freed = new AtomicLong();
    private final AtomicLong openLeases = new AtomicLong();

    CaffeineModelStore(long maximumBytes, Duration reloadCheck) {
        if (maximumBytes < 1 || reloadCheck.isNegative() || reloadCheck.isZero()) {
            throw new IllegalArgumentException("ModelStore: need maximumBytes >= 1 and a positive reload check, got "
                    + maximumBytes + ", " + reloadCheck);
        }
        this.reloadCheck = reloadCheck;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((ModelKey key, StoredModel entry) -> entry.weight())
                .executor(Runnable::run)
                .removalListener((ModelKey key, StoredModel entry, RemovalCause cause) -> {
                    if (entry != null) {
                        entry.release(); // the cache's own reference
                    }
                })
                .recordStats()
                .buildAsync((key, executor) -> CompletableFuture.supplyAsync(() -> load(key), LOADERS));
    }

    private StoredModel load(ModelKey key) {
        try {
            StoredModel entry;
            if (key.file() != null) {
                if (!Files.exists(key.file())) {
                    throw new NoSuchFileException(key.file().toString(), null, "no such model file");
                }
                long version = Files.getLastModifiedTime(key.file()).toMillis();
                entry = new StoredModel(ModelFiles.load(key.file()), version, freed::incrementAndGet);
            } else {
                try (InputStream in = CaffeineModelStore.class.getResourceAsStream(key.resource())) {
                    if (in == null) {
                        throw new NoSuchFileException(key.resource(), null, "no such bundled model");
                    }
                    entry = new StoredModel(ModelFiles.load(in.readAllBytes(), "classpath:" + key.resource()), 0,
                            freed::incrementAndGet);
                }
            }
            loads.incrementAndGet();
            return entry;
        } catch (IOException e) {
            failedLoads.incrementAndGet();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failedLoads.incrementAndGet();
            throw e;
        }
    }

    /**
     * The entry, shared by every waiter; cancelling one waiter does not cancel the load. A failed
     * load is removed here, before its error reaches anyone, so the next request loads again
     * (Caffeine would remove it too, but in a callback that may run later).
     */
    private Mono<StoredModel> entry(ModelKey key) {
        return Mono.defer(() -> {
            CompletableFuture<StoredModel> future = cache.get(key);
            return Mono.fromFuture(future, true)
                    .doOnError(error -> cache.asMap().remove(key, future))
                    .onErrorMap(CompletionExceptions::isWrapper, CompletionExceptions::unwrap);
        });
    }

    @Override
    public Mono<ModelLease> lease(ModelKey key) {
        return entry(key).flatMap(entry -> {
            if (!entry.retain()) {
                // evicted and freed between lookup and retain; it has left the cache, so this loads again
                return lease(key);
            }
            openLeases.incrementAndGet();
            return Mono.just((ModelLease) new Lease(entry));
        });
    }

    @Override
    public Mono<Model> get(ModelKey key) {
        return entry(key).map(StoredModel::model);
    }

    @Override
    public Flux<Model> watch(ModelKey key) {
        return Flux.defer(() -> {
            // touched by the checking thread and by whichever thread ends the subscription
            java.util.concurrent.LinkedBlockingDeque<ModelLease> held = new java.util.concurrent.LinkedBlockingDeque<>();
            return Flux.concat(lease(key).flux(),
                            Flux.interval(reloadCheck, Schedulers.boundedElastic())
                                    .concatMap(tick -> changedVersion(key, held.peekLast())))
                    .doOnNext(lease -> {
                        held.addLast(lease);
                        while (held.size() > 2) {
                            ModelLease oldest = held.pollFirst();
                            if (oldest != null) {
                                oldest.close();
                            }
                        }
                    })
                    .map(ModelLease::model)
                    .doFinally(signal -> {
                        for (ModelLease lease = held.pollFirst(); lease != null; lease = held.pollFirst()) {
                            lease.close();
                        }
                    });
        });
    }

    /** A lease on a newer version when the file changed since {@code current}, else nothing. */
    private Mono<ModelLease> changedVersion(ModelKey key, ModelLease current) {
        if (key.file() == null || current == null) {
            return Mono.empty();
        }
        try {
            long version = Files.getLastModifiedTime(key.file()).toMillis();
            if (version == current.version()) {
                return Mono.empty();
            }
        } catch (IOException e) {
            return Mono.empty(); // the file is being replaced; look again at the next check
        }
        cache.synchronous().invalidate(key);
        return lease(key).onErrorResume(e -> Mono.empty()); // a half-written or bad file: keep the current model
    }

    @Override
    public ModelStoreStats stats() {
        CacheStats stats = cache.synchronous().stats();
        long bytes = 0;
        for (CompletableFuture<StoredModel> future : cache.asMap().values()) {
            StoredModel entry = future.getNow(null);
            if (entry != null) {
                bytes += entry.bytes();
            }
        }
        return new ModelStoreStats(stats.hitCount(), stats.missCount(), loads.get(), failedLoads.get(),
                stats.evictionCount(), freed.get(), cache.synchronous().estimatedSize(), bytes, openLeases.get());
    }

    /** Runs pending evictions now (for tests). */
    void cleanUp() {
        cache.synchronous().cleanUp();
    }

    @Override
    public void close() {
        cache.synchronous().invalidateAll();
        cache.synchronous().cleanUp();
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
