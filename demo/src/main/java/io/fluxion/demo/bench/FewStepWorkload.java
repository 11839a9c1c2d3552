package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.demo.show.BundledModels;
import java.io.IOException;
import java.util.Locale;

/**
 * WF, the real-time figure at equal quality: for the bundled moons and checkerboard and their
 * bundled reflowed versions sampled with one Euler step, the W2 of the one-step sample beside the
 * data-vs-data floor; the cheapest solver and step count with which the teacher
 * reaches the same W2 (Euler 1 to 32 steps, RK4 1 to 25 steps); and the particles each fits in a
 * 16.7 ms frame on this machine (one evaluation's measured time over the frame, times the NFE).
 */
public final class FewStepWorkload {

    private static final int M = 1000;
    private static final int DRAWS = 3;
    private static final double FRAME_MILLIS = 1000.0 / 60;

    private FewStepWorkload() {
    }

    public static void run(Bench bench) throws IOException {
        for (String name : new String[] {"moons", "checkerboard"}) {
            Model teacher = BundledModels.load(name);
            Model fast = BundledModels.load(name + "-reflow");
            PointSource data = Datasets.byName(name);
            double floor = Bench.meanFloor(data, M, DRAWS);
            double target = w2(fast, data, "euler", 1);
            String best = null;
            int bestNfe = 0;
            double bestW2 = Double.NaN;
            for (String solver : new String[] {"euler", "rk4"}) {
                int perStep = solver.equals("rk4") ? 4 : 1;
                for (int steps : solver.equals("rk4") ? new int[] {1, 2, 4, 8, 25} : new int[] {1, 2, 4, 8, 16, 32}) {
                    int nfe = perStep * steps;
                    if (best != null && nfe >= bestNfe) {
                        continue;
                    }
                    double w2 = w2(teacher, data, solver, steps);
                    if (w2 <= target) {
                        best = solver + " x " + steps;
                        bestNfe = nfe;
                        bestW2 = w2;
                    }
                }
            }
            double evalMillis = bench.eulerStepMillis(fast.field(), 100_000);
            long fastParticles = Math.round(100_000 * FRAME_MILLIS / evalMillis);
            if (best == null) {
                double rk4 = w2(teacher, data, "rk4", 25);
                bench.out().printf(Locale.ROOT, "WF %s at equal quality: one step W2 %.4f (floor %.4f, ratio %.2f): %d particles per "
                                + "16.7 ms frame; the teacher does not reach it within 100 evaluations (RK4 x 25: W2 %.4f)%n", name,
                        target, floor, target / floor, fastParticles, rk4);
            } else {
                long teacherParticles = Math.round(100_000 * FRAME_MILLIS / (bench.eulerStepMillis(teacher.field(), 100_000) * bestNfe));
                bench.out().printf(Locale.ROOT, "WF %s at equal quality: one step W2 %.4f (floor %.4f, ratio %.2f): %d particles per "
                                + "16.7 ms frame; the teacher needs %s (NFE %d, W2 %.4f): %d particles; %.1fx more with one step%n",
                        name, target, floor, target / floor, fastParticles, best, bestNfe, bestW2, teacherParticles,
                        fastParticles / (double) teacherParticles);
            }
        }
    }

    private static double w2(Model model, PointSource data, String solver, int steps) {
        return Bench.meanW2(model, data, solver, steps, M, DRAWS);
    }
}
