package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/** WB: a baked field: bake time, a frame of 10^6 particles, and its quality against the exact net. */
public final class BakedFieldWorkload {

    private BakedFieldWorkload() {
    }

    /**
     * WB: the bundled checkerboard net (4 × 256) baked onto 128² × 33: bake time, one Euler step
     * of 1 000 000 particles, and the W2 to fresh data of 2 000 RK4 samples through the baked
     * field against the exact net's (mean over 3 draws).
     */
    public static void run(Bench bench) throws IOException {
        Model exact = BundledModels.load("checkerboard");
        long start = System.nanoTime();
        Model baked = exact.baked(128, 33);
        double bakeSeconds = (System.nanoTime() - start) / 1e9;
        int n = 1_000_000;
        float[] x = Noise.standardNormal(2 * n, 2);
        OdeSolver euler = OdeSolvers.euler();
        euler.solve(baked.field(), x, n, TimeSpan.of(0, 0.01), 1);
        double millis = bench.median(() -> {
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
        bench.out().printf(Locale.ROOT, "WB baked field, checkerboard 4x256 on 128^2 x 33 (baked in %.1f s): 1000000 particles, "
                + "one Euler step: %.1f ms per frame; W2 to data %.4f vs exact net %.4f (ratio %.3f)%n",
                bakeSeconds, millis, bakedW2 / 3, exactW2 / 3, bakedW2 / exactW2);
    }
}
