package io.fluxion.render;

import io.fluxion.core.data.PointSource;
import java.util.SplittableRandom;

/**
 * The data's own colour over a rectangle of the plane: an RGB grid [height, width, 3] (row 0 at
 * minY) averaged from coloured samples of a {@link PointSource} (pictures, text), used by
 * {@link ColourMode#DATA}. Cells no sample fell in take their nearest filled neighbours' colour
 * (so particles just off a thin letter keep its colour); white when no sample fell anywhere. Immutable.
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
        boolean[] filled = new boolean[count.length];
        for (int cell = 0; cell < count.length; cell++) {
            filled[cell] = count[cell] > 0;
            for (int c = 0; c < 3; c++) {
                sum[3 * cell + c] = count[cell] == 0 ? 1f : sum[3 * cell + c] / count[cell];
            }
        }
        spreadIntoEmptyCells(sum, filled, resolution);
        return new ColourMap((float) -extent, (float) -extent, size, resolution, sum);
    }

    /** Gives each empty cell the mean colour of its filled 4-neighbours, ring by ring, until none is left. */
    private static void spreadIntoEmptyCells(float[] rgb, boolean[] filled, int resolution) {
        boolean any = false;
        for (boolean f : filled) {
            any |= f;
        }
        boolean changed = any;
        int[] dx = {1, -1, 0, 0};
        int[] dy = {0, 0, 1, -1};
        while (changed) {
            changed = false;
            boolean[] next = filled.clone();
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    int cell = y * resolution + x;
                    if (filled[cell]) {
                        continue;
                    }
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    int neighbours = 0;
                    for (int k = 0; k < 4; k++) {
                        int nx = x + dx[k];
                        int ny = y + dy[k];
                        if (nx >= 0 && ny >= 0 && nx < resolution && ny < resolution && filled[ny * resolution + nx]) {
                            int other = 3 * (ny * resolution + nx);
                            r += rgb[other];
                            g += rgb[other + 1];
                            b += rgb[other + 2];
                            neighbours++;
                        }
                    }
                    if (neighbours > 0) {
                        rgb[3 * cell] = r / neighbours;
                        rgb[3 * cell + 1] = g / neighbours;
                        rgb[3 * cell + 2] = b / neighbours;
                        next[cell] = true;
                        changed = true;
                    }
                }
            }
            System.arraycopy(next, 0, filled, 0, filled.length);
        }
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
