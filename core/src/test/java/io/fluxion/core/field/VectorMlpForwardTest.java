package io.fluxion.core.field;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API forward pass against ND4J's, on the same weights and inputs. */
class VectorMlpForwardTest {

    private static double largestDifference(MlpArchitecture architecture, int n, boolean perRowTimes) {
        MlpParameters parameters = MlpParameters.initialise(architecture, 11);
        MlpVelocityField nd4j = new MlpVelocityField(parameters);
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
        if (perRowTimes) {
            nd4j.evaluate(x, n, t, want);
            vector.evaluate(x, n, 0, t, got);
        } else {
            nd4j.evaluate(x, n, 0.37f, want);
            vector.evaluate(x, n, 0.37f, null, got);
        }
        double worst = 0;
        for (int i = 0; i < n * d; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
        }
        nd4j.close();
        return worst;
    }

    @Test
    void matchesTheNd4jForwardPass() {
        for (MlpArchitecture architecture : new MlpArchitecture[] {MlpArchitecture.of(2, 64, 3), MlpArchitecture.of(3, 24, 2),
            MlpArchitecture.of(2, 128, 4), new MlpArchitecture(2, 32, 2, Activation.SILU, 4)}) {
            for (int n : new int[] {1, 15, 16, 17, 1000, 40_000}) {
                for (boolean perRow : new boolean[] {false, true}) {
                    double worst = largestDifference(architecture, n, perRow);
                    assertTrue(worst < 2e-5, architecture + ", n = " + n + ", per-row t " + perRow + ": " + worst);
                }
            }
        }
    }
}
