package io.fluxion.render;

import static org.lwjgl.opengl.GL11.GL_FLOAT;
import static org.lwjgl.opengl.GL30.GL_RG;
import static org.lwjgl.opengl.GL30.GL_RG32F;

import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.render.gl.Texture2D;
import java.util.Arrays;

/**
 * The density path of {@link ParticleRenderer}: projects every particle on the CPU and adds, in
 * the nearest pixel of a two-channel histogram [height, width, 2], its light and its light × u,
 * where u ∈ [0, 1] is the particle's palette coordinate (speed or t); the resolve shader turns
 * the pair into palette(mean u) × light. Two floats per pixel keep the scattered writes and the
 * upload small. Positions, velocities and times are copied in bulk into heap arrays first (grown
 * on demand, then reused). Owns the histogram, the scratch arrays and the texture ({@link #close()}
 * deletes it). Render thread only.
 */
final class DensitySplat implements AutoCloseable {

    private final int width;
    private final int height;
    private final float[] histogram;
    private final Texture2D texture;
    private float[] positions = new float[0];
    private float[] velocities = new float[0];
    private float[] times = new float[0];

    DensitySplat(int width, int height) {
        this.width = width;
        this.height = height;
        this.histogram = new float[2 * width * height];
        this.texture = new Texture2D(width, height, GL_RG32F, GL_RG, GL_FLOAT, false);
    }

    /**
     * Splats the frame and uploads the result.
     *
     * @param matrix     column-major view-projection
     * @param light      light added per particle
     * @param bySpeed    palette coordinate u = |v|·speedScale (else u = t)
     * @param depthReference with perspective: a particle at clip depth w adds {@code depthReference / w}
     *                   times the light (clamped to [0.3, 3], as the point sprites); 0 for none
     */
    Texture2D splat(ParticleFrame frame, float[] matrix, float light, boolean bySpeed, float speedScale,
                    float depthReference) {
        int d = frame.dimension();
        int n = frame.count();
        copyIn(frame, n, d);
        float halfWidth = width * 0.5f;
        float halfHeight = height * 0.5f;
        boolean perspective = matrix[3] != 0 || matrix[7] != 0 || matrix[11] != 0 || matrix[15] != 1;
        Arrays.fill(histogram, 0f);
        for (int i = 0; i < n; i++) {
            float x = positions[i * d];
            float y = d > 1 ? positions[i * d + 1] : 0f;
            float z = d > 2 ? positions[i * d + 2] : 0f;
            float w = perspective ? matrix[3] * x + matrix[7] * y + matrix[11] * z + matrix[15] : 1f;
            if (!(w > 0)) {
                continue;
            }
            float cx = (matrix[0] * x + matrix[4] * y + matrix[8] * z + matrix[12]) / w;
            float cy = (matrix[1] * x + matrix[5] * y + matrix[9] * z + matrix[13]) / w;
            if (!(cx > -1f && cy > -1f && cx < 1f && cy < 1f)) {
                continue;
            }
            int px = Math.min(width - 1, (int) ((cx + 1f) * halfWidth));
            int py = Math.min(height - 1, (int) ((cy + 1f) * halfHeight));
            float u = bySpeed ? speed(i, d) * speedScale : times[i];
            u = u < 0f ? 0f : Math.min(u, 1f);
            float cue = depthReference > 0f ? Math.max(0.3f, Math.min(3f, depthReference / w)) : 1f;
            int cell = 2 * (py * width + px);
            histogram[cell] += light * cue;
            histogram[cell + 1] += light * cue * u;
        }
        texture.upload(histogram, GL_RG);
        return texture;
    }

    private void copyIn(ParticleFrame frame, int n, int d) {
        if (positions.length < n * d) {
            positions = new float[n * d];
            velocities = new float[n * d];
            times = new float[n];
        }
        frame.positions().get(0, positions, 0, n * d);
        frame.velocities().get(0, velocities, 0, n * d);
        frame.times().get(0, times, 0, n);
    }

    private float speed(int i, int d) {
        float sum = 0;
        for (int k = 0; k < d; k++) {
            float v = velocities[i * d + k];
            sum += v * v;
        }
        return (float) Math.sqrt(sum);
    }

    @Override
    public void close() {
        texture.close();
    }
}
