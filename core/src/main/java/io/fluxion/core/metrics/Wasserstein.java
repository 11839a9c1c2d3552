package io.fluxion.core.metrics;

import io.fluxion.core.coupling.LinearAssignment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Wasserstein-2 distances between two point sets a [n, d] and b [m, d] (row-major) with
 * uniform weights. Stateless and thread-safe.
 */
public final class Wasserstein {

    /** The largest set {@link #exact} accepts: its cost matrix then takes 8·n² bytes. */
    public static final int MAX_EXACT_POINTS = 8192;

    private Wasserstein() {
    }

    /**
     * Exact W2 = sqrt(min over permutations π of (1/n)·Σ_i |a_i − b_π(i)|²), by assignment.
     * Both sets must have the same size n ≤ {@value #MAX_EXACT_POINTS}.
     */
    public static double exact(float[] a, float[] b, int n, int d) {
        if (n < 1 || n > MAX_EXACT_POINTS) {
            throw new IllegalArgumentException("Wasserstein.exact: n must be in [1, " + MAX_EXACT_POINTS + "], got " + n);
        }
        requireLength(a, n, d, "a");
        requireLength(b, n, d, "b");
        double[] cost = new double[n * n];
        LinearAssignment.squaredDistances(a, b, n, d, cost);
        double total = new LinearAssignment().solve(cost, n, new int[n]);
        return Math.sqrt(Math.max(0, total / n));
    }

    /**
     * Sliced W2: sqrt of the mean over {@code projections} random unit directions θ of the
     * squared 1-D W2 between the projections ⟨a, θ⟩ and ⟨b, θ⟩ (quantile matching, so the
     * sizes n and m may differ).
     */
    public static double sliced(float[] a, int n, float[] b, int m, int d, int projections, long seed) {
        if (n < 1 || m < 1 || projections < 1) {
            throw new IllegalArgumentException("Wasserstein.sliced: need n, m, projections >= 1, got "
                    + n + ", " + m + ", " + projections);
        }
        requireLength(a, n, d, "a");
        requireLength(b, m, d, "b");
        SplittableRandom random = new SplittableRandom(seed);
        double[] direction = new double[d];
        double[] pa = new double[n];
        double[] pb = new double[m];
        double total = 0;
        for (int p = 0; p < projections; p++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                direction[k] = random.nextGaussian();
                norm += direction[k] * direction[k];
            }
            norm = Math.sqrt(norm);
            project(a, n, d, direction, norm, pa);
            project(b, m, d, direction, norm, pb);
            Arrays.sort(pa);
            Arrays.sort(pb);
            total += squaredQuantileDistance(pa, pb);
        }
        return Math.sqrt(total / projections);
    }

    private static void project(float[] x, int n, int d, double[] direction, double norm, double[] out) {
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
                dot += x[i * d + k] * direction[k];
            }
            out[i] = dot / norm;
        }
    }

    /** ∫₀¹ (F_a⁻¹(q) − F_b⁻¹(q))² dq for sorted samples with uniform weights. */
    private static double squaredQuantileDistance(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        double sum = 0;
        int i = 0;
        int j = 0;
        double position = 0;
        while (i < n && j < m) {
            double nextA = (double) (i + 1) / n;
            double nextB = (double) (j + 1) / m;
            double next = Math.min(nextA, nextB);
            double diff = a[i] - b[j];
            sum += (next - position) * diff * diff;
            position = next;
            if (nextA <= next) {
                i++;
            }
            if (nextB <= next) {
                j++;
            }
        }
        return sum;
    }

    static void requireLength(float[] x, int n, int d, String name) {
        if (x.length < n * d) {
            throw new IllegalArgumentException("point set " + name + " has " + x.length + " values, need "
                    + n + " x " + d);
        }
    }
}
