package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.util.Locale;
import java.util.SplittableRandom;

/** W4: the quality a training budget reaches (several minutes; {@code bench --quality}). */
public final class QualityWorkload {

    private QualityWorkload() {
    }

    /** W4: W2 distance of 2 000 samples after 3 000 steps at batch 4096, beside data vs data. */
    public static void run(Bench bench) {
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
        bench.out().printf(Locale.ROOT, "W4 quality, checkerboard, 3000 steps (%.0f s): W2 to 2000 fresh points %.4f, "
                + "data vs data %.4f (ratio %.2f; one draw)%n", seconds, modelW2, dataW2, modelW2 / dataW2);
    }
}
