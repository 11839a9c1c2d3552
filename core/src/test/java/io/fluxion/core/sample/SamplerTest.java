package io.fluxion.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int N = 1000;

    @Test
    void exactFieldWithRk4ReachesTheMixture() {
        // W2 between finite sets of a mixture is dominated by random component counts, so both
        // figures are averaged over several independent draws.
        GaussianMixture target = Datasets.eightGaussians();
        int repeats = 4;
        for (Schedule schedule : List.of(Schedules.condOt(0), Schedules.cosine(), Schedules.vp(0.1, 20))) {
            Sampler sampler = new Sampler(new GaussianMixtureField(target, schedule), OdeSolvers.rk4(), TimeGrid.uniform(25));
            double model = 0;
            double baseline = 0;
            for (int r = 0; r < repeats; r++) {
                float[] samples = sampler.sample(N, new SplittableRandom(100 + r));
                float[] data = target.sample(N, 200 + r);
                model += Wasserstein.exact(samples, data, N, 2) / repeats;
                baseline += Wasserstein.exact(target.sample(N, 300 + r), data, N, 2) / repeats;
            }
            System.out.printf("%s, RK4 25 steps: mean W2(samples, data) = %.4f, W2(data, data') = %.4f, ratio %.3f%n",
                    schedule.describe(), model, baseline, model / baseline);
            assertTrue(model < 1.1 * baseline, schedule.describe() + ": " + model + " vs " + baseline);
        }
    }

    @Test
    void samplesHaveTheSpreadOfTheComponents() {
        // each component has standard deviation 0.15, so the RMS distance to the nearest mean is 0.15·√2
        GaussianMixture target = Datasets.eightGaussians();
        Sampler sampler = new Sampler(new GaussianMixtureField(target, Schedules.condOt(0)), OdeSolvers.rk4(),
                TimeGrid.uniform(25));
        int n = 4000;
        float[] samples = sampler.sample(n, new SplittableRandom(9));
        double sumSquares = 0;
        int[] counts = new int[8];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int nearest = 0;
            for (int k = 0; k < 8; k++) {
                double dx = samples[2 * i] - target.mean(k, 0);
                double dy = samples[2 * i + 1] - target.mean(k, 1);
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = k;
                }
            }
            sumSquares += best;
            counts[nearest]++;
        }
        assertEquals(0.15 * Math.sqrt(2), Math.sqrt(sumSquares / n), 0.01);
        for (int count : counts) {
            assertEquals(n / 8.0, count, 4 * Math.sqrt(n / 8.0 * 7 / 8), "component counts");
        }
    }

    @Test
    void reverseMapSendsDataToNoiseAndBack() {
        GaussianMixture target = Datasets.eightGaussians();
        Sampler sampler = new Sampler(new GaussianMixtureField(target, Schedules.condOt(0)),
                OdeSolvers.dopri5(1e-6, 1e-6), TimeGrid.uniform(1));
        float[] x = target.sample(500, 4);
        float[] original = x.clone();
        sampler.toNoise(x, 500);
        // the image of the data under the reverse map is N(0, I)
        double mean = 0;
        double meanSquare = 0;
        for (float v : x) {
            mean += v;
            meanSquare += v * v;
        }
        mean /= x.length;
        meanSquare /= x.length;
        assertEquals(0, mean, 0.1);
        assertEquals(1, meanSquare, 0.15);
        sampler.toData(x, 500);
        double worst = 0;
        for (int k = 0; k < x.length; k++) {
            worst = Math.max(worst, Math.abs(x[k] - original[k]));
        }
        assertTrue(worst < 2e-3, "round trip error " + worst);
    }

    @Test
    void trajectoryHasOneFramePerGridPoint() {
        GaussianMixture target = Datasets.eightGaussians();
        Sampler sampler = new Sampler(new GaussianMixtureField(target, Schedules.condOt(0)), OdeSolvers.euler(),
                TimeGrid.uniform(10));
        List<float[]> frames = sampler.trajectory(100, new SplittableRandom(5));
        assertEquals(11, frames.size());
        float[] again = new float[200];
        sampler.drawSource(again, 100, new SplittableRandom(5));
        assertEquals(again[17], frames.get(0)[17], 0, "first frame is the source draw");
        assertEquals(10, sampler.lastResult().functionEvaluations());
    }
}
