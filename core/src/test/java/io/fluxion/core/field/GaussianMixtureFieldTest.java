package io.fluxion.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureFieldTest {

    static GaussianMixture diagonalMixture() {
        return GaussianMixture.diagonal("test", new double[] {0.5, 0.3, 0.2},
                new double[][] {{-1.5, 0.5}, {1.0, 1.0}, {0.5, -1.5}},
                new double[][] {{0.3, 0.5}, {0.6, 0.2}, {0.4, 0.4}});
    }

    @Test
    void singleGaussianMatchesClosedForm() {
        // one component N(μ, s²): v(x, t) = α'μ + (α'α s² + σσ')/(α²s² + σ²)·(x − αμ)
        double mu = 1.3;
        double s = 0.4;
        GaussianMixture single = GaussianMixture.isotropic("one", new double[] {1}, new double[][] {{mu}}, new double[] {s});
        Schedule condOt = Schedules.condOt(0);
        GaussianMixtureField field = new GaussianMixtureField(single, condOt);
        float[] out = new float[1];
        for (double t : new double[] {0, 0.2, 0.5, 0.9, 1}) {
            for (double x : new double[] {-2, 0, 0.7, 3}) {
                field.evaluate(new float[] {(float) x}, 1, (float) t, out);
                double expected = mu + (t * s * s - (1 - t)) / (t * t * s * s + (1 - t) * (1 - t)) * (x - t * mu);
                assertEquals(expected, out[0], 1e-5 * Math.max(1, Math.abs(expected)), "t=" + t + ", x=" + x);
            }
        }
    }

    /** p_t(x) of the mixture under the path: Σ π_k N(x; αμ_k, α²s_k² + σ²). */
    static double density(GaussianMixture m, Schedule schedule, double t, double[] x) {
        double a = schedule.alpha(t);
        double s = schedule.sigma(t);
        double total = 0;
        for (int k = 0; k < m.components(); k++) {
            double p = m.weight(k);
            for (int j = 0; j < x.length; j++) {
                double var = a * a * m.std(k, j) * m.std(k, j) + s * s;
                double r = x[j] - a * m.mean(k, j);
                p *= Math.exp(-0.5 * r * r / var) / Math.sqrt(2 * Math.PI * var);
            }
            total += p;
        }
        return total;
    }

    @Test
    void marginalAlongThePathMatchesTheDensityFormula() {
        GaussianMixture mixture = diagonalMixture();
        for (Schedule schedule : List.of(Schedules.condOt(0), Schedules.cosine(), Schedules.vp(0.1, 20))) {
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double[] x = {0.4, -0.7};
                double[] logDensity = new double[1];
                mixture.alongPath(schedule, t).logDensity(new float[] {0.4f, -0.7f}, 1, logDensity);
                assertEquals(Math.log(density(mixture, schedule, t, x)), logDensity[0], 1e-5, schedule.describe() + " t=" + t);
            }
        }
    }

    @Test
    void velocitySatisfiesTheContinuityEquation() {
        // the continuity equation ∂p_t/∂t + div(p_t·v_t) = 0 holds for the true marginal velocity:
        // checked with central differences of the analytic density, for every schedule.
        GaussianMixture mixture = diagonalMixture();
        for (Schedule schedule : List.of(Schedules.condOt(0), Schedules.condOt(0.05), Schedules.cosine(),
                Schedules.vp(0.1, 20), Schedules.polynomial(2))) {
            GaussianMixtureField field = new GaussianMixtureField(mixture, schedule);
            SplittableRandom random = new SplittableRandom(7);
            double h = 1e-4;
            for (int trial = 0; trial < 40; trial++) {
                double t = 0.1 + 0.8 * random.nextDouble();
                double[] x = {random.nextGaussian() * 1.5, random.nextGaussian() * 1.5};
                double dpdt = (density(mixture, schedule, t + h, x) - density(mixture, schedule, t - h, x)) / (2 * h);
                double divergenceOfFlux = 0;
                for (int j = 0; j < 2; j++) {
                    double[] plus = x.clone();
                    double[] minus = x.clone();
                    plus[j] += h;
                    minus[j] -= h;
                    divergenceOfFlux += (flux(field, mixture, schedule, t, plus, j) - flux(field, mixture, schedule, t, minus, j))
                            / (2 * h);
                }
                double scale = Math.max(1e-3, Math.abs(dpdt));
                assertEquals(0, (dpdt + divergenceOfFlux) / scale, 2e-2,
                        schedule.describe() + " at t=" + t + ", x=(" + x[0] + ", " + x[1] + "): dp/dt=" + dpdt);
            }
        }
    }

    private static double flux(GaussianMixtureField field, GaussianMixture m, Schedule s, double t, double[] x, int j) {
        float[] out = new float[2];
        field.evaluate(new float[] {(float) x[0], (float) x[1]}, 1, (float) t, out);
        // float evaluation: use a double re-evaluation of p, velocity component j
        return density(m, s, t, x) * out[j];
    }

    @Test
    void divergenceMatchesFiniteDifferencesOfTheVelocity() {
        GaussianMixture mixture = diagonalMixture();
        GaussianMixtureField field = new GaussianMixtureField(mixture, Schedules.condOt(0));
        SplittableRandom random = new SplittableRandom(11);
        int n = 50;
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            t[i] = (float) random.nextDouble();
        }
        float[] velocity = new float[2 * n];
        float[] divergence = new float[n];
        field.evaluateWithDivergence(x, n, t, velocity, divergence);
        float h = 1e-2f;
        float[] out = new float[2];
        for (int i = 0; i < n; i++) {
            double fd = 0;
            for (int j = 0; j < 2; j++) {
                float[] plus = {x[2 * i], x[2 * i + 1]};
                float[] minus = {x[2 * i], x[2 * i + 1]};
                plus[j] += h;
                minus[j] -= h;
                field.evaluate(plus, 1, t[i], out);
                double vp = out[j];
                field.evaluate(minus, 1, t[i], out);
                fd += (vp - out[j]) / (2 * h);
            }
            assertEquals(fd, divergence[i], 2e-2 * Math.max(1, Math.abs(fd)), "particle " + i + " at t=" + t[i]);
        }
    }

    @Test
    void perParticleTimesAgreeWithSharedTime() {
        GaussianMixtureField field = new GaussianMixtureField(diagonalMixture(), Schedules.cosine());
        float[] x = {0.1f, 0.2f, -1f, 2f, 1.5f, -0.5f};
        float[] shared = new float[6];
        float[] perParticle = new float[6];
        field.evaluate(x, 3, 0.4f, shared);
        field.evaluate(x, 3, new float[] {0.4f, 0.4f, 0.4f}, perParticle);
        for (int k = 0; k < 6; k++) {
            assertEquals(shared[k], perParticle[k], 0);
        }
    }

    @Test
    void atTimeOneTheVelocityPointsAlongTheCondOtTarget() {
        // at t = 1 under CondOT σmin=0, v(x) = E[x1 − x0 | x1 = x] = x (since E[x0 | x1] = 0)
        GaussianMixtureField field = new GaussianMixtureField(diagonalMixture(), Schedules.condOt(0));
        float[] x = {0.3f, -0.7f};
        float[] out = new float[2];
        field.evaluate(x, 1, 1f, out);
        assertEquals(0.3f, out[0], 1e-6);
        assertEquals(-0.7f, out[1], 1e-6);
    }
}
