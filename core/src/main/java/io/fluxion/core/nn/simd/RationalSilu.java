package io.fluxion.core.nn.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SiLU for the plain-Java forward pass ({@link VectorMlpForward}) without an exponential, taking
 * h = z/2 rather than z: z·σ(z) = h + |h|·tanh|h|, since σ(z) = (1 + tanh(z/2))/2. The forward pass
 * halves the weights and biases of every SiLU layer once, at construction (exact in float: a power
 * of two), so its pre-activations arrive already halved and the multiply by ½ costs nothing per
 * value. tanh a, for a = |h|, is a [9/8] rational a·P(a²)/Q(a²) fitted to it on [0, 9] (minimax,
 * absolute error 2·10⁻⁸ in exact arithmetic). Beyond 9 the rational climbs past 1 (at 9.5 it is
 * 1 + 4·10⁻⁷), so a is clamped at 9.5 and the quotient at 1: silu is exactly z above z = 19 and
 * exactly 0 below −19, and no a² can overflow.
 *
 * <p>Against z/(1 + e^(−z)) in double: |error| ≤ 2·10⁻⁷·max(1, |z|), the size of the rounding
 * already in a 64-term float dot product. A NaN stays NaN; z = −∞ gives NaN (∞ − ∞). Why this form
 * and what it was measured against: {@code docs/DESIGN-NOTES.md}, "The forward pass in plain Java".
 *
 * <p>Stateless, thread-safe. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class RationalSilu {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int ABS_MASK = 0x7fffffff;
    /** The clamp on a = |z/2|, as bits (an integer min clamps non-negative floats). */
    private static final int A_LIMIT_BITS = Float.floatToRawIntBits(9.5f);
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);
    private static final float P0 = 0.9999998807907104f;
    private static final float P1 = 0.1337319165468216f;
    private static final float P2 = 0.0034865757916122675f;
    private static final float P3 = 2.047173802566249e-05f;
    private static final float P4 = 1.3184112468422882e-08f;
    private static final float Q1 = 0.46706488728523254f;
    private static final float Q2 = 0.025841955095529556f;
    private static final float Q3 = 0.0003271375608164817f;
    private static final float Q4 = 7.702614652771445e-07f;

    private RationalSilu() {
    }

    /**
     * values[i] = silu(2·values[i]) for i in [from, from + count), count a whole number of vectors:
     * each value comes in as half its pre-activation z and leaves as silu(z).
     */
    static void ofHalvedInPlace(float[] values, int from, int count) {
        for (int i = from; i < from + count; i += LANES) {
            siluOfHalf(FloatVector.fromArray(SPECIES, values, i)).intoArray(values, i);
        }
    }

    /**
     * silu(z) lane by lane from h = z/2. P and Q by Horner's rule, interleaved so the two chains
     * overlap; literal constants, so that inlined into a loop every broadcast is hoisted out of it.
     */
    static FloatVector siluOfHalf(FloatVector h) {
        FloatVector magnitude = h.reinterpretAsInts().and(ABS_MASK).reinterpretAsFloats();
        FloatVector a = magnitude.reinterpretAsInts().min(A_LIMIT_BITS).reinterpretAsFloats();
        FloatVector s = a.mul(a);
        FloatVector p = s.fma(FloatVector.broadcast(SPECIES, P4), FloatVector.broadcast(SPECIES, P3));
        FloatVector q = s.fma(FloatVector.broadcast(SPECIES, Q4), FloatVector.broadcast(SPECIES, Q3));
        p = p.fma(s, FloatVector.broadcast(SPECIES, P2));
        q = q.fma(s, FloatVector.broadcast(SPECIES, Q2));
        p = p.fma(s, FloatVector.broadcast(SPECIES, P1));
        q = q.fma(s, FloatVector.broadcast(SPECIES, Q1));
        p = p.fma(s, FloatVector.broadcast(SPECIES, P0));
        q = q.fma(s, FloatVector.broadcast(SPECIES, 1f));
        FloatVector tanh = a.mul(p).div(q).reinterpretAsInts().min(ONE_BITS).reinterpretAsFloats();
        return magnitude.fma(tanh, h);
    }
}
