package io.fluxion.render;

import static org.lwjgl.opengl.GL11.GL_FLOAT;
import static org.lwjgl.opengl.GL11.GL_RGB;
import static org.lwjgl.opengl.GL30.GL_RGB32F;

import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.render.gl.Texture2D;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.lwjgl.system.MemoryUtil;

/**
 * The density path of {@link ParticleRenderer}: projects every particle on the CPU, adds its
 * colour × light into the nearest pixel of an RGB histogram [height, width, 3], and uploads the
 * histogram as one texture. Owns the histogram (heap), the upload buffer (off-heap, freed by
 * {@link #close()}) and the texture. Render thread only.
 */
final class DensitySplat implements AutoCloseable {

    private final int width;
    private final int height;
    private final float[] histogram;
    private final FloatBuffer upload;
    private final Texture2D texture;
    private final float[] colour = new float[3];

    DensitySplat(int width, int height) {
        this.width = width;
        this.height = height;
        this.histogram = new float[3 * width * height];
        this.upload = MemoryUtil.memAllocFloat(3 * width * height);
        this.texture = new Texture2D(width, height, GL_RGB32F, GL_RGB, GL_FLOAT, false);
    }

    /**
     * Splats the frame and uploads the result.
     *
     * @param matrix column-major view-projection
     * @param light light added per particle
     */
    Texture2D splat(ParticleFrame frame, float[] matrix, float light, RenderSettings settings, ColourMap colourMap) {
        Arrays.fill(histogram, 0f);
        FloatBuffer positions = frame.positions();
        FloatBuffer velocities = frame.velocities();
        FloatBuffer times = frame.times();
        int d = frame.dimension();
        int n = frame.count();
        Palette palette = settings.palette();
        ColourMode mode = colourMap == null && settings.colourMode() == ColourMode.DATA ? ColourMode.TIME
                : settings.colourMode();
        float speedScale = settings.speedScale();
        float halfWidth = width * 0.5f;
        float halfHeight = height * 0.5f;
        for (int i = 0; i < n; i++) {
            float x = positions.get(i * d);
            float y = positions.get(i * d + 1);
            float z = d > 2 ? positions.get(i * d + 2) : 0f;
            float w = matrix[3] * x + matrix[7] * y + matrix[11] * z + matrix[15];
            if (!(w > 0)) {
                continue;
            }
            float cx = (matrix[0] * x + matrix[4] * y + matrix[8] * z + matrix[12]) / w;
            float cy = (matrix[1] * x + matrix[5] * y + matrix[9] * z + matrix[13]) / w;
            int px = (int) Math.floor((cx + 1f) * halfWidth);
            int py = (int) Math.floor((cy + 1f) * halfHeight);
            if (px < 0 || py < 0 || px >= width || py >= height) {
                continue;
            }
            float t = times.get(i);
            switch (mode) {
                case SPEED -> palette.colourAt(speed(velocities, i, d) * speedScale, colour, 0);
                case TIME -> palette.colourAt(t, colour, 0);
                case DATA -> dataColour(colourMap, palette, x, y, t);
            }
            int cell = 3 * (py * width + px);
            histogram[cell] += colour[0] * light;
            histogram[cell + 1] += colour[1] * light;
            histogram[cell + 2] += colour[2] * light;
        }
        upload.clear();
        upload.put(histogram).flip();
        texture.upload(upload, GL_RGB);
        return texture;
    }

    private void dataColour(ColourMap colourMap, Palette palette, float x, float y, float t) {
        palette.colourAt(t, colour, 0);
        float r = colour[0];
        float g = colour[1];
        float b = colour[2];
        colourMap.colourAt(x, y, colour, 0);
        float u = Math.max(0f, Math.min(1f, (t - 0.4f) / 0.6f));
        float blend = u * u * (3 - 2 * u);
        colour[0] = r + (colour[0] - r) * blend;
        colour[1] = g + (colour[1] - g) * blend;
        colour[2] = b + (colour[2] - b) * blend;
    }

    private static float speed(FloatBuffer velocities, int i, int d) {
        float sum = 0;
        for (int k = 0; k < d; k++) {
            float v = velocities.get(i * d + k);
            sum += v * v;
        }
        return (float) Math.sqrt(sum);
    }

    @Override
    public void close() {
        texture.close();
        MemoryUtil.memFree(upload);
    }
}
