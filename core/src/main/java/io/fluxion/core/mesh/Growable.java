package io.fluxion.core.mesh;

import java.util.Arrays;

/** Growable primitive arrays for the readers (doubling; the final array is trimmed). */
final class Growable {

    private Growable() {
    }

    static final class Floats {
        private float[] values = new float[3 * 1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        void add(float a, float b, float c) {
            add(a);
            add(b);
            add(c);
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static final class Ints {
        private int[] values = new int[3 * 1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
