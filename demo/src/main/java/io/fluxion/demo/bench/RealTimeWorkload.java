package io.fluxion.demo.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.demo.bench.FmaPeak;
import java.util.Arrays;
import java.util.Locale;

/** W3: one real-time Euler frame of a small net, and P, the machine's FMA peak in the same run. */
public final class RealTimeWorkload {

    private RealTimeWorkload() {
    }

    /**
     * W3: one Euler step of a 3 × 64 net per frame, 100 000 and 1 000 000 particles: frames of 3·10^6
     * particle-steps in all per repetition (30 at 100 000), after a second of warm-up frames so the
     * JIT has compiled the kernels; the median frame time of every repetition's frames, beside the
     * fastest and the 90th percentile (this shared machine's other work shows in the spread). Then the
     * floor: the frame's multiply-adds alone at the machine's FMA peak, measured last (Vector API
     * code warmed up from cold call sites before the kernels compiled left them 2.4× slower).
     */
    public static void run(Bench bench) {
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
            double[] times = new double[frames * bench.repeats()];
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
        double peak = fmaPeak(bench);
        for (int s = 0; s < sizes.length; s++) {
            double flops = (double) sizes[s] * architecture.flopsPerEvaluation();
            double gflops = flops / (millis[s] / 1e3) / 1e9;
            bench.out().printf(Locale.ROOT, "W3 real time, 3x64, %d particles, one Euler step: %.1f ms per frame = %.1f GFLOP/s "
                    + "= %.2f of W0 (frames: fastest %.1f, 90th percentile %.1f; "
                    + "its multiply-adds alone at the FMA peak: %.1f ms)%n",
                    sizes[s], millis[s], gflops, gflops / bench.sgemm(), fastest[s], ninetiethPercentile[s], flops / (peak * 1e9) * 1e3);
        }
    }
    /** The Vector API FMA peak of all cores, GFLOP/s, printed; NaN without the Vector API. */
    private static double fmaPeak(Bench bench) {
        try {
            double peak = FmaPeak.gflops();
            bench.out().printf(Locale.ROOT, "P  FMA peak (Vector API, every core, 12 chains each, best of 3 rounds): %.1f GFLOP/s%n", peak);
            return peak;
        } catch (LinkageError e) {
            bench.out().println("P  FMA peak: not measured (jdk.incubator.vector is missing)");
            return Double.NaN;
        }
    }
}
