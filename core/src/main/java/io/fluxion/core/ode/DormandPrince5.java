package io.fluxion.core.ode;

import io.fluxion.core.field.VelocityField;

/**
 * Adaptive Dormand–Prince 5(4) with first-same-as-last, error per particle measured as the
 * RMS over its d coordinates of err/(atol + rtol·max(|x|, |x_new|)), and the step accepted
 * when the largest particle error is ≤ 1. Steps shrink and grow by the usual controller
 * (safety 0.9, factor in [0.2, 5]). A step below {@code minStep} (in normalised time) or more
 * than {@code maxEvaluations} evaluations ends the solve with an {@link OdeSolverException}
 * naming the time and step size: it never hangs.
 */
final class DormandPrince5 extends BufferedSolver {

    private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    private static final double[][] A = {
        {},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
        {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
    };
    /** Fifth-order weights minus the embedded fourth-order ones. */
    private static final double[] ERROR = {
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40};

    private final double relativeTolerance;
    private final double absoluteTolerance;
    private final double minStep;
    private final int maxEvaluations;
    private float[] next = new float[0];

    /** Six per accepted step: seven stages, the last reused as the next step's first (FSAL). */
    @Override
    public int evaluationsPerStep() {
        return 6;
    }

    DormandPrince5(double relativeTolerance, double absoluteTolerance, double minStep, int maxEvaluations) {
        super(7);
        if (!(relativeTolerance > 0) || !(absoluteTolerance > 0)) {
            throw new IllegalArgumentException("dopri5: tolerances must be > 0, got rtol=" + relativeTolerance
                    + ", atol=" + absoluteTolerance);
        }
        if (!(minStep > 0 && minStep < 1) || maxEvaluations < 7) {
            throw new IllegalArgumentException("dopri5: need 0 < minStep < 1 and maxEvaluations >= 7, got "
                    + minStep + ", " + maxEvaluations);
        }
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
        this.minStep = minStep;
        this.maxEvaluations = maxEvaluations;
    }

    @Override
    public String name() {
        return "dopri5";
    }

    @Override
    public OdeResult solve(VelocityField field, float[] x, int n, TimeSpan span, TimeGrid grid, StepObserver observer) {
        validate(field, x, n, span, "dopri5");
        int d = field.dimension();
        ensureCapacity(n, d);
        int size = n * d;
        if (next.length < size) {
            next = new float[size];
        }
        if (observer != null) {
            observer.onStep(0, 0, x, n);
        }
        int evaluations = 0;
        int accepted = 0;
        int rejected = 0;
        double s = 0;
        double h = Math.min(0.05, grid.point(1));
        derivative(field, x, n, span, s, stages[0]);
        evaluations++;
        for (int target = 1; target <= grid.steps(); target++) {
            double stop = grid.point(target);
            while (s < stop) {
                boolean lastInInterval = s + h >= stop * (1 - 1e-12);
                double step = lastInInterval ? stop - s : h;
                if (step < minStep && !lastInInterval) {
                    throw new OdeSolverException("dopri5: step size " + step + " fell below the floor " + minStep
                            + " at " + span.describeTime(s) + " (rtol=" + relativeTolerance + ", atol="
                            + absoluteTolerance + "); the field may be stiff or not finite");
                }
                if (evaluations + 6 > maxEvaluations) {
                    throw new OdeSolverException("dopri5: more than " + maxEvaluations + " evaluations at "
                            + span.describeTime(s) + " with step size " + step);
                }
                attempt(field, x, n, span, s, step, size);
                evaluations += 6;
                double error = errorNorm(x, n, d, step);
                if (error <= 1) {
                    System.arraycopy(next, 0, x, 0, size);
                    float[] first = stages[0];
                    stages[0] = stages[6];
                    stages[6] = first;
                    s = lastInInterval ? stop : s + step;
                    accepted++;
                    double grow = error == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(error, -0.2)));
                    h = step * grow;
                } else {
                    rejected++;
                    double shrink = Double.isFinite(error) ? Math.max(0.2, 0.9 * Math.pow(error, -0.2)) : 0.2;
                    h = step * shrink;
                    if (h < minStep) {
                        throw new OdeSolverException("dopri5: step size " + h + " fell below the floor " + minStep
                                + " at " + span.describeTime(s) + " (rtol=" + relativeTolerance + ", atol="
                                + absoluteTolerance + ", error norm " + error + "); the field may be stiff or not finite");
                    }
                }
            }
            if (observer != null) {
                observer.onStep(target, stop, x, n);
            }
        }
        return new OdeResult(evaluations, accepted, rejected);
    }

    /** Computes stages 2..7 from stages[0] = k1 at (x, s), leaving the 5th-order result in next. */
    private void attempt(VelocityField field, float[] x, int n, TimeSpan span, double s, double h, int size) {
        for (int stage = 1; stage < 7; stage++) {
            double[] a = A[stage];
            float[] target = stage == 6 ? next : work;
            for (int j = 0; j < size; j++) {
                double sum = 0;
                for (int m = 0; m < stage; m++) {
                    sum += a[m] * stages[m][j];
                }
                target[j] = (float) (x[j] + h * sum);
            }
            derivative(field, target, n, span, s + C[stage] * h, stages[stage]);
        }
    }

    /** Largest per-particle RMS of the scaled error estimate; infinite if anything is not finite. */
    private double errorNorm(float[] x, int n, int d, double h) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double sumSquares = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                double estimate = 0;
                for (int m = 0; m < 7; m++) {
                    estimate += ERROR[m] * stages[m][j];
                }
                estimate *= h;
                double scale = absoluteTolerance + relativeTolerance * Math.max(Math.abs(x[j]), Math.abs(next[j]));
                double ratio = estimate / scale;
                sumSquares += ratio * ratio;
            }
            double particle = Math.sqrt(sumSquares / d);
            if (!(particle <= worst)) {
                worst = Double.isNaN(particle) ? Double.POSITIVE_INFINITY : particle;
            }
        }
        return worst;
    }

    @Override
    public String toString() {
        return "dopri5(rtol=" + relativeTolerance + ", atol=" + absoluteTolerance + ")";
    }
}
