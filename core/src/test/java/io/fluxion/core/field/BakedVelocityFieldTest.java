package io.fluxion.core.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Sampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BakedVelocityFieldTest {

    /** v(x, t) = A·x + t·b + c: multilinear interpolation reproduces it exactly inside the grid. */
    private static VelocityField affine(int d) {
        return new VelocityField() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public void evaluate(float[] x, int n, float t, float[] out) {
                float[] times = new float[n];
                java.util.Arrays.fill(times, t);
                evaluate(x, n, times, out);
            }

            @Override
            public void evaluate(float[] x, int n, float[] t, float[] out) {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < d; c++) {
                        double sum = 0.5 * c - 1 + (c + 1) * t[i];
                        for (int k = 0; k < d; k++) {
                            sum += (c == k ? -1.5 : 0.25 * (k + 1)) * x[i * d + k];
                        }
                        out[i * d + c] = (float) sum;
                    }
                }
            }
        };
    }

    @Test
    void affineFieldsAreReproducedInsideTheGridAndClampedOutside() {
        for (int d = 2; d <= 3; d++) {
            VelocityField exact = affine(d);
            BakedVelocityField baked = BakedVelocityField.bake(exact, 3, 17, 5);
            int n = 1000;
            SplittableRandom random = new SplittableRandom(d);
            float[] x = new float[n * d];
            float[] t = new float[n];
            for (int i = 0; i < n * d; i++) {
                x[i] = (float) (random.nextDouble() * 5.8 - 2.9);
            }
            for (int i = 0; i < n; i++) {
                t[i] = (float) random.nextDouble();
            }
            float[] want = new float[n * d];
            float[] got = new float[n * d];
            exact.evaluate(x, n, t, want);
            baked.evaluate(x, n, t, got);
            assertArrayEquals(want, got, 2e-4f, "d = " + d);

            float[] outside = new float[d];
            java.util.Arrays.fill(outside, 50f);
            float[] edge = new float[d];
            java.util.Arrays.fill(edge, 3f);
            float[] a = new float[d];
            float[] b = new float[d];
            baked.evaluate(outside, 1, 0.5f, a);
            exact.evaluate(edge, 1, 0.5f, b);
            assertArrayEquals(b, a, 2e-3f, "outside the cube: the nearest face's value");
        }
    }

    @Test
    void parallelBatchesMatchRowByRowEvaluation() {
        BakedVelocityField baked = BakedVelocityField.bake(affine(2), 4, 65, 9);
        int n = BakedVelocityField.PARALLEL_THRESHOLD * 2 + 17;
        float[] x = new float[2 * n];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] batch = new float[2 * n];
        baked.evaluate(x, n, 0.3f, batch);
        float[] row = new float[2];
        for (int i = 0; i < n; i += 997) {
            baked.evaluate(new float[] {x[2 * i], x[2 * i + 1]}, 1, 0.3f, row);
            assertEquals(row[0], batch[2 * i]);
            assertEquals(row[1], batch[2 * i + 1]);
        }
    }

    /** The exact eight-Gaussians field baked at 128² × 33: samples as close to the data as the exact field's (≤ 1.1×). */
    @Test
    void bakedGaussianMixtureFlowKeepsItsSampleQuality() {
        GaussianMixture target = Datasets.eightGaussians();
        VelocityField exact = new GaussianMixtureField(target, Schedules.condOt(0));
        BakedVelocityField baked = BakedVelocityField.bake(exact, 4.5, 128, 33);
        int n = 1000;
        double exactW2 = 0;
        double bakedW2 = 0;
        for (int r = 0; r < 4; r++) {
            float[] data = target.sample(n, 100 + r);
            exactW2 += Wasserstein.exact(new Sampler(exact, OdeSolvers.rk4(), TimeGrid.uniform(25))
                    .sample(n, new SplittableRandom(r)), data, n, 2);
            bakedW2 += Wasserstein.exact(new Sampler(baked, OdeSolvers.rk4(), TimeGrid.uniform(25))
                    .sample(n, new SplittableRandom(r)), data, n, 2);
        }
        System.out.printf("eight Gaussians, W2 to data: exact field %.4f, baked 128^2 x 33 %.4f (ratio %.3f)%n",
                exactW2 / 4, bakedW2 / 4, bakedW2 / exactW2);
        assertTrue(bakedW2 <= 1.1 * exactW2, "baked " + bakedW2 / 4 + " vs exact " + exactW2 / 4);
    }

    @Test
    void badGridsAreRejected() {
        VelocityField field = affine(2);
        assertThrows(IllegalArgumentException.class, () -> BakedVelocityField.bake(field, 0, 16, 4));
        assertThrows(IllegalArgumentException.class, () -> BakedVelocityField.bake(field, 3, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> BakedVelocityField.bake(field, 3, 16, 1));
        assertThrows(IllegalArgumentException.class, () -> BakedVelocityField.bake(affine(4), 3, 16, 4));
    }
}
