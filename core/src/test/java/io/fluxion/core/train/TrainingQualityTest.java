package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.coupling.Couplings;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quality of trained models with fixed seeds, sized to run in CI. */
class TrainingQualityTest {

    static Model train(PointSource data, TrainingConfig config) {
        long start = System.nanoTime();
        Model model = CfmTrainer.train(data, config).blockLast(Duration.ofMinutes(5)).model();
        System.out.printf("trained %s: %d steps in %.1f s, final loss %s%n", data.name(), config.steps(),
                (System.nanoTime() - start) / 1e9, model.metadata().get("finalLoss"));
        return model;
    }

    @Test
    void learnedVelocityMatchesTheExactMixtureField() {
        GaussianMixture mixture = GaussianMixture.isotropic("three", new double[] {0.5, 0.3, 0.2},
                new double[][] {{-1.5, 0}, {1.2, 1.0}, {0.8, -1.3}}, new double[] {0.4, 0.3, 0.35});
        Schedule schedule = Schedules.condOt(0);
        TrainingConfig config = TrainingConfig.builder().width(128).depth(3).batchSize(512).steps(2500)
                .learningRate(2e-3).cosineDecay(true).normalize(false).seed(1).build();
        Model model = train(mixture, config);
        GaussianMixtureField exact = new GaussianMixtureField(mixture, schedule);
        SplittableRandom random = new SplittableRandom(2);
        int n = 4000;
        float[] x1 = new float[2 * n];
        float[] xt = new float[2 * n];
        float[] learned = new float[2 * n];
        float[] truth = new float[2 * n];
        double sumRelative = 0;
        int times = 0;
        StringBuilder perTime = new StringBuilder();
        for (double t = 0.05; t < 1; t += 0.1) {
            mixture.sample(x1, n, random);
            for (int k = 0; k < 2 * n; k++) {
                xt[k] = (float) (schedule.alpha(t) * x1[k] + schedule.sigma(t) * random.nextGaussian());
            }
            model.field().evaluate(xt, n, (float) t, learned);
            exact.evaluate(xt, n, (float) t, truth);
            double error = 0;
            double norm = 0;
            for (int k = 0; k < 2 * n; k++) {
                error += (learned[k] - truth[k]) * (learned[k] - truth[k]);
                norm += truth[k] * truth[k];
            }
            double relative = Math.sqrt(error / norm);
            perTime.append(String.format(" t=%.2f: %.3f", t, relative));
            sumRelative += relative;
            times++;
        }
        double average = sumRelative / times;
        System.out.printf("relative L2 error of the learned velocity vs the exact field, mean %.4f;%s%n", average, perTime);
        assertTrue(average <= 0.15, "mean relative error " + average);
    }

    /**
     * Mean exact W2 over independent draws of 1 000 points, model vs data and data vs data. At
     * this size W2 is dominated by how unevenly the points fall between separated modes (for
     * moons: ±16 points moved by ~2 units), so one draw says little: the mean of 8 does.
     */
    static double[] w2Ratio(Model model, PointSource data) {
        int n = 1000;
        int repeats = 8;
        double modelW2 = 0;
        double baseline = 0;
        for (int r = 0; r < repeats; r++) {
            float[] samples = model.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(100 + r));
            float[] reference = data.sample(n, 200 + r);
            modelW2 += Wasserstein.exact(samples, reference, n, 2) / repeats;
            baseline += Wasserstein.exact(data.sample(n, 300 + r), reference, n, 2) / repeats;
        }
        return new double[] {modelW2, baseline, modelW2 / baseline};
    }

    @Test
    void samplesReachEightGaussiansMoonsAndCheckerboard() {
        StringBuilder failures = new StringBuilder();
        for (PointSource data : new PointSource[] {Datasets.eightGaussians(), Datasets.moons(), Datasets.checkerboard()}) {
            TrainingConfig config = TrainingConfig.builder().width(128).depth(3).batchSize(1024).steps(2500)
                    .learningRate(2e-3).cosineDecay(true).emaDecay(0.999).dataRms(2).seed(3).build();
            Model model = train(data, config);
            double[] w2 = w2Ratio(model, data);
            System.out.printf("%s: W2(samples, data) %.4f, W2(data, data') %.4f, ratio %.3f%n", data.name(), w2[0], w2[1], w2[2]);
            if (w2[2] > 1.3) {
                failures.append(data.name()).append(": ratio ").append(w2[2]).append("; ");
            }
        }
        assertTrue(failures.length() == 0, failures.toString());
    }

    /** Mean distance between Euler with 4 steps and RK4 with 64 steps, from the same noise. */
    static double eulerDiscrepancy(Model model) {
        int n = 2000;
        float[] start = new float[2 * n];
        SplittableRandom random = new SplittableRandom(4);
        for (int k = 0; k < start.length; k++) {
            start[k] = (float) random.nextGaussian();
        }
        float[] coarse = start.clone();
        float[] fine = start.clone();
        OdeSolvers.euler().solve(model.field(), coarse, n, TimeSpan.FORWARD, 4);
        OdeSolvers.rk4().solve(model.field(), fine, n, TimeSpan.FORWARD, 64);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.hypot(coarse[2 * i] - fine[2 * i], coarse[2 * i + 1] - fine[2 * i + 1]);
        }
        return sum / n * model.normalization().scale();
    }

    @Test
    void minibatchOtGivesStraighterPathsThanIndependentCoupling() {
        TrainingConfig.Builder base = TrainingConfig.builder().width(64).depth(3).batchSize(256).steps(1200)
                .learningRate(2e-3).cosineDecay(true).seed(5);
        Model independent = train(Datasets.eightGaussians(), base.coupling(Couplings::independent).build());
        Model ot = train(Datasets.eightGaussians(), base.coupling(Couplings::exactOt).build());
        double independentGap = eulerDiscrepancy(independent);
        double otGap = eulerDiscrepancy(ot);
        System.out.printf("Euler(4) vs RK4(64) mean distance: independent %.4f, exact OT %.4f%n", independentGap, otGap);
        assertTrue(otGap < 0.7 * independentGap, "OT " + otGap + " vs independent " + independentGap);
    }
}
