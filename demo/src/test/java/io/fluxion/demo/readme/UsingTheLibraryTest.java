package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Sampler;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The README's "Using the library" section, run as written. */
class UsingTheLibraryTest {

    @Test
    void runsAsWritten() throws Exception {
        try {
            // snippet-start
            // exact flow to a Gaussian mixture: no training needed
            GaussianMixture target = Datasets.eightGaussians();
            VelocityField exact = new GaussianMixtureField(target, Schedules.condOt(0));
            float[] samples = new Sampler(exact, OdeSolvers.rk4(), TimeGrid.uniform(25)).sample(10_000, new SplittableRandom(1));

            // train a network: a cold Flux of progress events, the last one carrying the model
            TrainingConfig config = TrainingConfig.builder().width(64).depth(3).steps(1000).reportEvery(250).build();
            Model model = CfmTrainer.train(Datasets.moons(), config)
                    .doOnNext(e -> System.out.printf("step %d loss %.3f%n", e.step(), e.loss()))
                    .blockLast().model();
            ModelFiles.save(model, Path.of("moons.fluxion"));

            // samples and exact log-densities, both in data coordinates (log-densities for d <= 3)
            float[] points = model.sample(5_000, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(2));
            double[] logp = new double[5_000];
            model.logDensity(points, 5_000, logp, OdeSolvers.dopri5(1e-5, 1e-5), TimeGrid.uniform(1));
            // snippet-end

            assertEquals(20_000, samples.length);
            assertTrue(Files.size(Path.of("moons.fluxion")) > 1000);
            // the log-densities carried forward along the flow by a stream estimate the same mean
            ParticleFrame frame = ParticleStreams.samples(Mono.just(model),
                            StreamSpec.builder().particles(5_000).steps(50).logDensity(true).velocities(false).frames(1).build())
                    .blockFirst(Duration.ofSeconds(60));
            double forward = 0;
            for (int i = 0; i < frame.count(); i++) {
                forward += frame.logDensities().get(i);
            }
            forward /= frame.count();
            frame.release();
            double backward = java.util.Arrays.stream(logp).average().orElseThrow();
            System.out.printf("mean log p: %.3f backward from data points, %.3f carried forward%n", backward, forward);
            assertEquals(forward, backward, 0.15, "mean log p in data coordinates");
        } finally {
            Files.deleteIfExists(Path.of("moons.fluxion"));
        }
    }
}
