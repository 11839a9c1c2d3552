package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.path.Schedules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@ExtendWith(FramesReleased.class)
class ParticleStreamsTest {

    static final GaussianMixture EIGHT = Datasets.eightGaussians();

    static Model exactModel() {
        return new Model("eight", new GaussianMixtureField(EIGHT, Schedules.condOt(0)), Schedules.condOt(0),
                Normalization.identity(2), Map.of());
    }

    static StreamSpec.Builder spec() {
        return StreamSpec.builder().particles(256).steps(10).seed(1);
    }

    private long outstandingBefore;

    @BeforeEach
    void countFrames() {
        outstandingBefore = FramePool.ACQUIRED.get() - FramePool.RELEASED.get();
    }

    private void assertAllFramesReleased() {
        assertEquals(outstandingBefore, FramePool.ACQUIRED.get() - FramePool.RELEASED.get(), "frames not released");
    }

    @Test
    void samplesEmitsCountedFramesOfFinishedSamplesThenCompletes() {
        StepVerifier.create(ParticleStreams.samples(Mono.just(exactModel()), spec().frames(3).build()))
                .assertNext(frame -> checkSampleFrame(frame, 0))
                .assertNext(frame -> checkSampleFrame(frame, 1))
                .assertNext(frame -> checkSampleFrame(frame, 2))
                .verifyComplete();
        assertAllFramesReleased();
    }

    private static void checkSampleFrame(ParticleFrame frame, long sequence) {
        assertEquals(sequence, frame.sequence());
        assertEquals(256, frame.count());
        assertEquals(2, frame.dimension());
        assertEquals("eight", frame.modelName());
        assertEquals(1.0, frame.time());
        assertEquals(41, frame.functionEvaluations(), "RK4 10 steps and one velocity evaluation");
        // every sample is near one of the eight means (standard deviation 0.15)
        for (int i = 0; i < frame.count(); i++) {
            double x = frame.positions().get(2 * i);
            double y = frame.positions().get(2 * i + 1);
            assertEquals(2, Math.hypot(x, y), 0.9, "sample " + i);
            assertEquals(1f, frame.times().get(i));
        }
        frame.release();
        frame.release(); // idempotent
    }

