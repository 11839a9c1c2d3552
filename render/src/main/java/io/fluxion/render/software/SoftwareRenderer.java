package io.fluxion.render.software;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A pure-Java particle renderer, the fallback where no OpenGL can be had: each particle adds
 * its colour into a floating-point accumulation buffer (additive blending, a 2 × 2 splat), and
 * the buffer is tone-mapped (1 − e^(−exposure·light)) into an RGB image.
 *
 * <p>Positions are 2-D world coordinates [n, 2] (row-major); the camera maps the square
 * [centerX ± halfExtent] × [centerY ± halfExtent] onto the image, y up. Colours are [n, 3]
 * in [0, 1]. Not thread-safe; owns its buffers (width·height·3 floats and one image).
 */
public final class SoftwareRenderer {

    private final int width;
    private final int height;
    private final float[] light;
    private final BufferedImage image;
    private final int[] pixels;
    private double centerX;
    private double centerY;
    private double halfExtent = 4.5;
    private float exposure = 1.2f;

    public SoftwareRenderer(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("SoftwareRenderer: size must be positive, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.light = new float[width * height * 3];
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /** Looks at [cx ± halfExtent] × [cy ± halfExtent] (the shorter image side spans 2·halfExtent). */
    public void setCamera(double cx, double cy, double extent) {
        if (!(extent > 0)) {
            throw new IllegalArgumentException("SoftwareRenderer: extent must be > 0, got " + extent);
        }
        this.centerX = cx;
        this.centerY = cy;
        this.halfExtent = extent;
    }

    /** Light added per particle is scaled so that ~this many particles per pixel saturate. */
    public void setExposure(float exposure) {
        this.exposure = exposure;
    }

    /** Clears the accumulation buffer. */
    public void clear() {
        Arrays.fill(light, 0f);
    }

    /** Fades the accumulated light by a factor in [0, 1] (trails). */
    public void fade(float keep) {
        for (int k = 0; k < light.length; k++) {
            light[k] *= keep;
        }
    }

    /**
     * Adds n particles.
     *
     * @param positions [n, 2] world coordinates
     * @param colours   [n, 3] RGB in [0, 1]
     * @param intensity light per particle
     */
    public void splat(float[] positions, float[] colours, int n, float intensity) {
        double scale = Math.min(width, height) / (2 * halfExtent);
        for (int i = 0; i < n; i++) {
            double px = (positions[2 * i] - centerX) * scale + width / 2.0;
            double py = height / 2.0 - (positions[2 * i + 1] - centerY) * scale;
            int x = (int) Math.floor(px - 0.5);
            int y = (int) Math.floor(py - 0.5);
            if (x < 0 || y < 0 || x + 1 >= width || y + 1 >= height) {
                continue;
            }
            float r = colours[3 * i] * intensity;
            float g = colours[3 * i + 1] * intensity;
            float b = colours[3 * i + 2] * intensity;
            for (int dy = 0; dy < 2; dy++) {
                int row = ((y + dy) * width + x) * 3;
                light[row] += r;
                light[row + 1] += g;
                light[row + 2] += b;
                light[row + 3] += r;
                light[row + 4] += g;
                light[row + 5] += b;
            }
        }
    }

    /** Tone-maps the accumulated light into the image and returns it (owned by the renderer). */
    public BufferedImage resolve() {
        for (int p = 0; p < width * height; p++) {
            int r = toneMap(light[3 * p]);
            int g = toneMap(light[3 * p + 1]);
            int b = toneMap(light[3 * p + 2]);
            pixels[p] = (r << 16) | (g << 8) | b;
        }
        return image;
    }

    private int toneMap(float value) {
        return (int) (255.999f * (1f - (float) Math.exp(-exposure * value)));
    }

    /** @return the total light accumulated in the given world rectangle, summed over RGB. */
    public double lightIn(double minX, double minY, double maxX, double maxY) {
        double scale = Math.min(width, height) / (2 * halfExtent);
        double sum = 0;
        for (int y = 0; y < height; y++) {
            double wy = centerY + (height / 2.0 - (y + 0.5)) / scale;
            for (int x = 0; x < width; x++) {
                double wx = centerX + (x + 0.5 - width / 2.0) / scale;
                if (wx >= minX && wx < maxX && wy >= minY && wy < maxY) {
                    int k = (y * width + x) * 3;
                    sum += light[k] + light[k + 1] + light[k + 2];
                }
            }
        }
        return sum;
    }

    /** @return the total light accumulated, summed over RGB. */
    public double totalLight() {
        double sum = 0;
        for (float value : light) {
            sum += value;
        }
        return sum;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
