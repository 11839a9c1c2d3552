package io.fluxion.core.field;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SiLU with the JDK Vector API straight on ND4J's off-heap buffers, split over the cores by
 * row blocks. One pass per operation, and the bias gradient summed in the backward pass.
 * Loaded only when {@code jdk.incubator.vector} is present (see {@link SiluKernels#best()}).
 *
 * <p>The exponential is our own (Cody–Waite reduction and a degree-6 polynomial, relative
 * error ≈ 1e-7) built only from IEEE add, multiply and fused multiply-add, so results are
 * bit-identical whether the JIT has compiled the loop or not; the library's lanewise EXP
 * differs in the last bit between the interpreter and compiled code.
 */
final class VectorSiluKernels implements SiluKernels {

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
    private final ThreadLocal<float[][]> chunks = ThreadLocal.withInitial(() -> new float[3][CHUNK_FLOATS]);
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
        float[] h = buffers[1];
        float[] s = buffers[2];
        int rowsPerChunk = CHUNK_FLOATS / width;
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(width);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int row = fromRow; row < toRow; row += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, toRow - row);
            int length = rows * width;
            values.get(row * width, z, 0, length);
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int j = 0;
                for (; j < bound; j += step) {
                    FloatVector v = FloatVector.fromArray(SPECIES, z, base + j).add(FloatVector.fromArray(SPECIES, bias, j));
                    FloatVector sigmoid = one.div(exp(v.neg()).add(one));
                    sigmoid.intoArray(s, base + j);
                    v.mul(sigmoid).intoArray(h, base + j);
                }
                for (; j < width; j++) {
                    float v = z[base + j] + bias[j];
                    float sigmoid = 1f / (exp(-v) + 1f);
                    s[base + j] = sigmoid;
                    h[base + j] = v * sigmoid;
                }
            }
            values.put(row * width, h, 0, length);
            if (gates != null) {
                gates.put(row * width, s, 0, length);
            }
        }
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float ROUNDING = 12582912f; // 1.5·2^23: adding it rounds to an integer
    private static final float[] POLY = {1.9875691500E-4f, 1.3981999507E-3f, 8.3334519073E-3f, 4.1665795894E-2f,
        1.6666665459E-1f, 5.0000001201E-1f};

    /** e^x for x clamped to [−87.3, 88.3]: 2^n·p(r) with x = n·ln2 + r. */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(-87.3f).min(88.3f);
        FloatVector shifted = clamped.mul(LOG2E).add(ROUNDING);
        FloatVector n = shifted.sub(ROUNDING);
        FloatVector r = clamped.sub(n.mul(LN2_HIGH)).sub(n.mul(LN2_LOW));
        FloatVector p = FloatVector.broadcast(SPECIES, POLY[0]);
        for (int i = 1; i < POLY.length; i++) {
            p = p.fma(r, FloatVector.broadcast(SPECIES, POLY[i]));
        }
        p = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector scale = shifted.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(scale);
    }

    /** The same computation, one lane at a time, for loop tails. */
    static float exp(float x) {
        float clamped = Math.min(Math.max(x, -87.3f), 88.3f);
        float shifted = clamped * LOG2E + ROUNDING;
        float n = shifted - ROUNDING;
        float r = clamped - n * LN2_HIGH - n * LN2_LOW;
        float p = POLY[0];
        for (int i = 1; i < POLY.length; i++) {
            p = Math.fma(p, r, POLY[i]);
        }
        p = p * (r * r) + r + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (0x4B400000 - 127)) << 23);
        return p * scale;
    }

    /** h[k] = z[k]·s[k], s = 1/(1 + e^(−z)), for k in [from, to); gate may be null. */
    private static void silu(ByteBuffer z, ByteBuffer h, ByteBuffer gate, int from, int to) {
        int k = from;
        int step = SPECIES.length();
        int bound = from + SPECIES.loopBound(to - from);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (; k < bound; k += step) {
            FloatVector v = FloatVector.fromByteBuffer(SPECIES, z, 4 * k, ORDER);
            FloatVector s = one.div(exp(v.neg()).add(one));
            if (gate != null) {
                s.intoByteBuffer(gate, 4 * k, ORDER);
            }
            v.mul(s).intoByteBuffer(h, 4 * k, ORDER);
        }
        for (; k < to; k++) {
            float v = z.getFloat(4 * k);
            float s = 1f / (exp(-v) + 1f);
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
            java.util.Arrays.fill(sums[p], 0, width, 0f);
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
