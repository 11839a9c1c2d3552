package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.path.Schedules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

@ExtendWith(FramesReleased.class)
class EmitterTest {

    static EmitterSpec.Builder spec() {
        // 6 000 spawned per second, 0.5 s flows, 20 frames per second: 300 new per frame, t += 0.1 per frame
        return EmitterSpec.builder().maxParticles(10_000).spawnRate(6000).flowSeconds(0.5).frameSeconds(0.05).seed(1);
    }

    /** Frames as {count, mean t, NFE}, each frame released. */
    static List<double[]> run(Flux<ParticleFrame> frames, int count) {
        List<double[]> out = new ArrayList<>();
        frames.take(count).doOnNext(frame -> {
            double sum = 0;
            for (int i = 0; i < frame.count(); i++) {
                float t = frame.times().get(i);
                assertTrue(t >= 0 && t <= 1, "t in [0, 1]: " + t);
                sum += t;
            }
            out.add(new double[] {frame.count(), frame.count() == 0 ? 0 : sum / frame.count(), frame.functionEvaluations()});
            frame.release();
        }).blockLast(Duration.ofSeconds(30));
        return out;
    }

    @Test
    void spawnsFlowsAndRetiresAtTheConfiguredRate() {
        List<double[]> frames = run(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()), spec().build()), 30);
        assertEquals(300, frames.get(0)[0]);
        assertEquals(600, frames.get(1)[0]);
        // steady state: 300 per frame for 10 frames of flow (the tenth cohort reaches t = 1 and retires)
        for (int k = 12; k < 30; k++) {
            assertEquals(2700, frames.get(k)[0], 300, "live particles at frame " + k);
            assertEquals(0.5, frames.get(k)[1], 0.1, "mean t at frame " + k);
            assertEquals(1, frames.get(k)[2], "one evaluation per frame (Euler)");
        }
    }

    @Test
    void heldParticlesSitOnTheData() {
        GaussianMixture eight = ParticleStreamsTest.EIGHT;
        List<ParticleFrame> kept = new ArrayList<>();
        ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()),
                        spec().evaluationsPerFrame(4).atEnd(EmitterSpec.AtEnd.HOLD).holdSeconds(0.5).build())
                .take(25).doOnNext(kept::add).blockLast(Duration.ofSeconds(30));
        ParticleFrame last = kept.get(kept.size() - 1);
        int held = 0;
        int still = 0;
        for (int i = 0; i < last.count(); i++) {
            if (last.times().get(i) == 1f) {
                held++;
                double r = Math.hypot(last.positions().get(2 * i), last.positions().get(2 * i + 1));
                assertEquals(2, r, 0.6, "held particle on the ring of means");
                if (last.velocities().get(2 * i) == 0f && last.velocities().get(2 * i + 1) == 0f) {
                    still++;
                }
            }
        }
        assertTrue(held > 1000, "held " + held);
        // all but those that arrived during this frame (1 cohort in 10) stand still
        assertTrue(still >= 0.8 * held, still + " of " + held + " held particles still");
        assertEquals(4, last.functionEvaluations());
        kept.forEach(ParticleFrame::release);
        assertEquals(eight.components(), 8);
    }

    @Test
    void dissolvingParticlesFlowBackToNoise() {
        List<double[]> frames = run(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()),
                spec().atEnd(EmitterSpec.AtEnd.DISSOLVE).build()), 40);
        for (int k = 25; k < 40; k++) {
            assertEquals(5700, frames.get(k)[0], 400, "live particles at frame " + k + " (flow there and back)");
        }
    }

    @Test
    void clockDrivenFramesAdvanceByElapsedTime() throws InterruptedException {
        List<Integer> counts = new ArrayList<>();
        long start = System.nanoTime();
        ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()),
                        spec().clockDriven(true).frameSeconds(0.05).build())
                .take(6)
                .doOnNext(frame -> {
                    counts.add(frame.count());
                    frame.release();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .blockLast(Duration.ofSeconds(30));
        // after the first frame, each frame spans ~0.1 s of wall time: ~600 new particles (cap 4 frame times = 1 200)
        int spawnedLater = counts.get(3) - counts.get(2);
        assertTrue(spawnedLater > 400 && spawnedLater <= 1200, "spawned " + spawnedLater + " in one clock frame");
        assertTrue(System.nanoTime() - start > 500_000_000L);
    }

    @Test
    void runningEmitterSwitchesToANewModelWithoutAGap() {
        Sinks.Many<Model> versions = Sinks.many().replay().latest();
        Model first = ParticleStreamsTest.exactModel();
        Model second = first.withName("eight-v2");
        versions.tryEmitNext(first);
        AtomicBoolean subscribed = new AtomicBoolean();
        List<ParticleFrame> frames = new ArrayList<>();
        StepVerifier.create(ParticleStreams.emitter(versions.asFlux().doOnSubscribe(s -> subscribed.set(true)), spec().build()), 0)
                .thenRequest(5)
                .recordWith(() -> frames)
                .expectNextCount(5)
                .then(() -> versions.tryEmitNext(second))
                .thenRequest(1)
                .expectNextMatches(frame -> frame.modelName().equals("eight-v2"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertTrue(subscribed.get());
        assertEquals("eight", frames.get(4).modelName());
        assertTrue(frames.get(5).count() > frames.get(4).count(), "live particles carried over");
        frames.forEach(ParticleFrame::release);
        assertEquals(0, versions.currentSubscriberCount(), "the models subscription ends with the stream");
    }

    @Test
    void aNewModelOfAnotherDimensionIsAnError() {
        GaussianMixture line = GaussianMixture.isotropic("line", new double[] {1}, new double[][] {{0}}, new double[] {1});
        Model oneD = new Model("line", new GaussianMixtureField(line, Schedules.condOt(0)), Schedules.condOt(0),
                Normalization.identity(1), Map.of());
        Flux<Model> models = Flux.concat(Mono.just(ParticleStreamsTest.exactModel()), Mono.just(oneD).delayElement(Duration.ofMillis(100)));
        StepVerifier.create(ParticleStreams.emitter(models, spec().build()).doOnNext(ParticleFrame::release)
                        .delayElements(Duration.ofMillis(20)))
                .thenConsumeWhile(frame -> true)
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("has d = 1"), e.getMessage()))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void nonFiniteStateEndsTheEmitter() {
        StepVerifier.create(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.poisoned()), spec().build())
                        .doOnNext(ParticleFrame::release))
                .thenConsumeWhile(frame -> true)
                .expectErrorSatisfies(e -> assertTrue(e instanceof NonFiniteStateException
                        && e.getMessage().contains("model poisoned") && e.getMessage().contains("t = "), e.getMessage()))
                .verify(Duration.ofSeconds(10));
        List<double[]> frames = run(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.poisoned()),
                spec().respawnNonFinite(true).build()), 20);
        assertEquals(20, frames.size());
    }

    @Test
    void particlesCarryTheirLogDensityAlongTheFlow() {
        // RK4 per frame, 40 frames per flow: every live particle's log-density against p_t of the mixture
        GaussianMixture eight = ParticleStreamsTest.EIGHT;
        List<ParticleFrame> kept = new ArrayList<>();
        ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()), EmitterSpec.builder().maxParticles(8000)
                        .spawnRate(4000).flowSeconds(1).frameSeconds(0.025).evaluationsPerFrame(4).logDensity(true)
                        .atEnd(EmitterSpec.AtEnd.DISSOLVE).seed(3).build())
                .take(60).doOnNext(kept::add).blockLast(Duration.ofSeconds(30));
        ParticleFrame frame = kept.get(kept.size() - 1);
        double sum = 0;
        float[] point = new float[2];
        double[] expected = new double[1];
        for (int i = 0; i < frame.count(); i++) {
            point[0] = frame.positions().get(2 * i);
            point[1] = frame.positions().get(2 * i + 1);
            eight.alongPath(Schedules.condOt(0), frame.times().get(i)).logDensity(point, 1, expected);
            sum += Math.abs(expected[0] - frame.logDensities().get(i));
        }
        double mean = sum / frame.count();
        assertTrue(mean < 0.05, "mean log-density error " + mean + " over " + frame.count() + " particles");
        kept.forEach(ParticleFrame::release);
    }

    @Test
    void badSpecsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmitterSpec.builder().maxParticles(1000).spawnRate(1e6).flowSeconds(3).build());
        assertTrue(e.getMessage().contains("more than maxParticles 1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmitterSpec.builder().evaluationsPerFrame(3));
        assertThrows(IllegalArgumentException.class, () -> EmitterSpec.builder().frameSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> EmitterSpec.builder().spawnRate(Double.NaN));
    }
}
