package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Streams built from a model store hold their model for as long as they run and give every
 * lease and frame back on complete, error and cancel; an {@link Error} anywhere in a stream or a
 * training run reaches the subscriber.
 */
@ExtendWith(FramesReleased.class)
class StreamLifetimeTest {

    static final MlpArchitecture SMALL = MlpArchitecture.of(2, 32, 2);

    @TempDir
    Path folder;

    private ModelStore store;
    private long framesOutBefore;

    @BeforeEach
    void open() {
        store = ModelStore.create(4 * SMALL.parameterCount() * 2L + 100, Duration.ofMillis(50));
        framesOutBefore = FrameCounts.outstanding();
    }

    @AfterEach
    void checkCounters() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((store.stats().openLeases() != 0 || FrameCounts.outstanding() != framesOutBefore)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, store.stats().openLeases(), "leases left open: " + store.stats());
        assertEquals(framesOutBefore, FrameCounts.outstanding(), "frames not released");
        store.close();
    }

    private ModelKey saved(String name, long seed, double weightScale) throws IOException {
        MlpParameters parameters = MlpParameters.initialise(SMALL, seed);
        float[] values = parameters.values();
        for (int k = 0; k < values.length; k++) {
            values[k] *= (float) weightScale; // a fresh set nobody shares yet
        }
        Path file = folder.resolve(name + ".fluxion");
        ModelFiles.save(new Model(name, new MlpVelocityField(parameters), Schedules.condOt(0), Normalization.identity(2),
                Map.of()), file);
        return ModelKey.file(file);
    }

    private static StreamSpec spec(long frames) {
        return StreamSpec.builder().particles(128).steps(4).frames(frames).build();
    }

    private static EmitterSpec emitterSpec(long frames) {
        return EmitterSpec.builder().maxParticles(500).spawnRate(500).flowSeconds(0.5).frames(frames).build();
    }

    /** The three stream kinds on a stored model, each asked for {@code frames} frames (0: endless). */
    private List<Function<Long, Flux<ParticleFrame>>> kinds(ModelKey key) {
        return List.of(
                frames -> ParticleStreams.samples(store, key, spec(frames)),
                frames -> ParticleStreams.trajectory(store, key, spec(frames)),
                frames -> ParticleStreams.emitter(store, key, emitterSpec(frames)));
    }

    @Test
    void everyKindReleasesItsLeaseAndFramesOnComplete() throws IOException {
        ModelKey key = saved("steady", 1, 1);
        for (Function<Long, Flux<ParticleFrame>> kind : kinds(key)) {
            StepVerifier.create(kind.apply(3L).doOnNext(ParticleFrame::release)).expectNextCount(3).verifyComplete();
            // released before onComplete reached the subscriber, so no waiting here
            assertEquals(0, store.stats().openLeases(), "lease open after completion");
            assertEquals(framesOutBefore, FrameCounts.outstanding());
        }
    }

    @Test
    void everyKindReleasesItsLeaseAndFramesOnError() throws IOException {
        ModelKey key = saved("exploding", 2, 1e30); // overflows to infinity within a step
        for (Function<Long, Flux<ParticleFrame>> kind : kinds(key)) {
            StepVerifier.create(kind.apply(0L).doOnNext(ParticleFrame::release))
                    .thenConsumeWhile(frame -> true)
                    .expectError(NonFiniteStateException.class)
                    .verify(Duration.ofSeconds(10));
            assertEquals(0, store.stats().openLeases(), "lease open after the error");
        }
    }

    @Test
    void everyKindReleasesItsLeaseAndFramesOnCancel() throws Exception {
        ModelKey key = saved("endless", 3, 1);
        for (Function<Long, Flux<ParticleFrame>> kind : kinds(key)) {
            kind.apply(0L).take(5).doOnNext(ParticleFrame::release).blockLast(Duration.ofSeconds(10));
            // cancelled at once, before any frame
            kind.apply(0L).subscribe(ParticleFrame::release).dispose();
        }
    }

    @Test
    void streamsFromTheStoreSurviveEvictionsOfTheirModel() throws Exception {
        List<ModelKey> keys = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            keys.add(saved("m" + k, 10 + k, 1));
        }
        AtomicInteger frames = new AtomicInteger();
        // the store holds two of the four models and four streams run at a time: each new stream
        // loads its model and evicts one that running streams are using
        Flux.range(0, 16)
                .flatMap(i -> ParticleStreams.samples(store, keys.get(i % 4), spec(20)), 4)
                .doOnNext(frame -> {
                    frames.incrementAndGet();
                    frame.release();
                })
                .blockLast(Duration.ofSeconds(60));
        assertEquals(16 * 20, frames.get());
        assertTrue(store.stats().evictions() >= 4, "evictions happened: " + store.stats());
    }

    @Test
    void aModelUsedAfterTheStoreFreedItSaysWhy() throws Exception {
        ModelKey key = saved("dropped", 4, 1);
        Model unleased = store.get(key).block(Duration.ofSeconds(10));
        store.invalidate(key);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.stats().freed() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // the load lets go of its own reference just after its waiters got the model
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> unleased.field().evaluate(new float[2], 1, 0.5f, new float[2]));
        assertTrue(e.getMessage().contains("ModelLease"), e.getMessage());
    }

    /** A field that throws the given error on its {@code failOn}-th evaluation. */
    private static Model failingModel(Error error, int failOn) {
        AtomicInteger calls = new AtomicInteger();
        VelocityField field = new VelocityField() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void evaluate(float[] x, int n, float t, float[] out) {
                if (calls.incrementAndGet() == failOn) {
                    throw error;
                }
                java.util.Arrays.fill(out, 0, 2 * n, 0.1f);
            }

            @Override
            public void evaluate(float[] x, int n, float[] t, float[] out) {
                evaluate(x, n, 0f, out);
            }
        };
        return new Model("failing", field, Schedules.condOt(0), Normalization.identity(2), Map.of());
    }

    @Test
    void anOutOfMemoryErrorInAStreamReachesTheSubscriber() {
        StepVerifier.create(ParticleStreams.samples(Mono.just(failingModel(new OutOfMemoryError("test: heap"), 7)), spec(0))
                        .doOnNext(ParticleFrame::release))
                .thenConsumeWhile(frame -> true)
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(OutOfMemoryError.class, e);
                    assertEquals("test: heap", e.getMessage());
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aStackOverflowInAnEmitterReachesTheSubscriber() {
        StepVerifier.create(ParticleStreams.emitter(Mono.just(failingModel(new StackOverflowError("test: deep"), 5)),
                                emitterSpec(0))
                        .doOnNext(ParticleFrame::release))
                .thenConsumeWhile(frame -> true)
                .expectError(StackOverflowError.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void errorsInATrainingRunReachTheSubscriber() {
        PointSource failingData = new PointSource() {
            private int calls;

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void sample(float[] out, int n, RandomGenerator random) {
                if (++calls > 3) { // after the normalisation's samples and two steps
                    throw new OutOfMemoryError("test: batch");
                }
                for (int k = 0; k < 2 * n; k++) {
                    out[k] = (float) random.nextGaussian();
                }
            }
        };
        TrainingConfig config = TrainingConfig.builder().width(16).depth(2).batchSize(64).steps(100).reportEvery(1).build();
        StepVerifier.create(CfmTrainer.train(failingData, config))
                .thenConsumeWhile(event -> true)
                .expectError(OutOfMemoryError.class)
                .verify(Duration.ofSeconds(30));
        // and when the run cannot even be made (as when its buffers do not fit)
        PointSource unmakeable = new PointSource() {
            @Override
            public int dimension() {
                throw new OutOfMemoryError("test: buffers");
            }

            @Override
            public String name() {
                return "unmakeable";
            }

            @Override
            public void sample(float[] out, int n, RandomGenerator random) {
            }
        };
        StepVerifier.create(CfmTrainer.train(unmakeable, config))
                .expectError(OutOfMemoryError.class)
                .verify(Duration.ofSeconds(30));
    }
}
