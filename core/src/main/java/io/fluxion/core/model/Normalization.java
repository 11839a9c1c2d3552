package io.fluxion.core.model;

import java.util.Arrays;

/**
 * The affine map between data coordinates y and model coordinates x = (y − mean)/scale,
 * with one mean per axis and one scale for all axes (so the source N(0, I) in model
 * coordinates stays isotropic in data coordinates). Immutable.
 */
public final class Normalization {

    private final float[] mean;
    private final float scale;

    public Normalization(float[] mean, float scale) {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("Normalization: scale must be finite and > 0, got " + scale);
        }
        for (float m : mean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("Normalization: mean " + Arrays.toString(mean) + " is not finite");
            }
        }
        this.mean = mean.clone();
        this.scale = scale;
    }

    /** The identity map in d dimensions. */
    public static Normalization identity(int dimension) {
        return new Normalization(new float[dimension], 1);
    }

    /** Mean per axis and the RMS distance to it over all axes, from points [n, d]: model data of RMS 1. */
    public static Normalization fit(float[] points, int n, int d) {
        return fit(points, n, d, 1);
    }

    /**
     * Centres the data and scales it so that its RMS distance to the mean, per axis, becomes
     * {@code targetRms} in model coordinates (scale = RMS / targetRms).
     */
    public static Normalization fit(float[] points, int n, int d, double targetRms) {
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                sum[j] += points[i * d + j];
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / n);
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double diff = points[i * d + j] - mean[j];
                squares += diff * diff;
            }
        }
        double rms = Math.sqrt(squares / ((double) n * d));
        return new Normalization(mean, (float) (rms > 1e-12 ? rms / targetRms : 1));
    }

    public int dimension() {
        return mean.length;
    }

    /** @return a copy of the mean per axis. */
    public float[] mean() {
        return mean.clone();
    }

    /** @return the mean along {@code axis} (0 ≤ axis < d), without copying the array. */
    public float mean(int axis) {
        return mean[axis];
    }

    public float scale() {
        return scale;
    }

    /** In place: x = (y − mean)/scale for rows of {@code points [n, d]}. */
    public void toModel(float[] points, int n) {
        int d = mean.length;
        float inverse = 1 / scale;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                points[i * d + j] = (points[i * d + j] - mean[j]) * inverse;
            }
        }
    }

    /** In place: y = mean + scale·x for rows of {@code points [n, d]}. */
    public void toData(float[] points, int n) {
        int d = mean.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                points[i * d + j] = mean[j] + scale * points[i * d + j];
            }
        }
    }

    /** log|det| of the map from model to data coordinates: d·log(scale). */
    public double logDeterminant() {
        return mean.length * Math.log(scale);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", scale=" + scale + "]";
    }
}
