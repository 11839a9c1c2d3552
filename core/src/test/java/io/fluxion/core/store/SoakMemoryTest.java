package io.fluxion.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.FrameCounts;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.TestResources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * 30 s of 8 concurrent emitter streams against a store that holds two of three models (so
 * evictions happen all along) while one model file is rewritten every 3 s (hot reloads).
 * Runs in the "memory" surefire execution (fixed, pre-touched heap).
 */
class SoakMemoryTest {

    static long heapUsedAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void streamsStayCorrectAndMemoryStaysFlat(@TempDir Path folder) throws Exception {
        List<ModelKey> keys = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            keys.add(ModelKey.file(ModelStoreTest.saveModel(folder.resolve("m" + k + ".fluxion"), "m" + k, k)));
        }
        long framesOutBefore = FrameCounts.outstanding();
        AtomicLong frames = new AtomicLong();
        AtomicLong leases = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        EmitterSpec spec = EmitterSpec.builder().maxParticles(5000).spawnRate(20_000).flowSeconds(0.2)
                .frameSeconds(1.0 / 60).scheduler(Schedulers.parallel()).build();
        List<long[]> resident = new ArrayList<>();
        try (CaffeineModelStore store = new CaffeineModelStore(2 * ModelStoreTest.modelBytes() + 100, Duration.ofMillis(200))) {
            List<Disposable> streams = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                Flux<ParticleFrame> stream = s < 4
                        ? ParticleStreams.emitter(store, keys.get(0), spec)
                        : Flux.defer(() -> Flux.usingWhen(store.lease(keys.get(1 + (int) (leases.getAndIncrement() % 2))),
                                lease -> ParticleStreams.emitter(Mono.just(lease.model()), spec).take(50),
                                lease -> Mono.fromRunnable(lease::close))).repeat();
                streams.add(stream.doOnNext(frame -> {
                    for (int k = 0; k < 2 * frame.count(); k++) {
                        if (!Float.isFinite(frame.positions().get(k))) {
                            failure.compareAndSet(null, new AssertionError("non-finite position from " + frame.modelName()));
                        }
                    }
                    frames.incrementAndGet();
                    frame.release();
                }).subscribe(frame -> { }, error -> failure.compareAndSet(null, error)));
            }
            long start = System.nanoTime();
            int reload = 0;
            long heapAtMiddle = -1;
            while (System.nanoTime() - start < 30_000_000_000L) {
                Thread.sleep(1000);
                resident.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, TestResources.residentBytes()});
                if (resident.size() == 15) {
                    heapAtMiddle = heapUsedAfterGc();
                }
                if (resident.size() % 3 == 0) {
                    ModelStoreTest.saveModel(folder.resolve("m0.fluxion"), "m0-v" + (++reload), 100 + reload);
                }
            }
            long heapAtEnd = heapUsedAfterGc();
            System.out.printf("soak heap after GC: %.1f MB at 15 s, %.1f MB at 30 s%n", heapAtMiddle / 1e6, heapAtEnd / 1e6);
            assertTrue(heapAtEnd - heapAtMiddle < 16_000_000, "heap grew by " + (heapAtEnd - heapAtMiddle) + " bytes");
            streams.forEach(Disposable::dispose);
            Thread.sleep(300);
            ModelStoreStats stats = store.stats();
            System.out.printf("soak: %d frames from 8 streams in 30 s, %s%n", frames.get(), stats);
            if (failure.get() != null) {
                throw new AssertionError("a stream failed", failure.get());
            }
            assertTrue(stats.evictions() > 0, "evictions happened");
            assertTrue(stats.freed() > 0, "models were freed while streams ran");
            assertTrue(stats.loads() >= 5, "reloads happened: " + stats.loads());
            assertEquals(0, stats.openLeases(), "every lease closed");
        }
        assertEquals(framesOutBefore, FrameCounts.outstanding(), "every frame acquired was released exactly once");
        StringBuilder trace = new StringBuilder("soak resident MB by second:");
        resident.forEach(r -> trace.append(String.format(" %d:%.0f", r[0], r[1] / 1e6)));
        System.out.println(trace);
        long middle = resident.get(resident.size() / 2 - 1)[1];
        long highest = resident.stream().skip(resident.size() / 2).mapToLong(r -> r[1]).max().orElseThrow();
        assertTrue(highest - middle < 24_000_000, "resident memory grew by " + (highest - middle) + " bytes in the second half");
    }
}
