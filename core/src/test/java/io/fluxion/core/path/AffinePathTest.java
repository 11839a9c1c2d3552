package io.fluxion.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffinePathTest {

    private static final int N = 64;
    private static final int D = 3;

    private static float[] gaussian(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] times(SplittableRandom random) {
        float[] t = new float[N];
        for (int i = 0; i < N; i++) {
            t[i] = (float) (0.02 + 0.96 * random.nextDouble());
        }
        return t;
    }

    @Test
    void condOtMatchesSeedFormulas() {
        // the OT path of Lipman et al., arXiv 2210.02747: x_t = (1 − (1 − σmin)t)·x0 + t·x1, u_t = x1 − (1 − σmin)·x0
        double sigmaMin = 0.1;
        AffinePath path = new AffinePath(Schedules.condOt(sigmaMin));
        SplittableRandom random = new SplittableRandom(1);
        float[] x0 = gaussian(random, N * D);
        float[] x1 = gaussian(random, N * D);
        float[] t = times(random);
        PathSample sample = path.sample(x0, x1, t, N, D);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                int k = i * D + j;
                assertEquals((1 - (1 - sigmaMin) * t[i]) * x0[k] + t[i] * x1[k], sample.xt()[k], 1e-5);
                assertEquals(x1[k] - (1 - sigmaMin) * x0[k], sample.ut()[k], 1e-5);
            }
        }
    }

    @Test
    void targetEqualsTheConditionalVectorFieldOfSeed003() {
        // u_t(x | x1) = σ'/σ·(x − α·x1) + α'·x1 for Gaussian conditional paths (Lipman et al., arXiv 2210.02747)
        for (Schedule schedule : List.of(Schedules.cosine(), Schedules.vp(0.1, 20), Schedules.ve(0.01, 10),
                Schedules.polynomial(2))) {
            AffinePath path = new AffinePath(schedule);
            SplittableRandom random = new SplittableRandom(2);
            float[] x0 = gaussian(random, N * D);
            float[] x1 = gaussian(random, N * D);
            float[] t = times(random);
            PathSample sample = path.sample(x0, x1, t, N, D);
            for (int i = 0; i < N; i++) {
                double a = schedule.alpha(t[i]);
                double s = schedule.sigma(t[i]);
                for (int j = 0; j < D; j++) {
                    int k = i * D + j;
                    double expected = schedule.sigmaDerivative(t[i]) / s * (sample.xt()[k] - a * x1[k])
                            + schedule.alphaDerivative(t[i]) * x1[k];
                    assertEquals(expected, sample.ut()[k], 2e-4 * Math.max(1, Math.abs(expected)), schedule.describe());
                }
            }
        }
    }

    @Test
    void conversionsBetweenVelocityDataAndNoiseAgree() {
        for (Schedule schedule : List.of(Schedules.condOt(0), Schedules.cosine(), Schedules.polynomial(2))) {
            AffinePath path = new AffinePath(schedule);
            SplittableRandom random = new SplittableRandom(3);
            float[] x0 = gaussian(random, N * D);
            float[] x1 = gaussian(random, N * D);
            float[] t = times(random);
            PathSample sample = path.sample(x0, x1, t, N, D);
            float[] data = new float[N * D];
            float[] noise = new float[N * D];
            float[] velocity = new float[N * D];
            path.dataFromVelocity(sample.xt(), t, sample.ut(), N, D, data);
            path.noiseFromVelocity(sample.xt(), t, sample.ut(), N, D, noise);
            for (int k = 0; k < N * D; k++) {
                assertEquals(x1[k], data[k], 2e-3, "x1 from v, " + schedule.describe());
                assertEquals(x0[k], noise[k], 2e-3, "x0 from v, " + schedule.describe());
            }
            path.velocityFromData(sample.xt(), t, x1, N, D, velocity);
            for (int k = 0; k < N * D; k++) {
                assertEquals(sample.ut()[k], velocity[k], 2e-3, "v from x1, " + schedule.describe());
            }
            path.velocityFromNoise(sample.xt(), t, x0, N, D, velocity);
            for (int k = 0; k < N * D; k++) {
                assertEquals(sample.ut()[k], velocity[k], 2e-3 * Math.max(1, Math.abs(sample.ut()[k])),
                        "v from x0, " + schedule.describe());
            }
        }
    }

    @Test
    void conversionWhereUndefinedSaysWhere() {
        AffinePath path = new AffinePath(Schedules.condOt(0));
        float[] x = {1, 2};
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> path.velocityFromData(x, new float[] {1f}, x, 1, 2, new float[2]));
        assertEquals(true, e.getMessage().contains("t = 1"), e.getMessage());
    }
}
