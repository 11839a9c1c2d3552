package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.store.ModelEvent;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.FrameCounts;
import io.fluxion.core.stream.ParticleStreams;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The README's "Streams for games" section, run as written on a copy of the bundled moons model. */
class StreamsForGamesTest {

    private final AtomicInteger uploads = new AtomicInteger();

    /** Stands for the game's upload of the particles to its own buffers. */
    private void upload(FloatBuffer positions, FloatBuffer velocities, FloatBuffer times, int count) {
        assertTrue(count > 0 && positions.capacity() >= 2 * count && velocities.capacity() >= 2 * count
                && times.capacity() >= count);
        uploads.incrementAndGet();
    }

    @Test
    void runsAsWritten() throws Exception {
        long framesOut = FrameCounts.outstanding();
        try (InputStream bundled = StreamsForGamesTest.class.getResourceAsStream("/models/moons.fluxion")) {
            Files.copy(bundled, Path.of("moons.fluxion"));
        }
        try {
            // snippet-start
            ModelStore store = ModelStore.create();                            // Caffeine cache, loads on boundedElastic
            ModelKey key = ModelKey.file(Path.of("moons.fluxion"));
            EmitterSpec spec = EmitterSpec.builder()
                    .maxParticles(100_000).spawnRate(15_000).flowSeconds(3)   // a particle flows noise → data in 3 s
                    .evaluationsPerFrame(1)                                   // a hard per-frame cost: one Euler step
                    .atEnd(EmitterSpec.AtEnd.DISSOLVE)                         // then back to noise: 6 s of life, 90 000 live
                    .clockDriven(true).build();
            Disposable problems = store.events()                               // a bad new file: reported, the effect runs on
                    .filter(event -> event.type() == ModelEvent.Type.RELOAD_FAILED)
                    .subscribe(event -> System.err.println(event.describe()));
            Scheduler gameThread = Schedulers.newSingle("game");               // or Schedulers.fromExecutor(yourEngine::runOnGameThread)
            Disposable running = ParticleStreams.latest(ParticleStreams.emitter(store, key, spec))  // leased, hot-reloaded
                    .publishOn(gameThread, 1)
                    .subscribe(frame -> {
                        upload(frame.positions(), frame.velocities(), frame.times(), frame.count());  // off-heap FloatBuffers
                        frame.release();                                                               // back to the pool
                    });
            // snippet-end
            Thread.sleep(1500);
            // snippet-start
            // when the effect ends:
            running.dispose();
            problems.dispose();
            gameThread.dispose();
            store.close();
            // snippet-end
            assertTrue(uploads.get() > 5, "frames reached the game: " + uploads.get());
            Thread.sleep(200);
            assertEquals(0, store.stats().openLeases(), "the stream's lease closed with it");
            assertEquals(framesOut, FrameCounts.outstanding(), "every frame released");
        } finally {
            Files.deleteIfExists(Path.of("moons.fluxion"));
        }
    }
}
