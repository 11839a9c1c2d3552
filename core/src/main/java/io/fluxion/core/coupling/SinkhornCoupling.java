package io.fluxion.core.coupling;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Entropic OT by Sinkhorn's iterations on K = exp(−C/(ε·max C)) with uniform marginals,
 * run until the row marginals are within 1e-4 (relative) or 1 000 iterations; each data row
 * i then draws its source partner j with probability ∝ K_ij·v_j.
 */
final class SinkhornCoupling implements Coupling {

    private static final int MAX_ITERATIONS = 1000;
    private static final double TOLERANCE = 1e-4;

    private final double epsilon;
    private float[] kernel = new float[0];
    private double[] rowScale = new double[0];
    private double[] columnScale = new double[0];
    private float[] copy = new float[0];

    SinkhornCoupling(double epsilon) {
        if (!(epsilon >= 0.01 && epsilon <= 10)) {
            throw new IllegalArgumentException("sinkhorn: epsilon must be in [0.01, 10] (relative to the largest cost), got "
                    + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "sinkhorn:" + epsilon;
    }

    @Override
    public void pair(float[] x0, float[] x1, int n, int d, RandomGenerator random) {
        checkBatch(n);
        if (kernel.length < n * n) {
            kernel = new float[n * n];
            rowScale = new double[n];
            columnScale = new double[n];
        }
        if (copy.length < n * d) {
            copy = new float[n * d];
        }
        double maxCost = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = squaredDistance(x1, i, x0, j, d);
                kernel[i * n + j] = (float) c;
                maxCost = Math.max(maxCost, c);
            }
        }
        double scale = maxCost > 0 ? 1 / (epsilon * maxCost) : 0;
        for (int k = 0; k < n * n; k++) {
            kernel[k] = (float) Math.exp(-kernel[k] * scale);
        }
        Arrays.fill(columnScale, 0, n, 1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            for (int i = 0; i < n; i++) {
                rowScale[i] = 1.0 / (n * rowSum(i, n));
            }
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += kernel[i * n + j] * rowScale[i];
                }
                columnScale[j] = 1.0 / (n * sum);
            }
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(rowScale[i] * rowSum(i, n) * n - 1));
            }
            if (worst < TOLERANCE) {
                break;
            }
        }
        System.arraycopy(x0, 0, copy, 0, n * d);
        for (int i = 0; i < n; i++) {
            double target = random.nextDouble() * rowSum(i, n);
            int chosen = n - 1;
            double cumulative = 0;
            for (int j = 0; j < n; j++) {
                cumulative += kernel[i * n + j] * columnScale[j];
                if (cumulative > target) {
                    chosen = j;
                    break;
                }
            }
            System.arraycopy(copy, chosen * d, x0, i * d, d);
        }
    }

    /** Σ_j K_ij·v_j; fails clearly when it underflows. */
    private double rowSum(int i, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += kernel[i * n + j] * columnScale[j];
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalStateException("sinkhorn: plan row " + i + " sums to " + sum + " with epsilon " + epsilon
                    + "; use a larger epsilon");
        }
        return sum;
    }

    private static double squaredDistance(float[] a, int i, float[] b, int j, int d) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double diff = (double) a[i * d + k] - b[j * d + k];
            sum += diff * diff;
        }
        return sum;
    }

    @Override
    public int maxBatch() {
        return MAX_MATRIX_BATCH;
    }

    @Override
    public String toString() {
        return name();
    }
}