    @Test
    void nothingIsComputedWithoutDemand() {
        AtomicInteger made = new AtomicInteger();
        Flux<ParticleFrame> frames = ParticleStreams.samples(Mono.just(exactModel()), spec().build())
                .doOnNext(frame -> made.incrementAndGet());
        StepVerifier.create(frames, 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .thenRequest(2)
                .assertNext(ParticleFrame::release)
                .assertNext(ParticleFrame::release)
                .expectNoEvent(Duration.ofMillis(200))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertEquals(2, made.get());
        assertAllFramesReleased();
    }

    @Test
    void cancellingAnEndlessStreamFreesItsState() {
        List<ParticleFrame> seen = new ArrayList<>();
        ParticleStreams.samples(Mono.just(exactModel()), spec().build())
                .take(5)
                .doOnNext(seen::add)
                .blockLast(Duration.ofSeconds(10));
        seen.forEach(ParticleFrame::release);
        assertEquals(5, seen.size());
        assertAllFramesReleased();
    }

    @Test
    void trajectoryHasOneFramePerStepFromNoiseToData() {
        List<Double> times = new ArrayList<>();
        StepVerifier.create(ParticleStreams.trajectory(Mono.just(exactModel()), spec().solver("euler").build())
                        .doOnNext(frame -> {
                            times.add(frame.time());
                            frame.release();
                        }))
                .expectNextCount(11)
                .verifyComplete();
        assertEquals(0.0, times.get(0));
        assertEquals(0.5, times.get(5), 1e-12);
        assertEquals(1.0, times.get(10));
        List<Double> reversed = new ArrayList<>();
        ParticleStreams.trajectory(Mono.just(exactModel()), spec().reverse(true).build())
                .doOnNext(frame -> {
                    reversed.add(frame.time());
                    frame.release();
                })
                .blockLast(Duration.ofSeconds(10));
        assertEquals(1.0, reversed.get(0));
        assertEquals(0.0, reversed.get(10), 1e-12);
        assertAllFramesReleased();
    }

    @Test
    void logDensitiesMatchTheMixture() {
        // carried along the flow, so as accurate as the solver run: RK4 with 100 steps
        ParticleFrame frame = ParticleStreams.samples(Mono.just(exactModel()), spec().steps(100).frames(1).logDensity(true).build())
                .blockFirst(Duration.ofSeconds(30));
        float[] positions = new float[2 * frame.count()];
        frame.positions().get(0, positions);
        double[] expected = new double[frame.count()];
        EIGHT.logDensity(positions, frame.count(), expected);
        for (int i = 0; i < frame.count(); i++) {
            assertEquals(expected[i], frame.logDensities().get(i), 0.05, "particle " + i);
        }
        frame.release();
    }

    @Test
    void trajectoryLogDensitiesMatchTheMarginalPathAtEveryStep() {
        List<ParticleFrame> frames = ParticleStreams.trajectory(Mono.just(exactModel()),
                spec().steps(100).logDensity(true).build()).collectList().block(Duration.ofSeconds(30));
        for (int index : new int[] {0, 25, 50, 75, 90}) {
            ParticleFrame frame = frames.get(index);
            double t = frame.time();
            float[] positions = new float[2 * frame.count()];
            frame.positions().get(0, positions);
            double[] expected = new double[frame.count()];
            EIGHT.alongPath(Schedules.condOt(0), t).logDensity(positions, frame.count(), expected);
            double worst = 0;
            for (int i = 0; i < frame.count(); i++) {
                worst = Math.max(worst, Math.abs(expected[i] - frame.logDensities().get(i)));
            }
            assertTrue(worst < 0.02, "t = " + t + ": largest log-density error " + worst);
        }
        frames.forEach(ParticleFrame::release);
    }

    /** A field that turns particles past x = 1.5 into NaN from t = 0.5 on. */
    static Model poisoned() {
        VelocityField exact = new GaussianMixtureField(EIGHT, Schedules.condOt(0));
        VelocityField field = new VelocityField() {
            @Override public int dimension() { return 2; }
            @Override public void evaluate(float[] x, int n, float t, float[] out) {
                exact.evaluate(x, n, t, out);
                for (int i = 0; i < n; i++) {
                    if (t > 0.5f && x[2 * i] > 1.5f) {
                        out[2 * i] = Float.NaN;
                    }
                }
            }
            @Override public void evaluate(float[] x, int n, float[] t, float[] out) {
                evaluate(x, n, t[0], out);
            }
        };
        return new Model("poisoned", field, Schedules.condOt(0), Normalization.identity(2), Map.of());
    }

    @Test
    void nonFiniteParticlesEndTheStreamWithTheModelStepAndTime() {
        StepVerifier.create(ParticleStreams.trajectory(Mono.just(poisoned()), spec().build())
                        .doOnNext(ParticleFrame::release))
                .thenConsumeWhile(frame -> true)
                .expectErrorSatisfies(e -> {
                    assertTrue(e instanceof NonFiniteStateException, e.toString());
                    assertTrue(e.getMessage().contains("model poisoned") && e.getMessage().contains("step")
                            && e.getMessage().contains("t = 0.6"), e.getMessage());
                })
                .verify(Duration.ofSeconds(10));
        assertAllFramesReleased();
    }

    @Test
    void respawnKeepsTheStreamGoing() {
        List<ParticleFrame> frames = ParticleStreams.trajectory(Mono.just(poisoned()), spec().respawnNonFinite(true).build())
                .collectList().block(Duration.ofSeconds(10));
        assertEquals(11, frames.size());
        for (ParticleFrame frame : frames) {
            for (int k = 0; k < 2 * frame.count(); k++) {
                assertTrue(Float.isFinite(frame.positions().get(k)));
            }
            frame.release();
        }
        assertAllFramesReleased();
    }

    @Test
    void latestKeepsTheNewestFrameAndReleasesTheRest() throws InterruptedException {
        List<ParticleFrame> taken = new ArrayList<>();
        StepVerifier.create(ParticleStreams.latest(ParticleStreams.samples(Mono.just(exactModel()),
                        spec().particles(64).scheduler(Schedulers.boundedElastic()).build())), 0)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(300))
                .thenRequest(1)
                .consumeNextWith(taken::add)
                .thenAwait(Duration.ofMillis(300))
                .thenRequest(1)
                .consumeNextWith(taken::add)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertTrue(taken.get(1).sequence() > taken.get(0).sequence() + 1, "frames in between were dropped: "
                + taken.get(0).sequence() + " then " + taken.get(1).sequence());
        Thread.sleep(200);
        assertEquals(outstandingBefore + 2, FramePool.ACQUIRED.get() - FramePool.RELEASED.get(),
                "only the two frames taken are still out");
        taken.forEach(ParticleFrame::release);
        assertAllFramesReleased();
    }

    @Test
    void badSpecsFailAtAssembly() {
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.builder().particles(0));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.builder().steps(0));
        assertThrows(IllegalArgumentException.class, () -> StreamSpec.builder().frames(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSpec.builder().solver("warp"));
        assertTrue(e.getMessage().contains("warp"));
        assertThrows(IllegalArgumentException.class,
                () -> ParticleStreams.samples(Mono.just(exactModel()), spec().reverse(true).build()));
    }

    @Test
    void aFailedModelErrorsTheStream() {
        StepVerifier.create(ParticleStreams.samples(Mono.error(new IllegalStateException("no model")), spec().build()))
                .expectErrorMessage("no model")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFewStepModelStreamsInTheStepsItsFileRecordsUnlessTheSpecSaysOtherwise() {
        Model fewStep = new Model("few", new GaussianMixtureField(EIGHT, Schedules.condOt(0)), Schedules.condOt(0),
                Normalization.identity(2), Map.of(Model.SAMPLE_SOLVER_KEY, "euler", Model.SAMPLE_STEPS_KEY, "2"));
        List<ParticleFrame> frames = ParticleStreams.trajectory(Mono.just(fewStep), StreamSpec.builder().particles(100)
                .velocities(false).build())
                .doOnNext(ParticleFrame::release).collectList().block(Duration.ofSeconds(10));
        assertEquals(3, frames.size(), "two Euler steps: t = 0, 0.5, 1");
        assertEquals(1, frames.get(1).functionEvaluations(), "one Euler evaluation a step");
        List<ParticleFrame> overridden = ParticleStreams.trajectory(Mono.just(fewStep), StreamSpec.builder().particles(100)
                .steps(5).build()).doOnNext(ParticleFrame::release).collectList().block(Duration.ofSeconds(10));
        assertEquals(6, overridden.size(), "the spec's steps win");
        List<ParticleFrame> plain = ParticleStreams.trajectory(Mono.just(exactModel()), StreamSpec.builder().particles(100).build())
                .doOnNext(ParticleFrame::release).collectList().block(Duration.ofSeconds(10));
        assertEquals(26, plain.size(), "a model that records nothing: RK4 with 25 steps");
    }
}
