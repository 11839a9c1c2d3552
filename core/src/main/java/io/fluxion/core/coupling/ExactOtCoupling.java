package io.fluxion.core.coupling;

import java.util.random.RandomGenerator;

/** Exact minibatch OT by assignment on squared Euclidean costs. */
final class ExactOtCoupling implements Coupling {

    private final LinearAssignment assignment = new LinearAssignment();
    private double[] cost = new double[0];
    private int[] match = new int[0];
    private float[] copy = new float[0];

    @Override
    public String name() {
        return "exact-ot";
    }

    @Override
    public void pair(float[] x0, float[] x1, int n, int d, RandomGenerator random) {
        checkBatch(n);
        if (cost.length < n * n) {
            cost = new double[n * n];
            match = new int[n];
        }
        if (copy.length < n * d) {
            copy = new float[n * d];
        }
        // rows: data points x1; columns: source points x0
        LinearAssignment.squaredDistances(x1, x0, n, d, cost);
        assignment.solve(cost, n, match);
        System.arraycopy(x0, 0, copy, 0, n * d);
        for (int i = 0; i < n; i++) {
            System.arraycopy(copy, match[i] * d, x0, i * d, d);
        }
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
