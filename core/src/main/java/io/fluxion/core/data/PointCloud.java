package io.fluxion.core.data;

import java.util.random.RandomGenerator;

/**
 * A finite set of points [count, d] (row-major), optionally with colours [count, 3], sampled
 * uniformly with replacement. Immutable; owns copies of its arrays.
 */
public final class PointCloud implements PointSource {

    private final String name;
    private final float[] points;
    private final float[] colours;
    private final int count;
    private final int dimension;

    /**
     * @param points  [count, d], finite
     * @param colours [count, 3] in [0, 1], or null
     */
    public PointCloud(String name, float[] points, float[] colours, int count, int dimension) {
        if (count < 1 || dimension < 1 || points.length != count * dimension) {
            throw new IllegalArgumentException("PointCloud " + name + ": need count >= 1, d >= 1 and points ["
                    + count + ", " + dimension + "], got " + points.length + " values");
        }
        if (colours != null && colours.length != 3 * count) {
            throw new IllegalArgumentException("PointCloud " + name + ": colours must be [" + count + ", 3]");
        }
        this.name = name;
        this.points = points.clone();
        this.colours = colours == null ? null : colours.clone();
        this.count = count;
        this.dimension = dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the number of points held. */
    public int size() {
        return count;
    }

    /** @return a copy of the points [count, d]. */
    public float[] points() {
        return points.clone();
    }

    @Override
    public boolean hasColours() {
        return colours != null;
    }

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        sample(out, null, n, random);
    }

    @Override
    public void sample(float[] positions, float[] colourOut, int n, RandomGenerator random) {
        for (int i = 0; i < n; i++) {
            int row = random.nextInt(count);
            System.arraycopy(points, row * dimension, positions, i * dimension, dimension);
            if (colourOut != null) {
                if (colours != null) {
                    System.arraycopy(colours, row * 3, colourOut, i * 3, 3);
                } else {
                    colourOut[i * 3] = colourOut[i * 3 + 1] = colourOut[i * 3 + 2] = 1f;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PointCloud[" + name + ", " + count + " x " + dimension + "]";
    }
}
