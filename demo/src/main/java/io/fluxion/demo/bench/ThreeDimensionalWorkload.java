package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;

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
            netMillis = bench.eulerStepMillis(net, n);
        }
        Model exact = BundledModels.load("torus-knot");
        long start = System.nanoTime();
        Model baked = exact.baked(64, 17);
        double bakeSeconds = (System.nanoTime() - start) / 1e9;
        int m = 1_000_000;
        double bakedMillis = bench.eulerStepMillis(baked.field(), m);
        PointSource data = Datasets.torusKnot();
        double exactW2 = Bench.meanW2(exact, data, 2000, 3);
        double bakedW2 = Bench.meanW2(baked, data, 2000, 3);
        bench.out().printf(Locale.ROOT, "W3D 3-D net 3x64, %d particles, one Euler step: %.1f ms%n", n, netMillis);
        bench.out().printf(Locale.ROOT, "W3D torus-knot 3x256 baked onto 64^3 x 17 (%.1f MB, baked in %.1f s): %d particles, "
                        + "one Euler step: %.1f ms (goal <= 33); W2 to data %.4f vs exact net %.4f (ratio %.3f, goal <= 1.1)%n",
                baked.field().sizeInBytes() / 1e6, bakeSeconds, m, bakedMillis, bakedW2, exactW2, bakedW2 / exactW2);
    }
}
