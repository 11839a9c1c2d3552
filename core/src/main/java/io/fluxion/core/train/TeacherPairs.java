package io.fluxion.core.train;

import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.sample.Sampler;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Pairs drawn by a teacher's ODE for reflow: noise z and where the teacher carries it, x1 =
 * teacher(z) (RK4), in the teacher's model coordinates. The student trains on these fixed pairs
 * (no coupling: the pairing is the teacher's) under the teacher's normalisation, so its noise is
 * the teacher's noise. As a {@link PointSource} it draws the x1 side in data coordinates.
 * Immutable after construction.
 */
final class TeacherPairs implements PointSource {

    private final String name;
    private final float[] noise;
    private final float[] targets;
    private final int count;
    private final int d;
    private final Normalization normalization;

    private TeacherPairs(String name, float[] noise, float[] targets, int count, int d, Normalization normalization) {
        this.name = name;
        this.noise = noise;
        this.targets = targets;
        this.count = count;
        this.d = d;
        this.normalization = normalization;
    }

    /** {@code count} pairs of the teacher's RK4 flow in {@code steps} steps, noise drawn with {@code seed}. */
    static TeacherPairs of(Model teacher, int count, int steps, long seed) {
        int d = teacher.dimension();
        float[] noise = new float[count * d];
        Noise.fill(noise, noise.length, new SplittableRandom(seed ^ 0x7265666cL));
        float[] targets = noise.clone();
        new Sampler(teacher.field(), OdeSolvers.rk4(), TimeGrid.uniform(steps)).toData(targets, count);
        for (float value : targets) {
            if (!Float.isFinite(value)) {
                throw new IllegalStateException("the teacher " + teacher.name() + " carried noise to a non-finite point");
            }
        }
        return new TeacherPairs("reflow of " + teacher.name(), noise, targets, count, d, teacher.normalization());
    }

    Normalization normalization() {
        return normalization;
    }

    /** Draws n pairs (with replacement) into x0 and x1 [n, d], model coordinates. */
    void samplePairs(float[] x0, float[] x1, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            int row = random.nextInt(count);
            System.arraycopy(noise, row * d, x0, i * d, d);
            System.arraycopy(targets, row * d, x1, i * d, d);
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

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(targets, random.nextInt(count) * d, out, i * d, d);
        }
        normalization.toData(out, n);
    }
}
