package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * More endless streams than cores on the shared compute scheduler: every stream gets frames at
 * a fair share, whether its subscriber takes everything ({@code subscribe(consumer)}) or asks
 * for the next frame from inside {@code onNext}, and training finishes beside running emitters.
 */
@ExtendWith(FramesReleased.class)
class FairSchedulingTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Frames each of {@code streams} endless sample streams delivered in {@code duration}. */
    static long[] framesPerStream(int streams, Duration duration, boolean requestInsideOnNext) throws InterruptedException {
        long outstandingBefore = FramesReleased.settledOutstanding();
        AtomicLongArray counts = new AtomicLongArray(streams);
        List<Disposable> running = new ArrayList<>();
        StreamSpec spec = StreamSpec.builder().particles(256).steps(8).seed(3).build();
        for (int s = 0; s < streams; s++) {
            int index = s;
            Flux<ParticleFrame> frames = ParticleStreams.samples(Mono.just(ParticleStreamsTest.exactModel()), spec);
            if (requestInsideOnNext) {
                BaseSubscriber<ParticleFrame> oneAtATime = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        request(1);
                    }

                    @Override
                    protected void hookOnNext(ParticleFrame frame) {
                        counts.incrementAndGet(index);
                        frame.release();
                        request(1);
                    }
                };
                frames.subscribe(oneAtATime);
                running.add(oneAtATime);
            } else {
                running.add(frames.subscribe(frame -> {
                    counts.incrementAndGet(index);
                    frame.release();
                }));
            }
        }
        Thread.sleep(duration.toMillis());
        running.forEach(Disposable::dispose);
        long[] result = new long[streams];
        for (int s = 0; s < streams; s++) {
            result[s] = counts.get(s);
        }
        awaitOutstanding(outstandingBefore);
        return result;
    }

    /** Cancelled streams release their last frames on the compute threads, shortly after the cancel. */
    static void awaitOutstanding(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (FrameCounts.outstanding() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, FrameCounts.outstanding(), "frames not released after the streams were cancelled");
    }

    private static void assertFair(long[] frames, String what) {
        long[] sorted = frames.clone();
        Arrays.sort(sorted);
        long min = sorted[0];
        long max = sorted[sorted.length - 1];
        long median = sorted[sorted.length / 2];
        System.out.printf("%s on %d cores: frames per stream min %d, median %d, max %d%n", what, CORES, min, median, max);
        assertTrue(min > 0, what + ": a stream got no frame: " + Arrays.toString(frames));
        assertTrue(min >= 0.5 * max, what + ": unfair shares " + Arrays.toString(frames));
    }

    @Test
    void threeTimesMoreStreamsThanCoresAllProgressFairly() throws InterruptedException {
        assertFair(framesPerStream(3 * CORES, Duration.ofMillis(1500), false), 3 * CORES + " streams, subscribe(consumer)");
        assertFair(framesPerStream(3 * CORES, Duration.ofMillis(1500), true), 3 * CORES + " streams, request(1) in onNext");
    }

    @Test
    void fiftyTimesMoreStreamsThanCoresAllProgressFairly() throws InterruptedException {
        assertFair(framesPerStream(50 * CORES, Duration.ofMillis(3000), false), 50 * CORES + " streams, subscribe(consumer)");
    }

    @Test
    void trainingFinishesBesideFreeRunningEmitters() throws InterruptedException {
        long outstandingBefore = FramesReleased.settledOutstanding();
        EmitterSpec spec = EmitterSpec.builder().maxParticles(20_000).spawnRate(5_000).flowSeconds(2).build();
        List<Disposable> emitters = new ArrayList<>();
        for (int e = 0; e < 2 * CORES; e++) {
            emitters.add(ParticleStreams.latest(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()), spec))
                    .subscribe(ParticleFrame::release));
        }
        try {
            long start = System.nanoTime();
            TrainingEvent last = CfmTrainer.train(Datasets.moons(),
                            TrainingConfig.builder().width(32).depth(2).batchSize(256).steps(50).reportEvery(10).build())
                    .blockLast(Duration.ofSeconds(30));
            assertNotNull(last.model());
            System.out.printf("50 training steps beside %d free-running emitters: %.2f s%n", 2 * CORES,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            emitters.forEach(Disposable::dispose);
        }
        awaitOutstanding(outstandingBefore);
    }

    @Test
    void theComputeSchedulerRunsTasksInTheOrderTheyCame() throws InterruptedException {
        var scheduler = ComputeScheduler.create("fifo-test", 1);
        try {
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                int task = i;
                scheduler.schedule(() -> {
                    order.add(task);
                    done.countDown();
                });
            }
            assertTrue(done.await(5, java.util.concurrent.TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) {
                assertEquals(i, order.get(i));
            }
        } finally {
            scheduler.dispose();
        }
    }
}
