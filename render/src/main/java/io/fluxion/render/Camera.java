package io.fluxion.render;

/** Maps world (data) coordinates to clip space. Implementations are mutable; render thread only. */
public interface Camera {

    /**
     * Writes the view-projection matrix, 16 floats in column-major order (OpenGL's layout).
     *
     * @param aspect surface width / height
     */
    void viewProjection(float aspect, float[] out);
}
