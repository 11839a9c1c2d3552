package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpVelocityField;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CfmTrainerTest {

    static TrainingConfig.Builder small() {
        return TrainingConfig.builder().width(32).depth(2).batchSize(128).steps(50).reportEvery(10).seed(7);
    }

    static Model trainedModel(Flux<TrainingEvent> events) {
        TrainingEvent last = events.blockLast(Duration.ofMinutes(5));
        assertNotNull(last);
        assertTrue(last.isCompleted());
        return last.model();
    }

    /** Flux.generate frees its state just after delivering the terminal signal, on the training thread: wait up to 5 s. */
    static int openRunsAfterSettling() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (TrainingRun.OPEN_RUNS.get() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return TrainingRun.OPEN_RUNS.get();
    }

    @Test
    void emitsProgressAndEndsWithTheModel() {
        StepVerifier.create(CfmTrainer.train(Datasets.moons(), small().build()))
                .expectNextMatches(e -> e.step() == 10 && e.totalSteps() == 50 && !e.isCompleted() && e.loss() > 0)
                .expectNextCount(3)
                .expectNextMatches(e -> e.step() == 50 && e.isCompleted() && e.model().dimension() == 2
                        && e.model().metadata().get("steps").equals("50"))
                .verifyComplete();
        assertEquals(0, openRunsAfterSettling(), "buffers freed on completion");
    }

    @Test
    void sameSeedSameWeights() {
        TrainingConfig config = small().emaDecay(0.9).warmupSteps(5).cosineDecay(true)
                .timeSampling(TimeSampling.logitNormal(0, 1)).lossWeight(LossWeight.of("1+t", t -> 1 + t)).build();
        float[] first = weights(trainedModel(CfmTrainer.train(Datasets.checkerboard(), config)));
        float[] second = weights(trainedModel(CfmTrainer.train(Datasets.checkerboard(), config)));
        assertArrayEquals(first, second, 1e-6f);
        float[] other = weights(trainedModel(CfmTrainer.train(Datasets.checkerboard(), small().seed(8).build())));
        assertTrue(!java.util.Arrays.equals(first, other));
    }

    static float[] weights(Model model) {
        return ((MlpVelocityField) model.field()).parameters().values();
    }

    @Test
    void lossGoesDown() {
        List<TrainingEvent> events = CfmTrainer.train(Datasets.eightGaussians(), small().steps(400).reportEvery(50).build())
                .collectList().block(Duration.ofMinutes(2));
        double first = events.get(0).loss();
        double last = events.get(events.size() - 1).loss();
        assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
    }

    @Test
    void cancellingStopsPromptlyAndFreesBuffers() throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        TrainingConfig config = TrainingConfig.builder().width(256).depth(4).batchSize(2048).steps(100_000)
                .reportEvery(1).build();
        CfmTrainer.train(Datasets.checkerboard(), config).doOnNext(e -> seen.incrementAndGet()).take(3)
                .blockLast(Duration.ofMinutes(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (TrainingRun.OPEN_RUNS.get() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(3, seen.get());
        assertEquals(0, TrainingRun.OPEN_RUNS.get(), "run closed within 2 s of the cancel");
    }

    @Test
    void divergenceEndsWithAClearError() {
        TrainingConfig config = small().learningRate(1e6).steps(200).build();
        StepVerifier.create(CfmTrainer.train(Datasets.checkerboard(), config).then())
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().startsWith("training diverged at step"), e.getMessage()))
                .verify(Duration.ofMinutes(1));
        assertEquals(0, openRunsAfterSettling(), "buffers freed on error");
    }

    @Test
    void badConfigsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().emaDecay(1));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().steps(10).warmupSteps(20).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().learningRate(-1));
        assertTrue(e.getMessage().contains("learningRate"));
    }

    /** Sizes that would exhaust memory (or run for years) are refused with their limit, before any data is read. */
    @Test
    void sizesAreLimitedBeforeAnythingIsAllocated() {
        assertMessage(() -> TrainingConfig.builder().batchSize(2_000_000_000),
                "TrainingConfig: batchSize must be in [1, 65536], got 2000000000");
        assertMessage(() -> TrainingConfig.builder().steps(2_000_000_000),
                "TrainingConfig: steps must be in [1, 100000000], got 2000000000");
        assertMessage(() -> TrainingConfig.builder().width(200_000).depth(3).build(),
                "MlpArchitecture: 3 x 200000 has at least 80,001,200,001 parameters, more than the limit of 134,217,728");
        assertMessage(() -> TrainingConfig.builder().width(200_000).depth(1).batchSize(65_536).build(),
                "batchSize x width = 13,107,200,000 floats a layer, more than the limit of 67,108,864");
        assertMessage(() -> TrainingConfig.builder().coupling(io.fluxion.core.coupling.Couplings::exactOt).batchSize(5000).build(),
                "TrainingConfig: batchSize 5000 is more than the limit of 4096 of the exact-ot coupling");
        assertMessage(() -> io.fluxion.core.coupling.Couplings.sinkhorn(0.1).pair(new float[10_000], new float[10_000], 5000, 2,
                new java.util.SplittableRandom(0)), "a minibatch of 5000 is more than the limit of 4096");
    }

    /** A picture gets the picture recipe by what it is, not by its name. */
    @Test
    void aPictureGetsThePictureDefaultsWhateverItsName() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xffffff);
        TrainingConfig picture = TrainingDefaults.forData(io.fluxion.core.data.Datasets.image("flower", image), false).build();
        assertEquals(List.of(256, 4, 2048, 6000), List.of(picture.width(), picture.depth(), picture.batchSize(), picture.steps()));
        assertEquals(1e-3, picture.learningRate(), 1e-12);
        TrainingConfig points = TrainingDefaults.forData(io.fluxion.core.data.Datasets.moons(), false).build();
        assertEquals(List.of(128, 3, 1024, 3000), List.of(points.width(), points.depth(), points.batchSize(), points.steps()));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable action, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void learningRateWarmsUpAndDecays() {
        TrainingConfig config = TrainingConfig.builder().learningRate(1e-3).steps(100).warmupSteps(10).cosineDecay(true).build();
        assertEquals(1e-4, config.learningRateAt(0), 1e-12);
        assertEquals(1e-3, config.learningRateAt(9), 1e-12);
        assertEquals(1e-3, config.learningRateAt(10), 1e-12);
        assertEquals(0.5e-3, config.learningRateAt(55), 1e-12);
        assertTrue(config.learningRateAt(99) < 1e-5);
    }
}
