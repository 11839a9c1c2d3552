package io.fluxion.render;

import java.util.Arrays;

/**
 * A pan/zoom orthographic camera for 2-D models: shows [centerX ± halfHeight·aspect] ×
 * [centerY ± halfHeight], y up. Mutable; render thread only.
 */
public final class Camera2D implements Camera {

    private double centerX;
    private double centerY;
    private double halfHeight;

    private final double[] initial;

    public Camera2D(double centerX, double centerY, double halfHeight) {
        this.initial = new double[] {centerX, centerY, halfHeight};
        set(centerX, centerY, halfHeight);
    }

    /** Back to the centre and half-height it was made with. */
    @Override
    public void reset() {
        set(initial[0], initial[1], initial[2]);
    }

    public void set(double x, double y, double half) {
        if (!(half > 0) || !Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(half)) {
            throw new IllegalArgumentException("Camera2D: need finite centre and halfHeight > 0, got (" + x + ", " + y
                    + "), " + half);
        }
        this.centerX = x;
        this.centerY = y;
        this.halfHeight = half;
    }

    /** Moves the centre by a fraction of the visible height (dx, dy in [−1, 1] = half a screen). */
    @Override
    public void move(double dx, double dy) {
        centerX += dx * halfHeight;
        centerY += dy * halfHeight;
    }

    /** Drags the view: the centre moves against dx, dy given in fractions of the visible height. */
    @Override
    public void pan(double dx, double dy) {
        centerX -= dx * 2 * halfHeight;
        centerY -= dy * 2 * halfHeight;
    }

    /** Zooms in (factor > 1) or out (factor < 1) about the centre. */
    @Override
    public void zoom(double factor) {
        if (factor > 0) {
            halfHeight = Math.max(1e-4, Math.min(1e4, halfHeight / factor));
        }
    }

    public double centerX() {
        return centerX;
    }

    public double centerY() {
        return centerY;
    }

    public double halfHeight() {
        return halfHeight;
    }

    @Override
    public void viewProjection(float aspect, float[] out) {
        Arrays.fill(out, 0f);
        double sx = 1 / (halfHeight * aspect);
        double sy = 1 / halfHeight;
        out[0] = (float) sx;
        out[5] = (float) sy;
        out[10] = 1f;
        out[12] = (float) (-centerX * sx);
        out[13] = (float) (-centerY * sy);
        out[15] = 1f;
    }
}
