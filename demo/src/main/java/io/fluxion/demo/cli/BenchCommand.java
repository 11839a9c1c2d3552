package io.fluxion.demo.cli;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.nn.simd.VectorKernels;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Sampler;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingEvent;
import io.fluxion.demo.bench.FmaPeak;
import io.fluxion.demo.bench.RenderBench;
import io.fluxion.demo.bench.StreamsBench;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/**
 * {@code fluxion bench}: the reference workloads of {@code shared/bench/WORKLOADS.md}, each a
 * median of repetitions, with FLOP rates as fractions of the same-run sgemm rate (W0).
 */
@Command(name = "bench", description = "Run the reference workloads W0-W5, streams sharing the cores (S) and the renderer (R); one line per figure.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--repeats", defaultValue = "3", description = "repetitions per figure (median reported)") int repeats;
    @Option(names = "--w1-steps", defaultValue = "300", description = "timed W1 training steps") int w1Steps;
    @Option(names = "--quality", description = "also run W4 (3 000 training steps at batch 4096, several minutes)")
    boolean quality;
    @Option(names = "--only", split = ",", description = "run only these workloads, e.g. W1,W5, S (streams) or R (renderer); W0 always runs")
    Set<String> only;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        out = spec.commandLine().getOut();
        if (repeats < 1 || w1Steps < 1) {
            throw new IllegalArgumentException("--repeats and --w1-steps must be >= 1");
        }
        if (only != null) {
            for (String workload : only) {
                if (!workload.matches("(?i)W[0-5]|WB|S|R")) {
                    throw new IllegalArgumentException("--only " + workload + ": unknown workload (W0 to W5, WB, S, R)");
                }
            }
        }
        out.printf(Locale.ROOT, "machine: %d cores, %s, ND4J %s backend, SIMD kernels %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                Nd4j.getBackend().getClass().getSimpleName(),
                VectorKernels.available() ? "on" : "off");
        double sgemm = w0();
        if (selected("W1")) {
            w1(sgemm);
        }
        if (selected("W2")) {
            w2(sgemm);
        }
        if (selected("W3")) {
            w3(sgemm);
        }
        if (quality) {
            w4();
        } else if (selected("W4")) {
            out.println("W4 quality at a budget: skipped (run with --quality; several minutes)");
        }
        if (selected("W5")) {
            w5();
        }
        if (selected("WB")) {
            baked();
        }
        if (selected("S")) {
            StreamsBench.run(out);
        }
        if (selected("R")) {
            RenderBench.run(out, repeats);
        }
        return 0;
    }

    private boolean selected(String workload) {
        return only == null || only.stream().anyMatch(w -> w.equalsIgnoreCase(workload));
    }

    private double median(DoubleSupplier measurement) {
        double[] values = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            values[r] = measurement.getAsDouble();
        }
        return middle(values);
    }

    /** The median of values (the upper one of an even count); sorts a copy. */
    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * W0: sgemm 65536×256 · 256×256 into a preallocated output, GFLOP/s, with BLAS threaded over
     * every core as the library does it (Fluxion's own networks run BLAS single-threaded on split
     * batches; the thread count is restored afterwards).
     */
    private double w0() {
        Blas blas = Nd4j.factory().blas();
        int threadsBefore = blas.getMaxThreads();
        blas.setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            return sgemmRate();
        } finally {
            blas.setMaxThreads(threadsBefore);
        }
    }

    private double sgemmRate() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 65536, 256);
        INDArray b = Nd4j.rand(DataType.FLOAT, 256, 256);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {65536, 256}, 'c');
        for (int warm = 0; warm < 3; warm++) {
            Nd4j.gemm(a, b, c, false, false, 1, 0);
        }
        double flops = 2.0 * 65536 * 256 * 256;
        double rate = median(() -> {
            long start = System.nanoTime();
            for (int k = 0; k < 5; k++) {
                Nd4j.gemm(a, b, c, false, false, 1, 0);
            }
            return 5 * flops / ((System.nanoTime() - start) / 1e9) / 1e9;
        });
        out.printf(Locale.ROOT, "W0 BLAS limit: sgemm 65536x256 . 256x256: %.1f GFLOP/s%n", rate);
        return rate;
    }

    /** W1: training steps per second, batch 4096, 4 × 256, after 20 warm-up steps. */
    private void w1(double sgemm) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 256, 4);
        double rate = median(() -> {
            TrainingConfig config = TrainingConfig.builder().width(256).depth(4).batchSize(4096).steps(20 + w1Steps)
                    .learningRate(1e-3).normalize(false).reportEvery(20).build();
            long[] timedStart = {0};
            TrainingEvent last = CfmTrainer.train(Datasets.checkerboard(), config)
                    .doOnNext(event -> {
                        if (event.step() == 20) {
                            timedStart[0] = System.nanoTime();
                        }
                    })
                    .blockLast();
            return w1Steps / ((System.nanoTime() - timedStart[0]) / 1e9);
        });
        double gflops = rate * 3.0 * 4096 * architecture.flopsPerEvaluation() / 1e9;
        out.printf(Locale.ROOT, "W1 training, batch 4096, 4x256 SiLU: %.2f steps/s = %.1f GFLOP/s = %.2f of W0%n", rate, gflops, gflops / sgemm);
    }

    /** W2: particle evaluations per second, 65 536 particles, RK4 25 steps, 4 × 256. */
    private void w2(double sgemm) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 256, 4);
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 1));
        int n = 65536;
        float[] start = Noise.standardNormal(2 * n, 1);
        float[] x = new float[2 * n];
        OdeSolver rk4 = OdeSolvers.rk4();
        field.evaluate(x, n, 0f, new float[2 * n]);
        double rate = median(() -> {
            System.arraycopy(start, 0, x, 0, x.length);
            long began = System.nanoTime();
            int nfe = rk4.solve(field, x, n, TimeSpan.FORWARD, 25).functionEvaluations();
            return (double) n * nfe / ((System.nanoTime() - began) / 1e9);
        });
        double gflops = rate * architecture.flopsPerEvaluation() / 1e9;
        out.printf(Locale.ROOT, "W2 sampling, 65536 particles, RK4 25 steps, 4x256: %.3g evaluations/s = %.1f GFLOP/s "
                + "= %.2f of W0%n", rate, gflops, gflops / sgemm);
    }

    /**
     * W3: one Euler step of a 3 × 64 net per frame, 100 000 and 1 000 000 particles: frames of 3·10^6
     * particle-steps in all per repetition (30 at 100 000), after a second of warm-up frames so the
     * JIT has compiled the kernels; the median frame time of every repetition's frames, beside the
     * fastest and the 90th percentile (this shared machine's other work shows in the spread). Then the
     * floor: the frame's multiply-adds alone at the machine's FMA peak, measured last (Vector API
     * code warmed up from cold call sites before the kernels compiled left them 2.4× slower).
     */
    private void w3(double sgemm) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 64, 3);
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 1));
        OdeSolver euler = OdeSolvers.euler();
        int[] sizes = {100_000, 1_000_000};
        double[] millis = new double[sizes.length];
        double[] fastest = new double[sizes.length];
        double[] ninetiethPercentile = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            float[] x = Noise.standardNormal(2 * n, 2);
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                euler.solve(field, x, n, TimeSpan.of(0, 0.01), 1);
            }
            int frames = Math.max(3, 3_000_000 / n);
            double[] times = new double[frames * repeats];
            for (int f = 0; f < times.length; f++) {
                long start = System.nanoTime();
                euler.solve(field, x, n, TimeSpan.of(0.5, 0.51), 1);
                times[f] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(times);
            millis[s] = times[times.length / 2];
            fastest[s] = times[0];
            ninetiethPercentile[s] = times[times.length * 9 / 10];
        }
        double peak = fmaPeak();
        for (int s = 0; s < sizes.length; s++) {
            double flops = (double) sizes[s] * architecture.flopsPerEvaluation();
            double gflops = flops / (millis[s] / 1e3) / 1e9;
            out.printf(Locale.ROOT, "W3 real time, 3x64, %d particles, one Euler step: %.1f ms per frame = %.1f GFLOP/s "
                    + "= %.2f of W0 (frames: fastest %.1f, 90th percentile %.1f; "
                    + "its multiply-adds alone at the FMA peak: %.1f ms)%n",
                    sizes[s], millis[s], gflops, gflops / sgemm, fastest[s], ninetiethPercentile[s], flops / (peak * 1e9) * 1e3);
        }
    }

    /** The Vector API FMA peak of all cores, GFLOP/s, printed; NaN without the Vector API. */
    private double fmaPeak() {
        try {
            double peak = FmaPeak.gflops();
            out.printf(Locale.ROOT, "P  FMA peak (Vector API, every core, 12 chains each, best of 3 rounds): %.1f GFLOP/s%n", peak);
            return peak;
        } catch (LinkageError e) {
            out.println("P  FMA peak: not measured (jdk.incubator.vector is missing)");
            return Double.NaN;
        }
    }

    /**
     * W5: {@code ParticleStreams.samples} against the bare solver loop on the same work (3 × 64,
     * 65 536 particles, RK4 10 steps, no velocities in the frames): frames per second, and their ratio.
     */
    private void w5() {
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
        double[] bare = new double[repeats];
        double[] streamed = new double[repeats];
        double[] ratios = new double[repeats];
        for (int r = 0; r < repeats; r++) {
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
        out.printf(Locale.ROOT, "W5 streaming overhead, samples() vs bare solver loop (3x64, 65536 particles, RK4 10 steps): "
                + "%.2f vs %.2f frames/s, ratio %.3f (median of %d interleaved pairs)%n",
                middle(streamed), middle(bare), middle(ratios), repeats);
    }

    /** W4: W2 distance of 2 000 samples after 3 000 steps at batch 4096, beside data vs data. */
    private void w4() {
        PointSource data = Datasets.checkerboard();
        TrainingConfig config = TrainingConfig.builder().width(256).depth(4).batchSize(4096).steps(3000)
                .learningRate(1e-3).seed(4).build();
        long start = System.nanoTime();
        Model model = CfmTrainer.train(data, config).blockLast().model();
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = 2000;
        float[] samples = model.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(5));
        float[] fresh = data.sample(n, 6);
        double modelW2 = Wasserstein.exact(samples, fresh, n, 2);
        double dataW2 = Wasserstein.exact(data.sample(n, 7), fresh, n, 2);
        out.printf(Locale.ROOT, "W4 quality, checkerboard, 3000 steps (%.0f s): W2 to 2000 fresh points %.4f, "
                + "data vs data %.4f (ratio %.2f; one draw)%n", seconds, modelW2, dataW2, modelW2 / dataW2);
    }

    /**
     * WB: the bundled checkerboard net (4 × 256) baked onto 128² × 33: bake time, one Euler step
     * of 1 000 000 particles, and the W2 to fresh data of 2 000 RK4 samples through the baked
     * field against the exact net's (mean over 3 draws).
     */
    private void baked() throws IOException {
        Model exact = BundledModels.load("checkerboard");
        long start = System.nanoTime();
        Model baked = exact.baked(128, 33);
        double bakeSeconds = (System.nanoTime() - start) / 1e9;
        int n = 1_000_000;
        float[] x = Noise.standardNormal(2 * n, 2);
        OdeSolver euler = OdeSolvers.euler();
        euler.solve(baked.field(), x, n, TimeSpan.of(0, 0.01), 1);
        double millis = median(() -> {
            long begin = System.nanoTime();
            euler.solve(baked.field(), x, n, TimeSpan.of(0.5, 0.51), 1);
            return (System.nanoTime() - begin) / 1e6;
        });
        PointSource data = Datasets.checkerboard();
        int m = 2000;
        double exactW2 = 0;
        double bakedW2 = 0;
        for (int r = 0; r < 3; r++) {
            float[] fresh = data.sample(m, 10 + r);
            exactW2 += Wasserstein.exact(exact.sample(m, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(r)),
                    fresh, m, 2);
            bakedW2 += Wasserstein.exact(baked.sample(m, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(r)),
                    fresh, m, 2);
        }
        out.printf(Locale.ROOT, "WB baked field, checkerboard 4x256 on 128^2 x 33 (baked in %.1f s): 1000000 particles, "
                + "one Euler step: %.1f ms per frame; W2 to data %.4f vs exact net %.4f (ratio %.3f)%n",
                bakeSeconds, millis, bakedW2 / 3, exactW2 / 3, bakedW2 / exactW2);
    }
}
