package io.fluxion.core.nn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The exponential-free SiLU of the forward pass against z/(1 + e^(−z)) in double. */
class RationalSiluTest {

    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    /** silu of each z, handed to the kernel halved as the forward pass does (exact: a power of two). */
    private static float[] silu(float[] z) {
        float[] values = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            values[i] = z[i] * 0.5f;
        }
        RationalSilu.ofHalvedInPlace(values, 0, values.length);
        return values;
    }

    @Test
    void errorStaysWithin2point5e7TimesTheLargerOfOneAndZ() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 1 << 20;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            // half near the origin, where networks live; half over ±40, past both clamps
            z[i] = (float) (i % 2 == 0 ? 4 * random.nextGaussian() : 80 * (random.nextDouble() - 0.5));
        }
        float[] got = silu(z);
        for (int i = 0; i < n; i++) {
            double exact = z[i] / (1 + Math.exp(-(double) z[i]));
            double error = Math.abs(got[i] - exact) / Math.max(1, Math.abs(z[i]));
            assertTrue(error <= 2.5e-7, "silu(" + z[i] + ") = " + got[i] + ", exactly " + exact);
        }
    }

    @Test
    void isExactlyZOrZeroFarOut() {
        float[] z = new float[LANES * 2];
        float[] far = {19.5f, 40f, 1e30f, Float.MAX_VALUE, -19.5f, -40f, -1e30f, -Float.MAX_VALUE};
        for (int i = 0; i < z.length; i++) {
            z[i] = far[i % far.length];
        }
        float[] got = silu(z);
        for (int i = 0; i < z.length; i++) {
            assertEquals(z[i] > 0 ? z[i] : 0f, got[i], 0f, "silu(" + z[i] + ")");
        }
    }

    @Test
    void keepsNanAndPositiveInfinityAndZero() {
        float[] z = new float[LANES];
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, 0f, -0f};
        for (int i = 0; i < z.length; i++) {
            z[i] = special[i % special.length];
        }
        float[] got = silu(z);
        for (int i = 0; i < z.length; i++) {
            if (Float.isNaN(z[i])) {
                assertTrue(Float.isNaN(got[i]));
            } else {
                assertEquals(z[i] > 0 ? z[i] : 0f, got[i], 0f, "silu(" + z[i] + ")");
            }
        }
    }
}
