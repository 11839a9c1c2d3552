package io.fluxion.core.path;

import java.util.Objects;

/**
 * The affine path x_t = α_t·x1 + σ_t·x0 of a {@link Schedule} (Lipman et al., "Flow Matching Guide
 * and Code", arXiv 2412.06264), with
 * the conversions between the three ways a network may predict at (x, t): the velocity v,
 * the data x1 ("x1-prediction") and the source noise x0 ("ε-prediction").
 *
 * <p>For the affine path, x = α·x1 + σ·x0 and v = α̇·x1 + σ̇·x0, so with D = α̇σ − σ̇α:
 * x1 = (σ·v − σ̇·x)/D and x0 = (α̇·x − α·v)/D. Arrays are row-major {@code [n, d]}, times
 * {@code [n]}; all methods write into caller-owned outputs (which may alias an input of
 * the same shape) and are thread-safe.
 */
public final class AffinePath implements ProbabilityPath {

    private final Schedule schedule;

    public AffinePath(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            float a = (float) schedule.alpha(ti);
            float s = (float) schedule.sigma(ti);
            float da = (float) schedule.alphaDerivative(ti);
            float ds = (float) schedule.sigmaDerivative(ti);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                float data = x1[j];
                float noise = x0[j];
                xt[j] = a * data + s * noise;
                ut[j] = da * data + ds * noise;
            }
        }
    }

    /** Velocity from an x1-prediction: v = (σ̇/σ)·x + (α̇ − σ̇α/σ)·x1. Needs σ_t &gt; 0. */
    public void velocityFromData(float[] x, float[] t, float[] dataPrediction, int n, int d, float[] velocity) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            double s = requirePositive(schedule.sigma(ti), "sigma", ti);
            double ds = schedule.sigmaDerivative(ti);
            float cx = (float) (ds / s);
            float c1 = (float) (schedule.alphaDerivative(ti) - ds * schedule.alpha(ti) / s);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                velocity[j] = cx * x[j] + c1 * dataPrediction[j];
            }
        }
    }

    /** Velocity from an ε-prediction: v = (α̇/α)·x + (σ̇ − α̇σ/α)·x0. Needs α_t &gt; 0. */
    public void velocityFromNoise(float[] x, float[] t, float[] noisePrediction, int n, int d, float[] velocity) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            double a = requirePositive(schedule.alpha(ti), "alpha", ti);
            double da = schedule.alphaDerivative(ti);
            float cx = (float) (da / a);
            float c0 = (float) (schedule.sigmaDerivative(ti) - da * schedule.sigma(ti) / a);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                velocity[j] = cx * x[j] + c0 * noisePrediction[j];
            }
        }
    }

    /** x1-prediction from a velocity: x1 = (σ·v − σ̇·x)/(α̇σ − σ̇α). */
    public void dataFromVelocity(float[] x, float[] t, float[] velocity, int n, int d, float[] dataPrediction) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            double s = schedule.sigma(ti);
            double ds = schedule.sigmaDerivative(ti);
            double det = determinant(ti);
            float cv = (float) (s / det);
            float cx = (float) (-ds / det);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                dataPrediction[j] = cv * velocity[j] + cx * x[j];
            }
        }
    }

    /** ε-prediction from a velocity: x0 = (α̇·x − α·v)/(α̇σ − σ̇α). */
    public void noiseFromVelocity(float[] x, float[] t, float[] velocity, int n, int d, float[] noisePrediction) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            double det = determinant(ti);
            float cx = (float) (schedule.alphaDerivative(ti) / det);
            float cv = (float) (-schedule.alpha(ti) / det);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                noisePrediction[j] = cx * x[j] + cv * velocity[j];
            }
        }
    }

    private double determinant(double t) {
        double det = schedule.alphaDerivative(t) * schedule.sigma(t) - schedule.sigmaDerivative(t) * schedule.alpha(t);
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            throw new ArithmeticException("AffinePath(" + schedule.describe()
                    + "): velocity does not determine x0 and x1 at t = " + t + " (alpha'sigma - sigma'alpha = " + det + ")");
        }
        return det;
    }

    private double requirePositive(double value, String name, double t) {
        if (!(value > 0)) {
            throw new ArithmeticException("AffinePath(" + schedule.describe() + "): " + name
                    + " is " + value + " at t = " + t + ", conversion undefined");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AffinePath[" + schedule.describe() + "]";
    }
}
