package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;

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
        double millis = bench.eulerStepMillis(baked.field(), 1_000_000);
        PointSource data = Datasets.checkerboard();
        double exactW2 = Bench.meanW2(exact, data, 2000, 3);
        double bakedW2 = Bench.meanW2(baked, data, 2000, 3);
        bench.out().printf(Locale.ROOT, "WB baked field, checkerboard 4x256 on 128^2 x 33 (baked in %.1f s): 1000000 particles, "
                + "one Euler step: %.1f ms per frame; W2 to data %.4f vs exact net %.4f (ratio %.3f)%n",
                bakeSeconds, millis, bakedW2, exactW2, bakedW2 / exactW2);
    }
}
