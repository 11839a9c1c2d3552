package io.fluxion.render;

import io.fluxion.core.data.PointSource;
import java.util.SplittableRandom;

/**
 * The data's own colour over a rectangle of the plane: an RGB grid [height, width, 3] (row 0 at
 * minY) averaged from coloured samples of a {@link PointSource} (pictures, text), used by
 * {@link ColourMode#DATA}. Cells no sample fell in are white. Immutable.
 */
public final class ColourMap {

    private final float minX;
    private final float minY;
    private final float size;
    private final int resolution;
    private final float[] rgb;

    private ColourMap(float minX, float minY, float size, int resolution, float[] rgb) {
        this.minX = minX;
        this.minY = minY;
        this.size = size;
        this.resolution = resolution;
        this.rgb = rgb;
    }

    /**
     * Averages the colours of {@code samples} points of a 2-D source with colours into a
     * resolution × resolution grid over the square [−extent, extent]².
     */
    public static ColourMap fromSource(PointSource source, double extent, int resolution, int samples, long seed) {
        if (!source.hasColours() || source.dimension() != 2) {
            throw new IllegalArgumentException(source.name() + ": a colour map needs a 2-D source with colours");
        }
        float[] points = new float[2 * samples];
        float[] colours = new float[3 * samples];
        source.sample(points, colours, samples, new SplittableRandom(seed));
        float[] sum = new float[3 * resolution * resolution];
        int[] count = new int[resolution * resolution];
        float size = (float) (2 * extent);
        for (int i = 0; i < samples; i++) {
            int cx = (int) Math.floor((points[2 * i] + extent) / size * resolution);
            int cy = (int) Math.floor((points[2 * i + 1] + extent) / size * resolution);
            if (cx >= 0 && cy >= 0 && cx < resolution && cy < resolution) {
                int cell = cy * resolution + cx;
                count[cell]++;
                for (int c = 0; c < 3; c++) {
                    sum[3 * cell + c] += colours[3 * i + c];
                }
            }
        }
        for (int cell = 0; cell < count.length; cell++) {
            for (int c = 0; c < 3; c++) {
                sum[3 * cell + c] = count[cell] == 0 ? 1f : sum[3 * cell + c] / count[cell];
            }
        }
        return new ColourMap((float) -extent, (float) -extent, size, resolution, sum);
    }

    public float minX() {
        return minX;
    }

    public float minY() {
        return minY;
    }

    /** Side of the covered square in world units. */
    public float size() {
        return size;
    }

    public int resolution() {
        return resolution;
    }

    /** A copy of the grid, [resolution, resolution, 3], row 0 at minY. */
    public float[] rgb() {
        return rgb.clone();
    }

    /** Writes the colour at (x, y) (nearest cell, clamped to the edge) into out[offset .. offset+2]. */
    public void colourAt(float x, float y, float[] out, int offset) {
        int cx = Math.max(0, Math.min(resolution - 1, (int) ((x - minX) / size * resolution)));
        int cy = Math.max(0, Math.min(resolution - 1, (int) ((y - minY) / size * resolution)));
        System.arraycopy(rgb, 3 * (cy * resolution + cx), out, offset, 3);
    }
}
