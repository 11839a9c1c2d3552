package io.fluxion.demo.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;

/** WG: what classifier-free guidance costs, per particle, against one evaluation of the net. */
public final class GuidanceWorkload {

    private GuidanceWorkload() {
    }

    /**
     * WG: the bundled glyphs net (4 × 256, 43 classes), 65 536 particles at t = 0.5: one evaluation
     * of a class at guidance 1 (one branch), at guidance 2 (both branches in one batched pass),
     * and the bundled checkerboard net of the same size without labels, for scale. Goals: guidance
     * within 2.1 × one conditional evaluation; guidance 1 no dearer than one evaluation.
     */
    public static void run(Bench bench) throws IOException {
        Model glyphs = BundledModels.load("glyphs");
        Model plain = BundledModels.load("checkerboard");
        int n = 65_536;
        float[] x = Noise.standardNormal(2 * n, 5);
        float[] out = new float[2 * n];
        double unconditional = millis(bench, plain.field(), x, n, out);
        double one = millis(bench, glyphs.conditioned(7, 1).field(), x, n, out);
        double guided = millis(bench, glyphs.conditioned(7, 2).field(), x, n, out);
        bench.out().printf(Locale.ROOT, "WG guidance, glyphs 4x256 (43 classes), %d particles: class at guidance 1 %.1f ms "
                + "(unlabelled 4x256 net %.1f ms, ratio %.2f); guidance 2 in one pass %.1f ms (%.2f x one conditional "
                + "evaluation, goal <= 2.1)%n", n, one, unconditional, one / unconditional, guided, guided / one);
    }

    private static double millis(Bench bench, VelocityField field, float[] x, int n, float[] out) {
        for (int warm = 0; warm < 5; warm++) {
            field.evaluate(x, n, 0.5f, out);
        }
        return bench.median(() -> {
            long start = System.nanoTime();
            field.evaluate(x, n, 0.5f, out);
            return (System.nanoTime() - start) / 1e6;
        });
    }
}
