package io.fluxion.core.field;

import io.fluxion.core.compute.ParallelRanges;
import java.util.Objects;

/**
 * A velocity field sampled once onto a regular grid over (x, t) and evaluated by multilinear
 * interpolation (bilinear in space and linear in t for d = 2; trilinear in space for d = 3): a
 * few dozen flops per particle whatever the network behind it, for very large particle counts.
 *
 * <p>The grid covers the cube [−halfExtent, halfExtent]^d in the field's own (model)
 * coordinates with {@code resolution} points per axis, and {@code timeSlices} times
 * t_k = k / (timeSlices − 1). Positions outside the cube take the velocity at the nearest face
 * (coordinates are clamped). Values are stored as one array [timeSlices, resolution^d, d].
 *
 * <p>Immutable after {@link #bake}; evaluation allocates no buffers and may run from many
 * threads at once. Batches of at least {@value #PARALLEL_THRESHOLD} rows are split over the cores
 * ({@link ParallelRanges}).
 */
public final class BakedVelocityField implements VelocityField {

    static final int PARALLEL_THRESHOLD = 32_768;

    private final int dimension;
    private final float halfExtent;
    private final int resolution;
    private final int timeSlices;
    private final float[] values;
    private final float toGrid;
    private final int sliceSize;

    private BakedVelocityField(int dimension, float halfExtent, int resolution, int timeSlices, float[] values) {
        this.dimension = dimension;
        this.halfExtent = halfExtent;
        this.resolution = resolution;
        this.timeSlices = timeSlices;
        this.values = values;
        this.toGrid = (resolution - 1) / (2 * halfExtent);
        this.sliceSize = (int) Math.pow(resolution, dimension) * dimension;
    }

