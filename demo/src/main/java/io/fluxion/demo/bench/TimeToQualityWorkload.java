package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingDefaults;
import io.fluxion.core.train.TrainingEvent;
import java.util.Locale;

/**
 * W6, time to quality: what {@code fluxion train --data checkerboard} with no other flag reaches
 * in a budget of 2, 5, 10, 30 and 60 s on this machine. The steps each budget buys come from the
 * training speed of a 1 500-step run after a 300-step warm-up; each budget is its own run (its learning-rate schedule
 * spans the budget, as a user's run with that many steps would). W2 of 1 000 RK4 samples against
 * fresh data, over the data-vs-data floor, mean of 3 draws; the seconds needed to reach 1.3× are
 * given as the smallest budget that reaches it.
 */
public final class TimeToQualityWorkload {

    private static final int[] BUDGETS = {2, 5, 10, 30, 60};
    private static final double GOAL = 1.3;

    private TimeToQualityWorkload() {
    }

    public static void run(Bench bench) {
        PointSource data = Datasets.checkerboard();
        CfmTrainer.train(data, TrainingDefaults.forData(data, false).steps(300).reportEvery(300).build()).blockLast(); // JIT
        TrainingEvent probe = CfmTrainer.train(data, TrainingDefaults.forData(data, false).steps(1500).reportEvery(1500)
                .build()).blockLast();
        double stepsPerSecond = probe.stepsPerSecond();
        double floor = Bench.meanFloor(data, 1000, 3);
        StringBuilder line = new StringBuilder();
        Integer reached = null;
        for (int budget : BUDGETS) {
            int steps = Math.max(100, (int) (stepsPerSecond * budget));
            TrainingConfig config = TrainingDefaults.forData(data, false).steps(steps).reportEvery(steps).build();
            long start = System.nanoTime();
            Model model = CfmTrainer.train(data, config).blockLast().model();
            double seconds = (System.nanoTime() - start) / 1e9;
            double ratio = Bench.meanW2(model, data, 1000, 3) / floor;
            line.append(String.format(Locale.ROOT, "%s%d s (%d steps, %.0f s wall): %.2fx", line.length() == 0 ? "" : "; ",
                    budget, steps, seconds, ratio));
            if (reached == null && ratio <= GOAL) {
                reached = budget;
            }
        }
        TrainingConfig defaults = TrainingDefaults.forData(data, false).build();
        bench.out().printf(Locale.ROOT, "W6 time to quality, checkerboard with the train defaults (%dx%d, batch %d, %.0f steps/s): "
                        + "W2 over the floor after %s; %s%n", defaults.depth(), defaults.width(), defaults.batchSize(),
                stepsPerSecond, line, reached == null ? "1.3x not reached within 60 s" : "1.3x needs " + reached + " s (the smallest budget "
                        + "that reaches it)");
    }
}
