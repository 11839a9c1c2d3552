package io.fluxion.core.sample;

import io.fluxion.core.data.Noise;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import java.util.random.RandomGenerator;

/**
 * How straight a flow's paths are (Liu, Gong and Liu, arXiv 2209.03003, definition 3.2):
 * S = ∫₀¹ E‖(x₁ − x₀) − v(x_t, t)‖² dt, estimated on noise points carried by RK4, the velocity
 * read at the start of each step. 0 for straight paths travelled at constant speed, where one
 * Euler step is exact. In the field's own (model) coordinates.
 */
public final class Straightness {

    private Straightness() {
    }

    /**
     * @param n     noise points, ≥ 1
     * @param steps RK4 steps, ≥ 1
     */
    public static double of(VelocityField field, int n, int steps, RandomGenerator random) {
        if (n < 1 || steps < 1) {
            throw new IllegalArgumentException("straightness: need n >= 1 and steps >= 1");
        }
        int d = field.dimension();
        float[] x = new float[n * d];
        Noise.fill(x, x.length, random);
        float[] start = x.clone();
        float[] velocities = new float[steps * n * d];
        float[] v = new float[n * d];
        for (int k = 0; k < steps; k++) {
            double t = (double) k / steps;
            field.evaluate(x, n, (float) t, v);
            System.arraycopy(v, 0, velocities, k * n * d, n * d);
            OdeSolvers.rk4().solve(field, x, n, TimeSpan.of(t, (double) (k + 1) / steps), 1);
        }
        double sum = 0;
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < n * d; i++) {
                double gap = (x[i] - start[i]) - velocities[k * n * d + i];
                sum += gap * gap;
            }
        }
        return sum / ((double) steps * n);
    }
}
