package io.fluxion.core.export;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import java.util.Arrays;
import java.util.Objects;

/**
 * A 3-D model's velocity at one flow time t, sampled at the points of a regular grid of
 * {@code resolution}³ points spanning the box [min, max] (both corners included), in data coordinates (the model's normalisation undone: positions and velocities are
 * in the units the model was trained on). Values are [z, y, x, 3] (x fastest). Made by
 * {@link #sample}, which evaluates into the grid's own array (up to 200 MB at 256³, so it is not
 * copied on the way); immutable, the accessors copy.
 */
public final class VelocityGrid {

    public static final int MAX_RESOLUTION = 256;

    private final double time;
    private final int resolution;
    private final float[] min;
    private final float[] max;
    private final float[] vectors;

    private VelocityGrid(double time, int resolution, float[] min, float[] max, float[] vectors) {
        this.time = time;
        this.resolution = resolution;
        this.min = min;
        this.max = max;
        this.vectors = vectors;
    }

    /** The resolution and box a grid may have, checked before anything is evaluated. */
    private static void check(int resolution, float[] min, float[] max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (resolution < 2 || resolution > MAX_RESOLUTION || min.length != 3 || max.length != 3) {
            throw new IllegalArgumentException("VelocityGrid: need 2 <= resolution <= " + MAX_RESOLUTION
                    + " and 3-D corners, got resolution " + resolution);
        }
        for (int axis = 0; axis < 3; axis++) {
            if (!(max[axis] > min[axis]) || !Float.isFinite(min[axis]) || !Float.isFinite(max[axis])) {
                throw new IllegalArgumentException("VelocityGrid: the box must have max > min on every axis, got "
                        + Arrays.toString(min) + " .. " + Arrays.toString(max));
            }
        }
    }

    /**
     * Evaluates a 3-D model's field on the grid in one batch.
     *
     * @throws IllegalArgumentException for a model that is not 3-D or t outside [0, 1]
     */
    public static VelocityGrid sample(Model model, double time, int resolution, float[] min, float[] max) {
        if (model.dimension() != 3) {
            throw new IllegalArgumentException("velocity grids are 3-D; model " + model.name() + " has d = " + model.dimension());
        }
        if (!(time >= 0 && time <= 1)) {
            throw new IllegalArgumentException("flow time must be in [0, 1], got " + time);
        }
        if (resolution < 2 || resolution > MAX_RESOLUTION) {
            throw new IllegalArgumentException("grid resolution must be in 2.." + MAX_RESOLUTION + ", got " + resolution);
        }
        check(resolution, min, max);
        int n = resolution * resolution * resolution;
        float[] points = new float[3 * n];
        for (int z = 0, p = 0; z < resolution; z++) {
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++, p++) {
                    points[3 * p] = corner(min[0], max[0], x, resolution);
                    points[3 * p + 1] = corner(min[1], max[1], y, resolution);
                    points[3 * p + 2] = corner(min[2], max[2], z, resolution);
                }
            }
        }
        Normalization normalization = model.normalization();
        normalization.toModel(points, n);
        float[] velocities = new float[3 * n];
        model.field().evaluate(points, n, (float) time, velocities);
        float scale = normalization.scale();
        for (int i = 0; i < velocities.length; i++) {
            velocities[i] *= scale; // x_data = mean + scale · x_model, so v_data = scale · v_model
        }
        return new VelocityGrid(time, resolution, min.clone(), max.clone(), velocities);
    }

    /** The coordinate of grid point {@code index} along an axis from lo to hi. */
    static float corner(float lo, float hi, int index, int resolution) {
        return lo + (hi - lo) * index / (resolution - 1);
    }

    public double time() {
        return time;
    }

    public int resolution() {
        return resolution;
    }

    /** @return a copy of the box's lower corner (x, y, z) */
    public float[] min() {
        return min.clone();
    }

    /** @return a copy of the box's upper corner (x, y, z) */
    public float[] max() {
        return max.clone();
    }

    /** @return a copy of the velocities [resolution³ · 3] */
    public float[] vectors() {
        return vectors.clone();
    }

    /** The velocities without a copy, for the writers here; not to be changed. */
    float[] values() {
        return vectors;
    }

    /** Velocity component c (0..2) at grid point (x, y, z). */
    public float at(int x, int y, int z, int c) {
        return vectors[3 * ((z * resolution + y) * resolution + x) + c];
    }
}
