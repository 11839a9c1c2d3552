package io.fluxion.core.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LikelihoodTest {

    static GaussianMixture mixture() {
        return GaussianMixture.diagonal("likelihood", new double[] {0.4, 0.35, 0.25},
                new double[][] {{-1.0, 0.5}, {1.2, 1.0}, {0.3, -1.4}},
                new double[][] {{0.35, 0.5}, {0.6, 0.3}, {0.4, 0.45}});
    }

    /** Points from the mixture and around it (including its tails). */
    static float[] probePoints(GaussianMixture m, int n) {
        float[] x = m.sample(n, 21);
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < n / 4; i++) {
            x[2 * i] = (float) (random.nextDouble() * 5 - 2.5);
            x[2 * i + 1] = (float) (random.nextDouble() * 5 - 2.5);
        }
        return x;
    }

    @Test
    void exactDivergenceGivesTheMixtureLogDensity() {
        GaussianMixture m = mixture();
        int n = 400;
        float[] x = probePoints(m, n);
        double[] expected = new double[n];
        m.logDensity(x, n, expected);
        double[] computed = new double[n];
        Likelihood likelihood = new Likelihood(new GaussianMixtureField(m, Schedules.condOt(0)),
                OdeSolvers.dopri5(1e-6, 1e-6), TimeGrid.uniform(1));
        assertTrue(likelihood.isExact());
        OdeResult result = likelihood.logDensity(x, n, computed);
        double worst = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double error = Math.abs(computed[i] - expected[i]);
            worst = Math.max(worst, error);
            sum += error;
        }
        System.out.printf("exact log-density: max error %.5f nats, mean %.5f over %d points (NFE %d)%n",
                worst, sum / n, n, result.functionEvaluations());
        assertTrue(worst < 0.02, "max error " + worst + " nats");
    }

    @Test
    void hutchinsonEstimateIsCloseOnAverage() {
        GaussianMixture m = mixture();
        int n = 200;
        float[] x = probePoints(m, n);
        double[] expected = new double[n];
        m.logDensity(x, n, expected);
        GaussianMixtureField exact = new GaussianMixtureField(m, Schedules.condOt(0));
        VelocityField opaque = new VelocityField() {   // hides the exact divergence
            @Override public int dimension() { return 2; }
            @Override public void evaluate(float[] p, int count, float t, float[] out) { exact.evaluate(p, count, t, out); }
            @Override public void evaluate(float[] p, int count, float[] t, float[] out) { exact.evaluate(p, count, t, out); }
        };
        Likelihood likelihood = new Likelihood(opaque, OdeSolvers.rk4(), TimeGrid.uniform(100), 1, 16, 3);
        double[] computed = new double[n];
        likelihood.logDensity(x, n, computed);
        double bias = 0;
        double absolute = 0;
        for (int i = 0; i < n; i++) {
            bias += computed[i] - expected[i];
            absolute += Math.abs(computed[i] - expected[i]);
        }
        System.out.printf("Hutchinson (16 probes): mean error %.4f, mean |error| %.4f nats%n", bias / n, absolute / n);
        assertTrue(Math.abs(bias / n) < 0.05, "unbiased on average: " + bias / n);
        assertTrue(absolute / n < 0.25, "mean absolute error " + absolute / n);
    }
}
