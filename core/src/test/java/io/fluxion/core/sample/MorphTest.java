package io.fluxion.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MorphTest {

    /** The exact field of a mixture, seen through a normalisation (its data = mean + scale · model). */
    private static Model exact(GaussianMixture modelSide, float[] mean, float scale) {
        return new Model("exact", new GaussianMixtureField(modelSide, Schedules.condOt(0)), Schedules.condOt(0),
                new Normalization(mean, scale), Map.of());
    }

    @Test
    void particlesReachTheSecondShapeWithoutJumping() {
        // A: eight Gaussians around (−2, 1), scale 1; B: two Gaussians in model coordinates, data scaled by 1.5 about (2, 0)
        Model a = exact(Datasets.eightGaussians(), new float[] {-2f, 1f}, 1f);
        GaussianMixture pair = Datasets.gaussianMixture(new double[] {1, 1}, new double[][] {{-1.5, 0}, {1.5, 0}},
                new double[] {0.2, 0.2});
        Model b = exact(pair, new float[] {2f, 0f}, 1.5f);
        int n = 1500;
        float[] start = a.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(40), new SplittableRandom(1));
        Morph morph = new Morph(a, b, start, n, OdeSolvers.rk4(), 40);
        assertEquals(80, morph.frames());
        float[] previous = start.clone();
        float[] now = new float[2 * n];
        double largestStep = 0;
        while (!morph.isDone()) {
            morph.next(now);
            for (int k = 0; k < 2 * n; k++) {
                largestStep = Math.max(largestStep, Math.abs(now[k] - previous[k]));
            }
            System.arraycopy(now, 0, previous, 0, 2 * n);
        }
        System.out.printf("largest move in one frame: %.3f%n", largestStep);
        assertTrue(largestStep < 0.6, "no jumps: " + largestStep);
        float[] target = b.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(40), new SplittableRandom(2));
        float[] other = b.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(40), new SplittableRandom(3));
        double w2 = Wasserstein.exact(now, target, n, 2);
        double floor = Wasserstein.exact(other, target, n, 2);
        System.out.printf("morphed vs target W2 %.4f, floor %.4f%n", w2, floor);
        assertTrue(w2 < 1.5 * floor, w2 + " vs floor " + floor);
        assertEquals(1.0, morph.next(now));
    }

    @Test
    void modelsOfDifferentDimensionsAreRefused() {
        Model flat = exact(Datasets.eightGaussians(), new float[] {0f, 0f}, 1f);
        GaussianMixture solid = Datasets.gaussianMixture(new double[] {1}, new double[][] {{0, 0, 0}}, new double[] {1});
        Model deep = exact(solid, new float[] {0f, 0f, 0f}, 1f);
        assertThrows(IllegalArgumentException.class, () -> new Morph(flat, deep, new float[4], 2, OdeSolvers.euler(), 4));
    }
}
