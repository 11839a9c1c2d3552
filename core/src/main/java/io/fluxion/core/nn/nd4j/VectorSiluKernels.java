package io.fluxion.core.nn.nd4j;

import io.fluxion.core.compute.ParallelRanges;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SiLU with the JDK Vector API straight on ND4J's off-heap buffers, split over the cores by
 * row blocks. One pass per operation, and the bias gradient summed in the backward pass.
 * Loaded only when {@code jdk.incubator.vector} is present (see {@link SiluKernels#best()}).
 *
 * <p>The sigmoid is our own ({@link #sigmoid(FloatVector)}: e^(−|z|) by range reduction and a
 * degree-6 polynomial, relative error ≈ 2e-7) built only from IEEE add, multiply, divide, fused
 * multiply-add and integer bit operations, so results are bit-identical whether the JIT has
 * compiled the loop or not (the library's lanewise EXP differs in the last bit between the
 * interpreter and compiled code), and identical to the scalar form used for loop tails.
 */
public final class VectorSiluKernels implements SiluKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int MIN_ROWS_PER_TASK = 256;
    private static final int PARTS = ParallelRanges.maxParts();
    private final ThreadLocal<float[][]> partialSums = ThreadLocal.withInitial(() -> new float[PARTS][0]);

    private static ByteBuffer bytes(INDArray array) {
        return array.data().asNio().order(ORDER);
    }

    /** Runs body over row blocks [from, to), split over the cores. */
    private static void forRowBlocks(int rows, ParallelRanges.Body body) {
        ParallelRanges.run(rows, MIN_ROWS_PER_TASK, body);
    }

    @Override
    public void forwardInPlace(INDArray z, int rows, int width) {
        ByteBuffer values = bytes(z);
        forRowBlocks(rows, (part, from, to) -> silu(values, values, null, from * width, to * width));
    }

    @Override
    public void forwardKeepingGate(INDArray zThenH, INDArray gate, int rows, int width) {
        ByteBuffer values = bytes(zThenH);
        ByteBuffer gates = bytes(gate);
        forRowBlocks(rows, (part, from, to) -> silu(values, values, gates, from * width, to * width));
    }

    /** Floats per heap chunk in {@link #forwardWithBias} (whole rows of at most this width). */
    private static final int CHUNK_FLOATS = 4096;
    private final ThreadLocal<float[][]> chunks = ThreadLocal.withInitial(() -> new float[2][CHUNK_FLOATS]);
    private final ThreadLocal<float[]> biasCopy = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * Fused bias and SiLU over row chunks copied into per-thread heap arrays (bulk copies): on JDK 17
     * the vector loops run faster on float[] than on direct buffers, and the bias needs no pass of
     * its own.
     */
    @Override
    public void forwardWithBias(INDArray z, INDArray bias, FloatBuffer biasValues, int biasOffset, INDArray gate,
                                int rows, int width) {
        if (width > CHUNK_FLOATS) {
            SiluKernels.super.forwardWithBias(z, bias, biasValues, biasOffset, gate, rows, width);
            return;
        }
        float[] b = biasCopy.get();
        if (b.length < width) {
            b = new float[width];
            biasCopy.set(b);
        }
        biasValues.get(biasOffset, b, 0, width);
        float[] biasRow = b;
        FloatBuffer values = bytes(z).asFloatBuffer();
        FloatBuffer gates = gate == null ? null : bytes(gate).asFloatBuffer();
        forRowBlocks(rows, (part, from, to) -> siluRowsWithBias(values, gates, biasRow, from, to, width));
    }

    private void siluRowsWithBias(FloatBuffer values, FloatBuffer gates, float[] bias, int fromRow, int toRow, int width) {
        float[][] buffers = chunks.get();
        float[] z = buffers[0];
        float[] s = buffers[1];
        boolean keepGate = gates != null;
        int rowsPerChunk = CHUNK_FLOATS / width;
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(width);
        for (int row = fromRow; row < toRow; row += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, toRow - row);
            int length = rows * width;
            values.get(row * width, z, 0, length);
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int j = 0;
                for (; j < bound; j += step) {
                    FloatVector v = FloatVector.fromArray(SPECIES, z, base + j).add(FloatVector.fromArray(SPECIES, bias, j));
                    FloatVector sigmoid = sigmoid(v);
                    if (keepGate) {
                        sigmoid.intoArray(s, base + j);
                    }
                    v.mul(sigmoid).intoArray(z, base + j);
                }
                for (; j < width; j++) {
                    float v = z[base + j] + bias[j];
                    float sigmoid = sigmoid(v);
                    s[base + j] = sigmoid;
                    z[base + j] = v * sigmoid;
                }
            }
            values.put(row * width, z, 0, length);
            if (keepGate) {
                gates.put(row * width, s, 0, length);
            }
        }
    }

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 rounded to float; one reduction step suffices (error n·1.9e-9, n ≤ 126, beside e^(−|z|) ≤ 1). */
    private static final float LN2 = 0.693147182464599609375f;
    private static final float ROUNDING = 12582912f; // 1.5·2^23: adding it rounds to an integer
    private static final int SIGN_BIT = 0x80000000;
    /** −87.3 as bits; for negative floats a larger int is a smaller magnitude, so an int min clamps. */
    private static final int CLAMP_BITS = Float.floatToRawIntBits(-87.3f);
    /** e^r ≈ 1 + r + C2·r² + … + C6·r⁶ on |r| ≤ ln2/2 (near-minimax, relative error 1.2e-7 in float). */
    private static final float C2 = 0.4999999403953552f;
    private static final float C3 = 0.1666652113199234f;
    private static final float C4 = 0.04166838899254799f;
    private static final float C5 = 0.00836874544620514f;
    private static final float C6 = 0.0013814539415761828f;

    /**
     * σ(z) = 1/(1 + e^(−z)) from e = e^(−|z|) ∈ (0, 1], which cannot overflow: σ = 1/(1 + e) for
     * z ≥ 0 and e/(1 + e) below. −|z| is the sign bit set, clamped at −87.3 by an integer min (a
     * float max would cost a NaN-safe blend sequence in Java). Written for a short dependency chain,
     * since C2 emits one vector's operations back to back and the loop is latency-bound: one
     * reduction step, the polynomial by Estrin's scheme (depth three instead of seven), and 2^n
     * applied by an integer add to the exponent field. Literal constants, so that, inlined into a
     * loop, every broadcast is hoisted out of it.
     */
    static FloatVector sigmoid(FloatVector z) {
        FloatVector x = z.reinterpretAsInts().or(SIGN_BIT).min(CLAMP_BITS).reinterpretAsFloats();
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector e = exp(x);
        return one.blend(e, z.compare(VectorOperators.LT, 0f)).div(e.add(one));
    }

    /** e^x for x in [−87.3, 0]: 2^n·p(r) with x = n·ln2 + r, |r| ≤ ln2/2. */
    private static FloatVector exp(FloatVector x) {
        FloatVector shifted = x.fma(FloatVector.broadcast(SPECIES, LOG2E), FloatVector.broadcast(SPECIES, ROUNDING));
        FloatVector n = shifted.sub(ROUNDING);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2), x);
        FloatVector r2 = r.mul(r);
        FloatVector low = r.fma(FloatVector.broadcast(SPECIES, C3), FloatVector.broadcast(SPECIES, C2));
        FloatVector high = r.fma(FloatVector.broadcast(SPECIES, C5), FloatVector.broadcast(SPECIES, C4));
        high = r2.fma(FloatVector.broadcast(SPECIES, C6), high);
        FloatVector p = low.fma(r2, r.add(1f));
        p = high.fma(r2.mul(r2), p);
        // shifted's bits are 0x4B400000 + n, and 0x4B400000 << 23 wraps to 0: the shift alone
        // is n in the exponent field; n ≥ −126 and r > 0 at n = −126, so the result stays normal
        return p.reinterpretAsInts().add(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                .reinterpretAsFloats();
    }

    /** The same computation, one lane at a time, for loop tails (bit-identical IEEE operations). */
    static float sigmoid(float z) {
        float x = Float.intBitsToFloat(Math.min(Float.floatToRawIntBits(z) | SIGN_BIT, CLAMP_BITS));
        float e = exp(x);
        return (z < 0f ? e : 1f) / (e + 1f);
    }

    private static float exp(float x) {
        float shifted = Math.fma(x, LOG2E, ROUNDING);
        float n = shifted - ROUNDING;
        float r = Math.fma(n, -LN2, x);
        float r2 = r * r;
        float low = Math.fma(r, C3, C2);
        float high = Math.fma(r, C5, C4);
        high = Math.fma(r2, C6, high);
        float p = Math.fma(low, r2, r + 1f);
        p = Math.fma(high, r2 * r2, p);
        return Float.intBitsToFloat(Float.floatToRawIntBits(p) + (Float.floatToRawIntBits(shifted) << 23));
    }

    /** h[k] = z[k]·s[k], s = 1/(1 + e^(−z)), for k in [from, to); gate may be null. */
    private static void silu(ByteBuffer z, ByteBuffer h, ByteBuffer gate, int from, int to) {
        int k = from;
        int step = SPECIES.length();
        int bound = from + SPECIES.loopBound(to - from);
        for (; k < bound; k += step) {
            FloatVector v = FloatVector.fromByteBuffer(SPECIES, z, 4 * k, ORDER);
            FloatVector s = sigmoid(v);
            if (gate != null) {
                s.intoByteBuffer(gate, 4 * k, ORDER);
            }
            v.mul(s).intoByteBuffer(h, 4 * k, ORDER);
        }
        for (; k < to; k++) {
            float v = z.getFloat(4 * k);
            float s = sigmoid(v);
            if (gate != null) {
                gate.putFloat(4 * k, s);
            }
            h.putFloat(4 * k, v * s);
        }
    }

    @Override
    public void backward(INDArray h, INDArray gate, INDArray upstream, INDArray out, int rows, int width,
                         FloatBuffer flatGradient, long biasOffset, INDArray ones, INDArray biasGradientView) {
        ByteBuffer hs = bytes(h);
        ByteBuffer gates = bytes(gate);
        ByteBuffer ups = bytes(upstream);
        ByteBuffer outs = bytes(out);
        float[][] sums = partialSums.get();
        for (int p = 0; p < PARTS; p++) {
            if (sums[p].length < width) {
                sums[p] = new float[width];
            }
            Arrays.fill(sums[p], 0, width, 0f);
        }
        forRowBlocks(rows, (part, from, to) -> backwardRows(hs, gates, ups, outs, sums[part], from, to, width));
        for (int j = 0; j < width; j++) {
            float total = 0;
            for (int p = 0; p < PARTS; p++) {
                total += sums[p][j];
            }
            flatGradient.put((int) (biasOffset + j), total);
        }
    }

    private static void backwardRows(ByteBuffer h, ByteBuffer gate, ByteBuffer upstream, ByteBuffer out,
                                     float[] columnSums, int from, int to, int width) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            int j = 0;
            for (; j < bound; j += step) {
                int at = 4 * (base + j);
                FloatVector hv = FloatVector.fromByteBuffer(SPECIES, h, at, ORDER);
                FloatVector sv = FloatVector.fromByteBuffer(SPECIES, gate, at, ORDER);
                FloatVector uv = FloatVector.fromByteBuffer(SPECIES, upstream, at, ORDER);
                // s + h·(1 − s) = s + h − h·s
                FloatVector grad = uv.mul(sv.add(hv).sub(hv.mul(sv)));
                grad.intoByteBuffer(out, at, ORDER);
                FloatVector.fromArray(SPECIES, columnSums, j).add(grad).intoArray(columnSums, j);
            }
            for (; j < width; j++) {
                int at = 4 * (base + j);
                float hv = h.getFloat(at);
                float sv = gate.getFloat(at);
                float grad = upstream.getFloat(at) * (sv + hv - hv * sv);
                out.putFloat(at, grad);
                columnSums[j] += grad;
            }
        }
    }
}