    /**
     * Samples {@code field} on the grid: resolution^d points at each of the time slices (one
     * batched evaluation per slice).
     *
     * @param halfExtent  half the side of the covered cube, in the field's coordinates
     * @param resolution  grid points per axis, 2..1024 (2-D) or 2..160 (3-D)
     * @param timeSlices  time samples from t = 0 to t = 1, at least 2
     */
    public static BakedVelocityField bake(VelocityField field, double halfExtent, int resolution, int timeSlices) {
        Objects.requireNonNull(field, "field");
        int d = field.dimension();
        if (d != 2 && d != 3) {
            throw new IllegalArgumentException("BakedVelocityField: d must be 2 or 3, got " + d);
        }
        int maxResolution = d == 2 ? 1024 : 160;
        if (!(halfExtent > 0) || resolution < 2 || resolution > maxResolution || timeSlices < 2 || timeSlices > 1024) {
            throw new IllegalArgumentException("BakedVelocityField: need halfExtent > 0, 2 <= resolution <= " + maxResolution
                    + ", 2 <= timeSlices <= 1024; got " + halfExtent + ", " + resolution + ", " + timeSlices);
        }
        int points = (int) Math.pow(resolution, d);
        float[] grid = new float[points * d];
        double step = 2 * halfExtent / (resolution - 1);
        for (int p = 0; p < points; p++) {
            int rest = p;
            for (int axis = 0; axis < d; axis++) {
                grid[p * d + axis] = (float) (-halfExtent + step * (rest % resolution));
                rest /= resolution;
            }
        }
        float[] values = new float[timeSlices * points * d];
        float[] slice = new float[points * d];
        for (int k = 0; k < timeSlices; k++) {
            field.evaluate(grid, points, (float) k / (timeSlices - 1), slice);
            System.arraycopy(slice, 0, values, k * points * d, points * d);
        }
        return new BakedVelocityField(d, (float) halfExtent, resolution, timeSlices, values);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public double halfExtent() {
        return halfExtent;
    }

    public int resolution() {
        return resolution;
    }

    public int timeSlices() {
        return timeSlices;
    }

    /** @return the grid's bytes: 4 per value, timeSlices · resolution^d · d values */
    @Override
    public long sizeInBytes() {
        return 4L * values.length;
    }

    /** A copy of the grid values, [timeSlices, resolution^d, d] (x fastest, then y, then z). */
    public float[] copyValues() {
        return values.clone();
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        run(x, n, null, t, out);
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        run(x, n, t, 0f, out);
    }

    private void run(float[] x, int n, float[] times, float sharedTime, float[] out) {
        // parts of at least half the threshold: batches below it run on the caller alone
        ParallelRanges.run(n, PARALLEL_THRESHOLD / 2, (part, from, to) -> evaluateRange(x, from, to, times, sharedTime, out));
    }

    /**
     * Rows [from, to): the time coordinate is worked out once for a shared time and per row
     * otherwise; the spatial interpolation is the same code either way.
     */
    private void evaluateRange(float[] x, int from, int to, float[] times, float sharedTime, float[] out) {
        float shared = timeCoordinate(sharedTime);
        for (int i = from; i < to; i++) {
            float gt = times == null ? shared : timeCoordinate(times[i]);
            int k = (int) gt;
            if (dimension == 2) {
                interpolate2(x, i, k * sliceSize, gt - k, out);
            } else {
                interpolate3(x, i, k * sliceSize, gt - k, out);
            }
        }
    }

    /** t ∈ [0, 1] (clamped; NaN → 0) to the fractional slice index in [0, timeSlices − 1). */
    private float timeCoordinate(float t) {
        return t > 0f ? Math.min(t, 0.99999f) * (timeSlices - 1) : 0f;
    }

    private float gridCoordinate(float value) {
        float g = (value + halfExtent) * toGrid;
        return g > 0f ? Math.min(g, resolution - 1.0001f) : 0f; // NaN → 0
    }

    /** Row i of a 2-D field: bilinear in the slices at {@code slice} and the next, mixed by {@code ft}. */
    private void interpolate2(float[] x, int i, int slice, float ft, float[] out) {
        float gx = gridCoordinate(x[2 * i]);
        float gy = gridCoordinate(x[2 * i + 1]);
        int ix = (int) gx;
        int iy = (int) gy;
        float fx = gx - ix;
        float fy = gy - iy;
        float keep = 1f - ft;
        float w00 = (1f - fx) * (1f - fy);
        float w10 = fx * (1f - fy);
        float w01 = (1f - fx) * fy;
        float w11 = fx * fy;
        int up = 2 * resolution;
        float[] v = values;
        int a = slice + 2 * (iy * resolution + ix);
        int b = a + sliceSize;
        out[2 * i] = keep * (w00 * v[a] + w10 * v[a + 2] + w01 * v[a + up] + w11 * v[a + up + 2])
                + ft * (w00 * v[b] + w10 * v[b + 2] + w01 * v[b + up] + w11 * v[b + up + 2]);
        out[2 * i + 1] = keep * (w00 * v[a + 1] + w10 * v[a + 3] + w01 * v[a + up + 1] + w11 * v[a + up + 3])
                + ft * (w00 * v[b + 1] + w10 * v[b + 3] + w01 * v[b + up + 1] + w11 * v[b + up + 3]);
    }

    /** Bilinear in x, y over interleaved 3-component values (stride 3 along x, {@code up} along y). */
    private static float bilinear(float[] v, int at, int up, float fx, float fy) {
        float bottom = v[at] + (v[at + 3] - v[at]) * fx;
        float top = v[at + up] + (v[at + up + 3] - v[at + up]) * fx;
        return bottom + (top - bottom) * fy;
    }

    /** Row i of a 3-D field: trilinear in the slices at {@code slice} and the next, mixed by {@code ft}. */
    private void interpolate3(float[] x, int i, int slice, float ft, float[] out) {
        float gx = gridCoordinate(x[3 * i]);
        float gy = gridCoordinate(x[3 * i + 1]);
        float gz = gridCoordinate(x[3 * i + 2]);
        int ix = (int) gx;
        int iy = (int) gy;
        int iz = (int) gz;
        float fx = gx - ix;
        float fy = gy - iy;
        float fz = gz - iz;
        int up = 3 * resolution;
        int deep = 3 * resolution * resolution;
        int base = slice + 3 * ((iz * resolution + iy) * resolution + ix);
        for (int c = 0; c < 3; c++) {
            float before = trilinear(values, base + c, up, deep, fx, fy, fz);
            float after = trilinear(values, base + c + sliceSize, up, deep, fx, fy, fz);
            out[3 * i + c] = before + (after - before) * ft;
        }
    }

    private static float trilinear(float[] v, int at, int up, int deep, float fx, float fy, float fz) {
        float near = bilinear(v, at, up, fx, fy);
        float far = bilinear(v, at + deep, up, fx, fy);
        return near + (far - near) * fz;
    }

    @Override
    public String toString() {
        return "BakedVelocityField[d=" + dimension + ", ±" + halfExtent + ", " + resolution + "^" + dimension + " x "
                + timeSlices + " times]";
    }
}
