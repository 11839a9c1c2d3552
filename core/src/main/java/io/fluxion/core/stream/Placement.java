package io.fluxion.core.stream;

import java.util.Arrays;

/**
 * Where an emitter's effect stands in a scene: world = R·(s ∘ x) + T for a model's data-coordinate
 * position x, with a per-axis scale s, a rotation R and a translation T (2-D effects use the x-y
 * part: a rotation about z). Immutable; {@link #apply} maps positions and {@link #applyToVectors}
 * velocities (R·s only), in place, allocating nothing.
 */
public final class Placement {

    private static final Placement IDENTITY = new Placement(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new float[3]);

    /** R·diag(s), row-major 3 × 3. */
    private final float[] linear;
    private final float[] translation;

    private Placement(float[] linear, float[] translation) {
        for (float value : linear) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("Placement: rotation and scale must be finite");
            }
        }
        for (float value : translation) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("Placement: translation must be finite");
            }
        }
        this.linear = linear;
        this.translation = translation;
    }

    /** No change: world = data coordinates. */
    public static Placement identity() {
        return IDENTITY;
    }

    /**
     * A 2-D placement: scale, then rotate by {@code radians} counter-clockwise, then move by (x, y).
     */
    public static Placement of2d(double x, double y, double radians, double scale) {
        float c = (float) (Math.cos(radians) * scale);
        float s = (float) (Math.sin(radians) * scale);
        return new Placement(new float[] {c, -s, 0, s, c, 0, 0, 0, (float) scale}, new float[] {(float) x, (float) y, 0});
    }

    /**
     * A 3-D placement: scale by {@code scale} per axis (x, y, z), rotate by {@code radians} about the
     * unit axis {@code axis} (right-handed), then move by {@code translation}.
     *
     * @throws IllegalArgumentException for a zero axis or arrays that are not of length 3
     */
    public static Placement of3d(float[] translation, float[] axis, double radians, float[] scale) {
        if (translation.length != 3 || axis.length != 3 || scale.length != 3) {
            throw new IllegalArgumentException("Placement: translation, axis and scale need 3 components each");
        }
        double norm = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        if (!(norm > 0)) {
            throw new IllegalArgumentException("Placement: the rotation axis must not be zero");
        }
        double x = axis[0] / norm;
        double y = axis[1] / norm;
        double z = axis[2] / norm;
        double c = Math.cos(radians);
        double s = Math.sin(radians);
        double k = 1 - c;
        // Rodrigues' rotation matrix, columns scaled by s
        double[] r = {
            c + x * x * k, x * y * k - z * s, x * z * k + y * s,
            y * x * k + z * s, c + y * y * k, y * z * k - x * s,
            z * x * k - y * s, z * y * k + x * s, c + z * z * k};
        float[] linear = new float[9];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                linear[3 * row + column] = (float) (r[3 * row + column] * scale[column]);
            }
        }
        return new Placement(linear, translation.clone());
    }

    /** Maps rows of {@code positions [n, d]} (d = 2 or 3) to world coordinates in place. */
    public void apply(float[] positions, int n, int d) {
        transform(positions, n, d, true);
    }

    /** Maps rows of {@code vectors [n, d]} (velocities) by the rotation and scale only, in place. */
    public void applyToVectors(float[] vectors, int n, int d) {
        transform(vectors, n, d, false);
    }

    private void transform(float[] rows, int n, int d, boolean translate) {
        if (this == IDENTITY) {
            return;
        }
        if (d != 2 && d != 3) {
            throw new IllegalArgumentException("Placement: 2-D or 3-D rows only, got d = " + d);
        }
        float[] m = linear;
        float tx = translate ? translation[0] : 0f;
        float ty = translate ? translation[1] : 0f;
        float tz = translate ? translation[2] : 0f;
        for (int i = 0; i < n; i++) {
            int at = i * d;
            float x = rows[at];
            float y = rows[at + 1];
            if (d == 2) {
                rows[at] = m[0] * x + m[1] * y + tx;
                rows[at + 1] = m[3] * x + m[4] * y + ty;
            } else {
                float z = rows[at + 2];
                rows[at] = m[0] * x + m[1] * y + m[2] * z + tx;
                rows[at + 1] = m[3] * x + m[4] * y + m[5] * z + ty;
                rows[at + 2] = m[6] * x + m[7] * y + m[8] * z + tz;
            }
        }
    }

    @Override
    public String toString() {
        return this == IDENTITY ? "Placement[identity]"
                : "Placement[linear " + Arrays.toString(linear) + ", translation " + Arrays.toString(translation) + "]";
    }
}
