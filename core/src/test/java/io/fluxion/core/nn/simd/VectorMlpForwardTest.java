package io.fluxion.core.nn.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.nn.nd4j.MlpEvaluatorSet;
import io.fluxion.core.nn.nd4j.Nd4jParameters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API forward pass against ND4J's ({@link MlpEvaluatorSet}, which {@link MlpVelocityField}
 * runs only where it has no fast pass), on the same weights and inputs.
 */
class VectorMlpForwardTest {

    private static double largestDifference(MlpArchitecture architecture, int n, boolean perRowTimes) {
        MlpParameters parameters = MlpParameters.initialise(architecture, 11);
        MlpEvaluatorSet nd4j = new MlpEvaluatorSet(architecture);
        VectorMlpForward vector = new VectorMlpForward(parameters);
        int d = architecture.dimension();
        SplittableRandom random = new SplittableRandom(n);
        float[] x = new float[n * d];
        float[] t = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            t[i] = (float) random.nextDouble();
        }
        float[] want = new float[n * d];
        float[] got = new float[n * d];
        float[] times = perRowTimes ? t : null;
        int[] labels = null;
        if (architecture.isConditional()) {
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(architecture.labels() + 1) - 1; // the null label among them
            }
        }
        nd4j.evaluate(Nd4jParameters.of(parameters), x, n, 0.37f, times, labels, want);
        vector.evaluate(x, n, 0.37f, times, labels, got);
        double worst = 0;
        for (int i = 0; i < n * d; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
        }
        nd4j.close();
        return worst;
    }

    @Test
    void matchesTheNd4jForwardPass() {
        // widths leaving 4, 0, 2, 2, 5, 3 and 1 outputs after the groups of six
        for (MlpArchitecture architecture : new MlpArchitecture[] {MlpArchitecture.of(2, 64, 3), MlpArchitecture.of(3, 24, 2),
            MlpArchitecture.of(2, 128, 4), new MlpArchitecture(2, 32, 2, Activation.SILU, 4), MlpArchitecture.of(2, 11, 2),
            MlpArchitecture.of(3, 9, 2), MlpArchitecture.of(2, 7, 3), new MlpArchitecture(2, 64, 3, Activation.SILU, 0, 10),
            new MlpArchitecture(3, 30, 2, Activation.SILU, 2, 3)}) {
            for (int n : new int[] {1, 15, 16, 17, 1000, 40_000}) {
                for (boolean perRow : new boolean[] {false, true}) {
                    double worst = largestDifference(architecture, n, perRow);
                    assertTrue(worst < 2e-5, architecture + ", n = " + n + ", per-row t " + perRow + ": " + worst);
                }
            }
        }
    }
}
