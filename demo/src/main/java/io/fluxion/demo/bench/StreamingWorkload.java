package io.fluxion.demo.bench;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Sampler;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import reactor.core.publisher.Mono;

/** W5: what a stream costs over the bare solver loop. */
public final class StreamingWorkload {

    private StreamingWorkload() {
    }

    /**
     * W5: {@code ParticleStreams.samples} against the bare solver loop on the same work (3 × 64,
     * 65 536 particles, RK4 10 steps, no velocities in the frames): frames per second, and their ratio.
     */
    public static void run(Bench bench) {
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, 64, 3), 1));
        Model model = new Model("w5", field, Schedules.condOt(0),
                Normalization.identity(2), Map.of());
        int n = 65536;
        int frames = 10;
        Sampler sampler = new Sampler(field, OdeSolvers.rk4(), TimeGrid.uniform(10));
        float[] x = new float[2 * n];
        StreamSpec spec = StreamSpec.builder().particles(n).steps(10)
                .velocities(false).frames(frames).build();
        // warm both paths (JIT, per-thread buffers on every compute thread)
        sampler.sample(x, n, new SplittableRandom(0));
        ParticleStreams.samples(Mono.just(model), spec)
                .doOnNext(ParticleFrame::release).take(2).blockLast();
        ParticleStreams.samples(Mono.just(model), spec)
                .doOnNext(ParticleFrame::release).take(2).blockLast();
        // interleaved, bare then streamed in each repetition, so a slow spell of this shared machine
        // falls on both; the ratio is the median of the repetitions' own ratios
        double[] bare = new double[bench.repeats()];
        double[] streamed = new double[bench.repeats()];
        double[] ratios = new double[bench.repeats()];
        for (int r = 0; r < bench.repeats(); r++) {
            SplittableRandom random = new SplittableRandom(3);
            long start = System.nanoTime();
            for (int f = 0; f < frames; f++) {
                sampler.sample(x, n, random);
            }
            bare[r] = frames / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            ParticleStreams.samples(Mono.just(model), spec)
                    .doOnNext(ParticleFrame::release)
                    .blockLast();
            streamed[r] = frames / ((System.nanoTime() - start) / 1e9);
            ratios[r] = streamed[r] / bare[r];
        }
        bench.out().printf(Locale.ROOT, "W5 streaming overhead, samples() vs bare solver loop (3x64, 65536 particles, RK4 10 steps): "
                + "%.2f vs %.2f frames/s, ratio %.3f (median of %d interleaved pairs)%n",
                Bench.middle(streamed), Bench.middle(bare), Bench.middle(ratios), bench.repeats());
    }
}
