package io.fluxion.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static float[] gaussian(long seed, int n, int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] shifted(float[] x, int d, double[] shift) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) shift[i % d];
        }
        return y;
    }

    @Test
    void exactW2OfAShiftedCopyIsTheShift() {
        float[] a = gaussian(1, 500, 2);
        double[] shift = {0.3, -0.4};
        assertEquals(0.5, Wasserstein.exact(a, shifted(a, 2, shift), 500, 2), 1e-5);
        assertEquals(0, Wasserstein.exact(a, a.clone(), 500, 2), 1e-9);
    }

    @Test
    void exactW2OfAPermutedCopyIsZero() {
        float[] a = gaussian(2, 300, 3);
        float[] b = new float[a.length];
        for (int i = 0; i < 300; i++) {
            System.arraycopy(a, i * 3, b, (299 - i) * 3, 3);
        }
        assertEquals(0, Wasserstein.exact(a, b, 300, 3), 1e-9);
    }

    @Test
    void exactW2OfTwoPointsByHand() {
        // {0, 10} vs {9, 1}: best pairing 0↔1, 10↔9, mean squared distance 1
        assertEquals(1, Wasserstein.exact(new float[] {0, 10}, new float[] {9, 1}, 2, 1), 1e-12);
    }

    @Test
    void slicedW2OfAShiftedCopyIsTheShiftOverRootD() {
        float[] a = gaussian(3, 400, 2);
        double[] shift = {0.6, 0.8};
        double sliced = Wasserstein.sliced(a, 400, shifted(a, 2, shift), 400, 2, 2000, 1);
        // projections shift by ⟨θ, δ⟩, so sliced W2² = E⟨θ, δ⟩² = |δ|²/d
        assertEquals(1 / Math.sqrt(2), sliced, 0.03);
        assertEquals(0, Wasserstein.sliced(a, 400, a, 400, 2, 50, 1), 1e-12);
        float[] doubled = new float[a.length * 2];
        System.arraycopy(a, 0, doubled, 0, a.length);
        System.arraycopy(a, 0, doubled, a.length, a.length);
        assertEquals(0, Wasserstein.sliced(a, 400, doubled, 800, 2, 50, 1), 1e-9, "unequal sizes, same measure");
    }

    @Test
    void mmdKnownAnswers() {
        float[] a = gaussian(4, 200, 2);
        assertEquals(0, Mmd.squared(a, 200, a, 200, 2, 1.0), 1e-12);
        // single points x, y: 1 + 1 − 2k(x, y)
        float[] x = {0, 0};
        float[] y = {1, 1};
        assertEquals(2 - 2 * Math.exp(-2.0 / 2), Mmd.squared(x, 1, y, 1, 2, 1.0), 1e-12);
        float[] far = shifted(a, 2, new double[] {3, 0});
        assertTrue(Mmd.squared(a, 200, far, 200, 2, 1.0) > Mmd.squared(a, 200, gaussian(5, 200, 2), 200, 2, 1.0));
    }

    @Test
    void energyDistanceKnownAnswers() {
        float[] a = gaussian(6, 200, 2);
        assertEquals(0, EnergyDistance.of(a, 200, a, 200, 2), 1e-12);
        // single points: 2|x − y|
        assertEquals(2 * 5, EnergyDistance.of(new float[] {0, 0}, 1, new float[] {3, 4}, 1, 2), 1e-12);
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Wasserstein.exact(new float[4], new float[2], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Wasserstein.exact(new float[0], new float[0], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Mmd.squared(new float[2], 1, new float[2], 1, 2, 0));
    }
}
