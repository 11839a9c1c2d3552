package io.fluxion.render;

/**
 * A perspective camera orbiting a target point, for 3-D models: yaw about the world y axis,
 * pitch above the x-z plane (clamped to ±89°), distance from the target, 45° vertical field of
 * view. Mutable; render thread only.
 */
public final class OrbitCamera implements Camera {

    private static final double FIELD_OF_VIEW = Math.toRadians(45);

    private double targetX;
    private double targetY;
    private double targetZ;
    private double yaw;
    private double pitch;
    private double distance;
    private final double initialDistance;

    public OrbitCamera(double distance) {
        if (!(distance > 0)) {
            throw new IllegalArgumentException("OrbitCamera: distance must be > 0, got " + distance);
        }
        this.initialDistance = distance;
        reset();
    }

    /** Back to the target at the origin, yaw 0, pitch 20°, the distance it was made with. */
    @Override
    public void reset() {
        targetX = 0;
        targetY = 0;
        targetZ = 0;
        yaw = 0;
        pitch = Math.toRadians(20);
        distance = initialDistance;
    }

    public double yaw() {
        return yaw;
    }

    public double pitch() {
        return pitch;
    }

    public double distance() {
        return distance;
    }

    /** @return the target point (x, y, z) */
    public double[] target() {
        return new double[] {targetX, targetY, targetZ};
    }

    /**
     * Slides the target (and the eye with it) in the view plane by dx, dy times the height seen
     * at the target's distance: the point under the cursor stays under it.
     */
    @Override
    public void pan(double dx, double dy) {
        double seen = 2 * distance * Math.tan(FIELD_OF_VIEW / 2);
        // side s = (cos yaw, 0, −sin yaw); up u = (−sin pitch·sin yaw, cos pitch, −sin pitch·cos yaw)
        double sx = Math.cos(yaw);
        double sz = -Math.sin(yaw);
        double ux = -Math.sin(pitch) * Math.sin(yaw);
        double uy = Math.cos(pitch);
        double uz = -Math.sin(pitch) * Math.cos(yaw);
        targetX -= seen * (dx * sx + dy * ux);
        targetY -= seen * dy * uy;
        targetZ -= seen * (dx * sz + dy * uz);
    }

    @Override
    public float depthReference() {
        return (float) distance;
    }

    public void target(double x, double y, double z) {
        targetX = x;
        targetY = y;
        targetZ = z;
    }

    /** Turns by the given angles in radians. */
    public void orbit(double deltaYaw, double deltaPitch) {
        yaw += deltaYaw;
        pitch = Math.max(Math.toRadians(-89), Math.min(Math.toRadians(89), pitch + deltaPitch));
    }

    /** Turns by half a turn of yaw and a quarter of pitch per unit of dx, dy. */
    @Override
    public void move(double dx, double dy) {
        orbit(dx * Math.PI, dy * Math.PI / 2);
    }

    /** Moves closer (factor > 1) or away (factor < 1). */
    @Override
    public void zoom(double factor) {
        if (factor > 0) {
            distance = Math.max(1e-3, Math.min(1e4, distance / factor));
        }
    }

    @Override
    public void viewProjection(float aspect, float[] out) {
        double ex = targetX + distance * Math.cos(pitch) * Math.sin(yaw);
        double ey = targetY + distance * Math.sin(pitch);
        double ez = targetZ + distance * Math.cos(pitch) * Math.cos(yaw);
        // forward f = normalise(target − eye); side s = normalise(f × up); u = s × f
        double fx = targetX - ex;
        double fy = targetY - ey;
        double fz = targetZ - ez;
        double fn = Math.sqrt(fx * fx + fy * fy + fz * fz);
        fx /= fn;
        fy /= fn;
        fz /= fn;
        double sx = -fz;
        double sy = 0;
        double sz = fx;
        double sn = Math.sqrt(sx * sx + sz * sz);
        sx /= sn;
        sz /= sn;
        double ux = sy * fz - sz * fy;
        double uy = sz * fx - sx * fz;
        double uz = sx * fy - sy * fx;
        double near = distance * 0.01;
        double far = distance * 10;
        double focal = 1 / Math.tan(FIELD_OF_VIEW / 2);
        double a = focal / aspect;
        double c = (far + near) / (near - far);
        double e = 2 * far * near / (near - far);
        // projection (a, focal, c, e) times view rows (s, u, −f) and translation −R·eye
        double[][] view = {{sx, sy, sz, -(sx * ex + sy * ey + sz * ez)},
            {ux, uy, uz, -(ux * ex + uy * ey + uz * ez)},
            {-fx, -fy, -fz, fx * ex + fy * ey + fz * ez}};
        for (int column = 0; column < 4; column++) {
            out[4 * column] = (float) (a * view[0][column]);
            out[4 * column + 1] = (float) (focal * view[1][column]);
            out[4 * column + 2] = (float) (c * view[2][column] + (column == 3 ? e : 0));
            out[4 * column + 3] = (float) (-view[2][column]);
        }
    }
}
