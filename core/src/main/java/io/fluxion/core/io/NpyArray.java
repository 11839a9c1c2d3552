package io.fluxion.core.io;

import java.util.Arrays;

/**
 * A float32 array read from or written to a {@code .npy} file: its shape and its values in
 * C (row-major) order. The record owns both arrays.
 *
 * @param shape     dimensions, each ≥ 0 (an empty shape is a scalar)
 * @param data      values in C order, length = product of the shape
 * @param wasDouble true when the file held float64 values (converted to float32 on reading)
 */
public record NpyArray(int[] shape, float[] data, boolean wasDouble) {

    public NpyArray {
        long count = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("NpyArray: negative dimension in shape " + Arrays.toString(shape));
            }
            count *= dimension;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("NpyArray: shape " + Arrays.toString(shape) + " holds " + count
                    + " values, data has " + data.length);
        }
    }

    /** A float32 array of the given shape. */
    public static NpyArray of(float[] data, int... shape) {
        return new NpyArray(shape.clone(), data, false);
    }

    /** @return the number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** @return the shape as text, e.g. {@code (3, 2)}. */
    public String shapeText() {
        return Npy.shapeText(shape);
    }
}
