package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/** W3D: 3-D flows: a small net's Euler step, and a 3-D baked field's step, size and quality. */
public final class ThreeDimensionalWorkload {

    private ThreeDimensionalWorkload() {
    }

    /**
     * W3D: one Euler step of 100 000 particles through a 3 × 64 3-D net (the forward pass the
     * CPU runs for it); then the bundled torus-knot net (3 × 256) baked onto 64³ × 17: bake time,
     * its memory, one Euler step of 1 000 000 particles (goal ≤ 33 ms), and the W2 to fresh data of
     * 2 000 RK4 samples through the baked field against the exact net's (mean over 3 draws).
     */
    public static void run(Bench bench) throws IOException {
        int n = 100_000;
        MlpArchitecture small = MlpArchitecture.of(3, 64, 3);
        double netMillis;
        try (MlpVelocityField net = new MlpVelocityField(MlpParameters.initialise(small, 0))) {
            netMillis = eulerStepMillis(bench, net, n);
        }
        Model exact = BundledModels.load("torus-knot");
        long start = System.nanoTime();
        Model baked = exact.baked(64, 17);
        double bakeSeconds = (System.nanoTime() - start) / 1e9;
        int m = 1_000_000;
        double bakedMillis = eulerStepMillis(bench, baked.field(), m);
        PointSource data = Datasets.torusKnot();
        int k = 2000;
        double exactW2 = 0;
        double bakedW2 = 0;
        for (int r = 0; r < 3; r++) {
            float[] fresh = data.sample(k, 10 + r);
            exactW2 += Wasserstein.exact(exact.sample(k, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(r)),
                    fresh, k, 3);
            bakedW2 += Wasserstein.exact(baked.sample(k, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(r)),
                    fresh, k, 3);
        }
        bench.out().printf(Locale.ROOT, "W3D 3-D net 3x64, %d particles, one Euler step: %.1f ms%n", n, netMillis);
        bench.out().printf(Locale.ROOT, "W3D torus-knot 3x256 baked onto 64^3 x 17 (%.1f MB, baked in %.1f s): %d particles, "
                        + "one Euler step: %.1f ms (goal <= 33); W2 to data %.4f vs exact net %.4f (ratio %.3f, goal <= 1.1)%n",
                baked.field().sizeInBytes() / 1e6, bakeSeconds, m, bakedMillis, bakedW2 / 3, exactW2 / 3, bakedW2 / exactW2);
    }

    private static double eulerStepMillis(Bench bench, VelocityField field, int n) {
        float[] x = Noise.standardNormal(3 * n, 3);
        OdeSolver euler = OdeSolvers.euler();
        for (int warm = 0; warm < 20; warm++) { // the JIT compiles the pass for this shape first
            euler.solve(field, x, n, TimeSpan.of(0, 0.01), 1);
        }
        return bench.median(() -> {
            long begin = System.nanoTime();
            euler.solve(field, x, n, TimeSpan.of(0.5, 0.51), 1);
            return (System.nanoTime() - begin) / 1e6;
        });
    }
}
