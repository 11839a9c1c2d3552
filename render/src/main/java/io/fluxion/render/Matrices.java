package io.fluxion.render;

import java.util.Arrays;

/** 4 × 4 matrix helpers on 16-float column-major arrays. Stateless. */
final class Matrices {

    private Matrices() {
    }

    /** Writes the inverse of {@code m} into {@code out} (identity when m is singular) and returns out. */
    static float[] inverse(float[] m, float[] out) {
        double[][] a = new double[4][8];
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                a[row][column] = m[4 * column + row];
            }
            a[row][4 + row] = 1;
        }
        for (int pivot = 0; pivot < 4; pivot++) {
            int best = pivot;
            for (int row = pivot + 1; row < 4; row++) {
                if (Math.abs(a[row][pivot]) > Math.abs(a[best][pivot])) {
                    best = row;
                }
            }
            if (Math.abs(a[best][pivot]) < 1e-12) {
                Arrays.fill(out, 0f);
                out[0] = out[5] = out[10] = out[15] = 1f;
                return out;
            }
            double[] swap = a[pivot];
            a[pivot] = a[best];
            a[best] = swap;
            double scale = 1 / a[pivot][pivot];
            for (int column = 0; column < 8; column++) {
                a[pivot][column] *= scale;
            }
            for (int row = 0; row < 4; row++) {
                if (row != pivot && a[row][pivot] != 0) {
                    double factor = a[row][pivot];
                    for (int column = 0; column < 8; column++) {
                        a[row][column] -= factor * a[pivot][column];
                    }
                }
            }
        }
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                out[4 * column + row] = (float) a[row][4 + column];
            }
        }
        return out;
    }
}
