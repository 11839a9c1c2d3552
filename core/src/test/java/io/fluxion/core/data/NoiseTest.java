package io.fluxion.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseTest {

    @Test
    void aSeedGivesTheSameStandardNormalDrawsEveryTime() {
        float[] first = Noise.standardNormal(200_000, 7);
        assertArrayEquals(first, Noise.standardNormal(200_000, 7));
        double sum = 0;
        double squares = 0;
        for (float value : first) {
            sum += value;
            squares += value * value;
        }
        assertEquals(0, sum / first.length, 0.01, "mean");
        assertEquals(1, squares / first.length, 0.01, "second moment");
    }

    @Test
    void fillWritesOnlyTheFirstCountValues() {
        float[] values = {9, 9, 9, 9};
        Noise.fill(values, 3, new SplittableRandom(1));
        float[] expected = Noise.standardNormal(3, 1);
        assertEquals(expected[0], values[0]);
        assertEquals(expected[2], values[2]);
        assertEquals(9f, values[3]);
    }
}
