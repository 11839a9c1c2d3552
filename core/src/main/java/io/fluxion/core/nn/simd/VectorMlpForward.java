package io.fluxion.core.nn.simd;

import io.fluxion.core.compute.ParallelRanges;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of a SiLU MLP in plain Java with the JDK Vector API. It beats ND4J up to 512
 * units wide (see {@link FastForward#MAX_WIDTH}): ND4J pays per-op overhead on narrow layers and, on
 * wide ones, streams every activation matrix through memory, while each block here stays in L1
 * through all the layers, with the bias and SiLU ({@link RationalSilu}) fused in. Particles go
 * through the network in blocks of two vectors' worth of rows, stored feature-major (structure of
 * arrays), so each weight is broadcast once and multiplied into both vectors: per input feature,
 * six outputs × two row vectors = twelve fused multiply-adds from eight loads, all accumulators in
 * registers; a width that is not a multiple of six ends with a group of four (eight accumulators).
 * Weights are copied at construction into heap arrays: per layer and group, [in, 6] or [in, 4] (the
 * weights of one input side by side, read by the loop's own counter so the JIT drops their bounds
 * checks); layers narrower than six keep [in, out]. SiLU layers are stored halved, so their sums
 * come out as z/2, what {@link RationalSilu} takes (a multiply per value saved, the result unchanged
 * bit for bit: halving is exact in float).
 *
 * <p>Thread-safe: weights are read-only; each thread keeps its own block scratch. Large batches are
 * split over the cores in chunks ({@link ParallelRanges#runInChunks}). Loaded only when
 * {@code jdk.incubator.vector} is present.
 */
public final class VectorMlpForward implements FastForward {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 2 * LANES;
    /** Blocks per chunk of work a core takes at a time (1 024 rows). */
    private static final int BLOCKS_PER_CHUNK = 64;

    private final MlpArchitecture architecture;
    /** Per layer narrower than six outputs: W [in, out]; null for the others (see {@link #sixGroups}). */
    private final float[][] weights;
    /** Per layer of six outputs or more, per group of six starting at {@link #sixStart}: weights [in, 6]. */
    private final float[][][] sixGroups;
    /** Per layer whose width leaves one to four outputs after its groups of six: its last four, [in, 4]; else null. */
    private final float[][] fourGroup;
    private final float[][] biases;
    private final int[] inputs;
    private final int[] outputs;
    private final ThreadLocal<Scratch> scratch;

    VectorMlpForward(MlpParameters parameters) {
        this.architecture = parameters.architecture();
        if (architecture.activation() != Activation.SILU) {
            throw new IllegalArgumentException("VectorMlpForward: SiLU networks only, got " + architecture.activation());
        }
        int layers = architecture.depth() + 1;
        weights = new float[layers][];
        sixGroups = new float[layers][][];
        fourGroup = new float[layers][];
        biases = new float[layers][];
        inputs = new int[layers];
        outputs = new int[layers];
        List<float[]> tensors = parameters.toTensors();
        for (int l = 0; l < layers; l++) {
            float[] w = tensors.get(2 * l);
            biases[l] = tensors.get(2 * l + 1);
            if (l < layers - 1) {
                halve(w);
                halve(biases[l]);
            }
            outputs[l] = biases[l].length;
            inputs[l] = w.length / outputs[l];
            int out = outputs[l];
            if (out < 6) {
                weights[l] = w;
                continue;
            }
            int remainder = out % 6;
            sixGroups[l] = new float[out / 6 + (remainder == 5 ? 1 : 0)][];
            for (int g = 0; g < sixGroups[l].length; g++) {
                sixGroups[l][g] = columns(w, inputs[l], out, sixStart(g, out), 6);
            }
            if (remainder >= 1 && remainder <= 4) {
                fourGroup[l] = columns(w, inputs[l], out, out - 4, 4);
            }
        }
        int widest = Math.max(architecture.inputWidth(), architecture.width());
        scratch = ThreadLocal.withInitial(() -> new Scratch(widest, architecture.timeFeatures()));
    }

    /**
     * Halves a SiLU layer's weights or biases, so that its pre-activations come out as z/2, the
     * form {@link RationalSilu#ofHalvedInPlace} takes (exact in float: a power of two).
     */
    private static void halve(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= 0.5f;
        }
    }

    /**
     * First output of group of six g: 6g, except that a remainder of five gets one more group of
     * six, over the last six outputs (the one it shares with the group before comes out the same).
     */
    private static int sixStart(int group, int out) {
        return Math.min(6 * group, out - 6);
    }

    /** Columns first..first+count−1 of W [in, out], as [in, count]. */
    private static float[] columns(float[] w, int in, int out, int first, int count) {
        float[] group = new float[count * in];
        for (int k = 0; k < in; k++) {
            System.arraycopy(w, k * out + first, group, count * k, count);
        }
        return group;
    }

    /** Per-thread block buffers: two feature-major activations [features, BLOCK] and the time features. */
    private static final class Scratch {
        final float[] a;
        final float[] b;
        final float[] features;

        Scratch(int widest, int timeFeatures) {
            a = new float[widest * BLOCK];
            b = new float[widest * BLOCK];
            features = new float[Math.max(1, timeFeatures)];
        }
    }

    @Override
    public void evaluate(float[] x, int n, float sharedTime, float[] times, int[] labels, float[] out) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        ParallelRanges.runInChunks(blocks, BLOCKS_PER_CHUNK,
                (part, from, to) -> evaluateBlocks(x, n, sharedTime, times, labels, out, from, to));
    }

    private void evaluateBlocks(float[] x, int n, float sharedTime, float[] times, int[] labels, float[] out,
                                int fromBlock, int toBlock) {
        Scratch s = scratch.get();
        int d = architecture.dimension();
        int timeFeatures = architecture.timeFeatures();
        int classes = architecture.labels();
        if (times == null) {
            architecture.timeFeatures(sharedTime, s.features, 0);
        }
        for (int block = fromBlock; block < toBlock; block++) {
            int first = block * BLOCK;
            int rows = Math.min(BLOCK, n - first);
            float[] input = s.a;
            for (int p = 0; p < BLOCK; p++) {
                int i = first + Math.min(p, rows - 1); // pad a short last block with its last row
                for (int j = 0; j < d; j++) {
                    input[j * BLOCK + p] = x[i * d + j];
                }
                if (times != null) {
                    architecture.timeFeatures(times[i], s.features, 0);
                }
                for (int k = 0; k < timeFeatures; k++) {
                    input[(d + k) * BLOCK + p] = s.features[k];
                }
                if (classes > 0) {
                    int label = labels == null ? MlpArchitecture.NULL_LABEL : labels[i];
                    for (int k = 0; k < classes; k++) {
                        input[(d + timeFeatures + k) * BLOCK + p] = k == label ? 1f : 0f;
                    }
                }
            }
            float[] current = s.a;
            float[] next = s.b;
            int last = weights.length - 1;
            for (int l = 0; l <= last; l++) {
                dense(current, next, l, l < last);
                float[] swap = current;
                current = next;
                next = swap;
            }
            for (int p = 0; p < rows; p++) {
                for (int j = 0; j < d; j++) {
                    out[(first + p) * d + j] = current[j * BLOCK + p];
                }
            }
        }
    }

    /**
     * dst[j, :] = act(b_j + Σ_k W[k, j]·src[k, :]) for the block, j over this layer's outputs (SiLU
     * layers' weights were halved at construction: their sums come out as z/2, which the SiLU takes).
     */
    private void dense(float[] src, float[] dst, int layer, boolean silu) {
        float[] b = biases[layer];
        int in = inputs[layer];
        int out = outputs[layer];
        float[][] groups = sixGroups[layer];
        if (groups != null) {
            for (int g = 0; g < groups.length; g++) {
                sixOutputs(src, dst, groups[g], b, in, sixStart(g, out));
            }
            if (fourGroup[layer] != null) {
                fourOutputs(src, dst, fourGroup[layer], b, in, out - 4);
            }
        } else {
            for (int j = 0; j < out; j++) {
                oneOutput(src, dst, weights[layer], b, in, out, j);
            }
        }
        if (silu) {
            RationalSilu.ofHalvedInPlace(dst, 0, out * BLOCK);
        }
    }

    /**
     * Outputs j..j+5: per input feature two row vectors and six broadcast weights make twelve
     * independent fused multiply-adds (twelve accumulators, two loads, one weight register: fifteen
     * of the sixteen AVX2 registers), enough to keep both FMA pipes busy through their latency.
     * {@code w} is this group's [in, 6] block.
     */
    private static void sixOutputs(float[] src, float[] dst, float[] w, float[] b, int in, int j) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, b[j]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, b[j + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, b[j + 2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, b[j + 3]);
        FloatVector a4 = FloatVector.broadcast(SPECIES, b[j + 4]);
        FloatVector a5 = FloatVector.broadcast(SPECIES, b[j + 5]);
        FloatVector c0 = a0;
        FloatVector c1 = a1;
        FloatVector c2 = a2;
        FloatVector c3 = a3;
        FloatVector c4 = a4;
        FloatVector c5 = a5;
        int end = 6 * in;
        for (int row = 0, k = 0; row < end; row += 6, k += BLOCK) {
            FloatVector low = FloatVector.fromArray(SPECIES, src, k);
            FloatVector high = FloatVector.fromArray(SPECIES, src, k + LANES);
            FloatVector weight = FloatVector.broadcast(SPECIES, w[row]);
            a0 = low.fma(weight, a0);
            c0 = high.fma(weight, c0);
            weight = FloatVector.broadcast(SPECIES, w[row + 1]);
            a1 = low.fma(weight, a1);
            c1 = high.fma(weight, c1);
            weight = FloatVector.broadcast(SPECIES, w[row + 2]);
            a2 = low.fma(weight, a2);
            c2 = high.fma(weight, c2);
            weight = FloatVector.broadcast(SPECIES, w[row + 3]);
            a3 = low.fma(weight, a3);
            c3 = high.fma(weight, c3);
            weight = FloatVector.broadcast(SPECIES, w[row + 4]);
            a4 = low.fma(weight, a4);
            c4 = high.fma(weight, c4);
            weight = FloatVector.broadcast(SPECIES, w[row + 5]);
            a5 = low.fma(weight, a5);
            c5 = high.fma(weight, c5);
        }
        // stored raw, here: a vector handed to a method the JIT does not inline gets boxed
        a0.intoArray(dst, j * BLOCK);
        c0.intoArray(dst, j * BLOCK + LANES);
        a1.intoArray(dst, (j + 1) * BLOCK);
        c1.intoArray(dst, (j + 1) * BLOCK + LANES);
        a2.intoArray(dst, (j + 2) * BLOCK);
        c2.intoArray(dst, (j + 2) * BLOCK + LANES);
        a3.intoArray(dst, (j + 3) * BLOCK);
        c3.intoArray(dst, (j + 3) * BLOCK + LANES);
        a4.intoArray(dst, (j + 4) * BLOCK);
        c4.intoArray(dst, (j + 4) * BLOCK + LANES);
        a5.intoArray(dst, (j + 5) * BLOCK);
        c5.intoArray(dst, (j + 5) * BLOCK + LANES);
    }

    /**
     * Outputs j..j+3, the tail of a layer whose width is not a multiple of six (64 = 10·6 + 4), so
     * no output is computed twice: eight accumulators, as many as the two FMA pipes need in flight
     * through their four-cycle latency. {@code w} is the tail's [in, 4] block.
     */
    private static void fourOutputs(float[] src, float[] dst, float[] w, float[] b, int in, int j) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, b[j]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, b[j + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, b[j + 2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, b[j + 3]);
        FloatVector c0 = a0;
        FloatVector c1 = a1;
        FloatVector c2 = a2;
        FloatVector c3 = a3;
        int end = 4 * in;
        for (int row = 0, k = 0; row < end; row += 4, k += BLOCK) {
            FloatVector low = FloatVector.fromArray(SPECIES, src, k);
            FloatVector high = FloatVector.fromArray(SPECIES, src, k + LANES);
            FloatVector weight = FloatVector.broadcast(SPECIES, w[row]);
            a0 = low.fma(weight, a0);
            c0 = high.fma(weight, c0);
            weight = FloatVector.broadcast(SPECIES, w[row + 1]);
            a1 = low.fma(weight, a1);
            c1 = high.fma(weight, c1);
            weight = FloatVector.broadcast(SPECIES, w[row + 2]);
            a2 = low.fma(weight, a2);
            c2 = high.fma(weight, c2);
            weight = FloatVector.broadcast(SPECIES, w[row + 3]);
            a3 = low.fma(weight, a3);
            c3 = high.fma(weight, c3);
        }
        a0.intoArray(dst, j * BLOCK);
        c0.intoArray(dst, j * BLOCK + LANES);
        a1.intoArray(dst, (j + 1) * BLOCK);
        c1.intoArray(dst, (j + 1) * BLOCK + LANES);
        a2.intoArray(dst, (j + 2) * BLOCK);
        c2.intoArray(dst, (j + 2) * BLOCK + LANES);
        a3.intoArray(dst, (j + 3) * BLOCK);
        c3.intoArray(dst, (j + 3) * BLOCK + LANES);
    }

    /**
     * One output of a layer narrower than six (the d outputs of the last layer): even and odd
     * inputs go to separate accumulators, four chains in all, so the sum is not one FMA-latency chain.
     */
    private static void oneOutput(float[] src, float[] dst, float[] w, float[] b, int in, int out, int j) {
        FloatVector a = FloatVector.broadcast(SPECIES, b[j]);
        FloatVector c = a;
        FloatVector evenLow = FloatVector.zero(SPECIES);
        FloatVector evenHigh = evenLow;
        int k = 0;
        for (; k + 2 <= in; k += 2) {
            FloatVector weight = FloatVector.broadcast(SPECIES, w[k * out + j]);
            evenLow = FloatVector.fromArray(SPECIES, src, k * BLOCK).fma(weight, evenLow);
            evenHigh = FloatVector.fromArray(SPECIES, src, k * BLOCK + LANES).fma(weight, evenHigh);
            weight = FloatVector.broadcast(SPECIES, w[(k + 1) * out + j]);
            a = FloatVector.fromArray(SPECIES, src, (k + 1) * BLOCK).fma(weight, a);
            c = FloatVector.fromArray(SPECIES, src, (k + 1) * BLOCK + LANES).fma(weight, c);
        }
        if (k < in) {
            FloatVector weight = FloatVector.broadcast(SPECIES, w[k * out + j]);
            evenLow = FloatVector.fromArray(SPECIES, src, k * BLOCK).fma(weight, evenLow);
            evenHigh = FloatVector.fromArray(SPECIES, src, k * BLOCK + LANES).fma(weight, evenHigh);
        }
        a.add(evenLow).intoArray(dst, j * BLOCK);
        c.add(evenHigh).intoArray(dst, j * BLOCK + LANES);
    }
}
