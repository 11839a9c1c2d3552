package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.util.Locale;

/** W1: training steps per second of the reference net. */
public final class TrainingWorkload {

    private TrainingWorkload() {
    }

    /** W1: training steps per second, batch 4096, 4 × 256, after 20 warm-up steps. */
    public static void run(Bench bench) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 256, 4);
        double rate = bench.median(() -> {
            TrainingConfig config = TrainingConfig.builder().width(256).depth(4).batchSize(4096).steps(20 + bench.w1Steps())
                    .learningRate(1e-3).normalize(false).reportEvery(20).build();
            long[] timedStart = {0};
            CfmTrainer.train(Datasets.checkerboard(), config)
                    .doOnNext(event -> {
                        if (event.step() == 20) {
                            timedStart[0] = System.nanoTime();
                        }
                    })
                    .blockLast();
            return bench.w1Steps() / ((System.nanoTime() - timedStart[0]) / 1e9);
        });
        double gflops = rate * 3.0 * 4096 * architecture.flopsPerEvaluation() / 1e9;
        bench.out().printf(Locale.ROOT, "W1 training, batch 4096, 4x256 SiLU: %.2f steps/s = %.1f GFLOP/s = %.2f of W0%n", rate, gflops, gflops / bench.sgemm());
    }
}
