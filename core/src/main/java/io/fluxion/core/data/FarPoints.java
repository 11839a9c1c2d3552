package io.fluxion.core.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;
import org.slf4j.LoggerFactory;

/**
 * Leaves out of a point file the points that lie absurdly far from the rest (a stray 1e30 among
 * values near 1 would make the data's scale, and so the trained model, a single blob): those
 * farther from the per-axis median than {@value #FACTOR} × the median of every point's distance
 * to it (distances measured per axis, the largest one counting). They are reported in one
 * warning with how many there are and where the first one is; nothing is dropped from data whose
 * median distance is 0.
 */
final class FarPoints {

    /** How many times the data's median distance from its median a point may lie. */
    static final double FACTOR = 1000;

    private FarPoints() {
    }

    /**
     * @param data     [n, columns], row-major
     * @param measured the leading columns that are coordinates (the distances use these; a label
     *                 column after them is carried along but never measured)
     * @param where    names row i for the warning (a line of a CSV file, a row of an array)
     * @return the rows kept, [m, columns] (the same array when none is far)
     */
    static float[] removeFar(float[] data, int n, int columns, int measured, String source, IntFunction<String> where) {
        if (n < 3 || measured < 1) {
            return data;
        }
        int d = columns;
        float[] median = new float[measured];
        float[] column = new float[n];
        for (int j = 0; j < measured; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = data[i * d + j];
            }
            median[j] = medianOf(column);
        }
        float[] distance = new float[n];
        for (int i = 0; i < n; i++) {
            float largest = 0;
            for (int j = 0; j < measured; j++) {
                largest = Math.max(largest, Math.abs(data[i * d + j] - median[j]));
            }
            distance[i] = largest;
        }
        double limit = FACTOR * medianOf(distance.clone());
        if (!(limit > 0)) {
            return data;
        }
        int far = 0;
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (distance[i] > limit) {
                far++;
                first = first < 0 ? i : first;
            }
        }
        if (far == 0) {
            return data;
        }
        float[] kept = new float[(n - far) * d];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (distance[i] <= limit) {
                System.arraycopy(data, i * d, kept, at, d);
                at += d;
            }
        }
        LoggerFactory.getLogger(FarPoints.class).warn(String.format(Locale.ROOT,
                "%s: %d of %d points lie more than %.0f times the data's spread from the rest (the first at %s, %g "
                        + "from the median); they were left out", source, far, n, FACTOR, where.apply(first), distance[first]));
        return kept;
    }

    /** The median of {@code values} (the upper one of an even count); sorts the array. */
    private static float medianOf(float[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
