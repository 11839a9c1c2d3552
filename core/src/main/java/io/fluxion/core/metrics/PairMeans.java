package io.fluxion.core.metrics;

import java.util.function.DoubleUnaryOperator;

/** The mean of a function of the squared distance over all pairs of two point sets. */
final class PairMeans {

    private PairMeans() {
    }

    /** (1/(n·m))·Σ_i Σ_j f(|a_i − b_j|²) for a [n, d] and b [m, d]. */
    static double mean(float[] a, int n, float[] b, int m, int d, DoubleUnaryOperator ofSquaredDistance) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double squared = 0;
                for (int k = 0; k < d; k++) {
                    double diff = (double) a[i * d + k] - b[j * d + k];
                    squared += diff * diff;
                }
                sum += ofSquaredDistance.applyAsDouble(squared);
            }
        }
        return sum / ((double) n * m);
    }
}
