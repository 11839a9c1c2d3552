package io.fluxion.render;

/** Maps world (data) coordinates to clip space. Implementations are mutable; render thread only. */
public interface Camera {

    /**
     * Writes the view-projection matrix, 16 floats in column-major order (OpenGL's layout).
     *
     * @param aspect surface width / height
     */
    void viewProjection(float aspect, float[] out);

    /** Moves the view by a fraction of it (dx, dy in [−1, 1]): a 2-D camera pans, an orbit camera turns. */
    void move(double dx, double dy);

    /** Zooms in (factor > 1) or out (factor < 1). */
    void zoom(double factor);

    /** Slides the view sideways by a fraction of it (dx, dy in [−1, 1]); a 2-D camera pans as {@link #move} does. */
    default void pan(double dx, double dy) {
        move(dx, dy);
    }

    /** Goes back to the view it was made with. */
    void reset();

    /**
     * The eye's distance at which depth cues are neutral: particles nearer than it are drawn
     * larger and brighter, farther ones smaller and dimmer; 0 (orthographic cameras) for none.
     */
    default float depthReference() {
        return 0f;
    }
}
