package io.fluxion.core.train;

import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.GuidedField;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Targets for distilling a teacher into K Euler steps: for noise carried along the teacher's
 * ODE, at each of the K grid times t_j = j/K the state x_j and the average velocity that takes
 * it to the teacher's x_{j+1} in one step, (x_{j+1} − x_j)·K. A student that predicts it makes
 * each of its K Euler steps land where the teacher's RK4 solve lands. Model coordinates of the
 * teacher. A conditional teacher carries each noise point along one class's field (drawn
 * uniformly; a tenth of the points along the unconditional field, the null label), with
 * classifier-free guidance {@code guidance}, and each row keeps its class: the student learns
 * every class and the unconditional field. Immutable after construction.
 */
final class TeacherSteps implements PointSource {

    private final String name;
    private final float[] states;
    private final float[] targets;
    private final float[] times;
    private final int rows;
    private final int d;
    private final Normalization normalization;
    private final int[] labels;
    private final List<String> labelNames;

    /** The share of a conditional teacher's points carried along its unconditional field. */
    static final double NULL_SHARE = 0.1;

    private TeacherSteps(String name, float[] states, float[] targets, float[] times, int rows, int d,
                         Normalization normalization, int[] labels, List<String> labelNames) {
        this.name = name;
        this.states = states;
        this.targets = targets;
        this.times = times;
        this.rows = rows;
        this.d = d;
        this.normalization = normalization;
        this.labels = labels;
        this.labelNames = labelNames;
    }

    /**
     * {@code count} noise points carried over K intervals, RK4 with {@code substeps} steps each;
     * a conditional teacher's with guidance {@code guidance}.
     */
    static TeacherSteps of(Model teacher, int k, int count, int substeps, double guidance, long seed) {
        int d = teacher.dimension();
        int rows = count * k;
        float[] states = new float[rows * d];
        float[] targets = new float[rows * d];
        float[] times = new float[rows];
        float[] x = new float[count * d];
        SplittableRandom random = new SplittableRandom(seed ^ 0x6469737aL);
        Noise.fill(x, x.length, random);
        MlpVelocityField net = MlpVelocityField.of(teacher.field()).filter(f -> f.architecture().isConditional())
                .orElse(null);
        List<String> names = net == null ? List.of() : teacher.labelNames();
        int[] pointLabels = null;
        int[] rowLabels = null;
        VelocityField field = teacher.field();
        if (net != null && !names.isEmpty()) {
            pointLabels = new int[count];
            for (int i = 0; i < count; i++) {
                pointLabels[i] = random.nextDouble() < NULL_SHARE ? MlpArchitecture.NULL_LABEL : random.nextInt(names.size());
            }
            rowLabels = new int[rows];
            field = new GuidedField(net, pointLabels, guidance);
        }
        for (int j = 0; j < k; j++) {
            float[] before = x.clone();
            double t0 = (double) j / k;
            double t1 = (double) (j + 1) / k;
            OdeSolvers.rk4().solve(field, x, count, TimeSpan.of(t0, t1), substeps);
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
                if (rowLabels != null) {
                    rowLabels[row] = pointLabels[i];
                }
            }
        }
        return new TeacherSteps("distillation of " + teacher.name(), states, targets, times, rows, d, teacher.normalization(),
                rowLabels, rowLabels == null ? List.of() : names);
    }

    /** @return the teacher's classes, 0 for an unconditional teacher */
    int classes() {
        return labelNames.size();
    }

    /** @return the teacher's class names (empty for an unconditional teacher) */
    List<String> labelNames() {
        return labelNames;
    }

    Normalization normalization() {
        return normalization;
    }

    /**
     * Draws n rows (with replacement): states into xt, their times, the target velocities into ut,
     * and their classes into {@code rowLabels} (a conditional teacher's; null otherwise).
     */
    void sampleRows(float[] xt, float[] t, float[] ut, int[] rowLabels, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            int row = random.nextInt(rows);
            System.arraycopy(states, row * d, xt, i * d, d);
            System.arraycopy(targets, row * d, ut, i * d, d);
            t[i] = times[row];
            if (labels != null) {
                rowLabels[i] = labels[row];
            }
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
