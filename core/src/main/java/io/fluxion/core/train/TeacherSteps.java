package io.fluxion.core.train;

import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Targets for distilling a teacher into K Euler steps: for noise carried along the teacher's
 * ODE, at each of the K grid times t_j = j/K the state x_j and the average velocity that takes
 * it to the teacher's x_{j+1} in one step, (x_{j+1} − x_j)·K. A student that predicts it makes
 * each of its K Euler steps land where the teacher's RK4 solve lands. Model coordinates of the
 * teacher. Immutable after construction.
 */
final class TeacherSteps implements PointSource {

    private final String name;
    private final float[] states;
    private final float[] targets;
    private final float[] times;
    private final int rows;
    private final int d;
    private final Normalization normalization;

    private TeacherSteps(String name, float[] states, float[] targets, float[] times, int rows, int d,
                         Normalization normalization) {
        this.name = name;
        this.states = states;
        this.targets = targets;
        this.times = times;
        this.rows = rows;
        this.d = d;
        this.normalization = normalization;
    }

    /** {@code count} noise points carried over K intervals, RK4 with {@code substeps} steps each. */
    static TeacherSteps of(Model teacher, int k, int count, int substeps, long seed) {
        int d = teacher.dimension();
        int rows = count * k;
        float[] states = new float[rows * d];
        float[] targets = new float[rows * d];
        float[] times = new float[rows];
        float[] x = new float[count * d];
        Noise.fill(x, x.length, new SplittableRandom(seed ^ 0x6469737aL));
        for (int j = 0; j < k; j++) {
            float[] before = x.clone();
            double t0 = (double) j / k;
            double t1 = (double) (j + 1) / k;
            OdeSolvers.rk4().solve(teacher.field(), x, count, TimeSpan.of(t0, t1), substeps);
            for (int i = 0; i < count; i++) {
                int row = j * count + i;
                System.arraycopy(before, i * d, states, row * d, d);
                for (int c = 0; c < d; c++) {
                    float target = (x[i * d + c] - before[i * d + c]) * k;
                    if (!Float.isFinite(target)) {
                        throw new IllegalStateException("the teacher " + teacher.name() + " carried noise to a non-finite point");
                    }
                    targets[row * d + c] = target;
                }
                times[row] = (float) t0;
            }
        }
        return new TeacherSteps("distillation of " + teacher.name(), states, targets, times, rows, d, teacher.normalization());
    }

    Normalization normalization() {
        return normalization;
    }

    /** Draws n rows (with replacement): states into xt, their times, and the target velocities into ut. */
    void sampleRows(float[] xt, float[] t, float[] ut, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            int row = random.nextInt(rows);
            System.arraycopy(states, row * d, xt, i * d, d);
            System.arraycopy(targets, row * d, ut, i * d, d);
            t[i] = times[row];
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public String name() {
        return name;
    }

    /** The states, in data coordinates (for anything that samples this as a point set). */
    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(states, random.nextInt(rows) * d, out, i * d, d);
        }
        normalization.toData(out, n);
    }

    @Override
    public String toString() {
        return name + " (" + rows + " rows, d = " + d + ")";
    }
}
