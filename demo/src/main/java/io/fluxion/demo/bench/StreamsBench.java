package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * How streams share the cores (workload S of {@code fluxion bench}): 3 and 50 endless sample
 * streams per core on the shared compute scheduler, each subscribed with a plain
 * {@code subscribe(consumer)}, frames per stream in a fixed time; and a short training run alone
 * and beside free-running emitters.
 */
public final class StreamsBench {

    private static final double SECONDS = 3;

    private StreamsBench() {
    }

    public static void run(Bench bench) throws InterruptedException {
        PrintWriter out = bench.out();
        int cores = Runtime.getRuntime().availableProcessors();
        Model model = new Model("s", new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, 64, 3), 1)),
                Schedules.condOt(0), Normalization.identity(2), Map.of());
        StreamSpec spec = StreamSpec.builder().particles(4096).solver("euler").steps(4).velocities(false).build();
        framesPerStream(model, spec, cores); // warm-up: compiles the streams' code before anything is timed
        for (int perCore : new int[] {3, 50}) {
            int streams = perCore * cores;
            long[] frames = framesPerStream(model, spec, streams);
            long[] sorted = frames.clone();
            Arrays.sort(sorted);
            long total = Arrays.stream(frames).sum();
            out.printf(Locale.ROOT, "S %d streams on %d cores (3x64, 4096 particles, Euler 4 steps a frame, %.0f s): "
                            + "frames per stream min %d, median %d, max %d; %.1f frames/s in all%n", streams, cores, SECONDS,
                    sorted[0], sorted[streams / 2], sorted[streams - 1], total / SECONDS);
        }
        TrainingConfig config = TrainingConfig.builder().width(64).depth(3).batchSize(512).steps(100).reportEvery(100).build();
        train(config); // warm-up
        double alone = train(config);
        List<Disposable> emitters = new ArrayList<>();
        EmitterSpec emitterSpec = EmitterSpec.builder().maxParticles(20_000).spawnRate(5_000).flowSeconds(2).build();
        for (int e = 0; e < 2 * cores; e++) {
            emitters.add(ParticleStreams.latest(ParticleStreams.emitter(Mono.just(model), emitterSpec))
                    .subscribe(ParticleFrame::release));
        }
        double beside = train(config);
        emitters.forEach(Disposable::dispose);
        out.printf(Locale.ROOT, "S 100 training steps (3x64, batch 512): %.2f s alone, %.2f s beside %d free-running "
                + "emitters (%.2f of the machine left to training; fair share %.2f)%n", alone, beside, 2 * cores,
                alone / beside, 1.0 / (1 + 2 * cores));
    }

    private static long[] framesPerStream(Model model, StreamSpec spec, int streams) throws InterruptedException {
        AtomicLongArray counts = new AtomicLongArray(streams);
        List<Disposable> running = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int index = s;
            running.add(ParticleStreams.samples(Mono.just(model), spec).subscribe(frame -> {
                counts.incrementAndGet(index);
                frame.release();
            }));
        }
        Thread.sleep((long) (SECONDS * 1000));
        running.forEach(Disposable::dispose);
        long[] frames = new long[streams];
        for (int s = 0; s < streams; s++) {
            frames[s] = counts.get(s);
        }
        Thread.sleep(200); // let the cancelled streams finish their last frames
        return frames;
    }

    private static double train(TrainingConfig config) {
        long start = System.nanoTime();
        CfmTrainer.train(Datasets.moons(), config).blockLast();
        return (System.nanoTime() - start) / 1e9;
    }
}
