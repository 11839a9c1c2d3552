package io.fluxion.core.ode;

import io.fluxion.core.field.VelocityField;

/**
 * Shared machinery of the solvers: stage buffers kept between calls, and the derivative in
 * normalised time, k_i = (end_i − start_i)·v(y_i, t_i(s)).
 */
abstract class BufferedSolver implements OdeSolver {

    private final int stageCount;
    /** Stage derivatives, each [n, d]. */
    protected float[][] stages = new float[0][];
    /** A state-sized work buffer [n, d]. */
    protected float[] work = new float[0];
    private float[] times = new float[0];

    BufferedSolver(int stageCount) {
        this.stageCount = stageCount;
    }

    /** Makes sure every buffer holds at least n rows of dimension d (allocates only to grow). */
    protected final void ensureCapacity(int n, int d) {
        int size = n * d;
        if (stages.length != stageCount || stages[0].length < size) {
            stages = new float[stageCount][size];
            work = new float[size];
        }
        if (times.length < n) {
            times = new float[n];
        }
    }

    protected static void validate(VelocityField field, float[] x, int n, TimeSpan span, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": particle count must be >= 0, got " + n);
        }
        if (x.length < n * field.dimension()) {
            throw new IllegalArgumentException(name + ": state has " + x.length + " values, need "
                    + n + " x " + field.dimension());
        }
        span.requireParticles(n);
    }

    /** out = (t1 − t0)·v(y, t(s)), row by row. */
    protected final void derivative(VelocityField field, float[] y, int n, TimeSpan span, double s, float[] out) {
        int d = field.dimension();
        if (span.isShared()) {
            field.evaluate(y, n, (float) span.timeAt(s), out);
            float scale = (float) span.length(0);
            if (scale != 1f) {
                for (int j = 0; j < n * d; j++) {
                    out[j] *= scale;
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            times[i] = (float) span.timeAt(i, s);
        }
        field.evaluate(y, n, times, out);
        for (int i = 0; i < n; i++) {
            float scale = (float) span.length(i);
            for (int j = i * d; j < (i + 1) * d; j++) {
                out[j] *= scale;
            }
        }
    }

    /** out = x + c·k over the first size entries. */
    protected static void axpy(float[] out, float[] x, float c, float[] k, int size) {
        for (int j = 0; j < size; j++) {
            out[j] = x[j] + c * k[j];
        }
    }
}
