package io.fluxion.core.field;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of a small SiLU MLP in plain Java with the JDK Vector API, for batches where
 * ND4J's per-op overhead dominates (narrow layers). Particles go through the network in blocks of
 * two vectors' worth of rows, stored feature-major (structure of arrays), so each weight is
 * broadcast once and multiplied into both vectors: per input feature, six outputs × two row
 * vectors = twelve fused multiply-adds from eight loads, all accumulators in registers. Weights are
 * copied at construction into heap arrays laid out [in, out] per layer.
 *
 * <p>Thread-safe: weights are read-only; each thread keeps its own block scratch. Large batches are
 * split over the cores ({@link ParallelRanges}). Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorMlpForward implements FastForward {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 2 * LANES;
    private static final int MIN_BLOCKS_PER_TASK = 64;

    private final MlpArchitecture architecture;
    private final float[][] weights;
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
        biases = new float[layers][];
        inputs = new int[layers];
        outputs = new int[layers];
        java.util.List<float[]> tensors = parameters.toTensors();
        for (int l = 0; l < layers; l++) {
            weights[l] = tensors.get(2 * l);
            biases[l] = tensors.get(2 * l + 1);
            outputs[l] = biases[l].length;
            inputs[l] = weights[l].length / outputs[l];
        }
        int widest = Math.max(architecture.inputWidth(), architecture.width());
        scratch = ThreadLocal.withInitial(() -> new Scratch(widest, architecture.timeFeatures()));
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
    public void evaluate(float[] x, int n, float sharedTime, float[] times, float[] out) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        ParallelRanges.run(blocks, MIN_BLOCKS_PER_TASK,
                (part, from, to) -> evaluateBlocks(x, n, sharedTime, times, out, from, to));
    }

    private void evaluateBlocks(float[] x, int n, float sharedTime, float[] times, float[] out, int fromBlock, int toBlock) {
        Scratch s = scratch.get();
        int d = architecture.dimension();
        int timeFeatures = architecture.timeFeatures();
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

    /** dst[j, :] = act(b_j + Σ_k W[k, j]·src[k, :]) for the block, j over this layer's outputs. */
    private void dense(float[] src, float[] dst, int layer, boolean silu) {
        float[] w = weights[layer];
        float[] b = biases[layer];
        int in = inputs[layer];
        int out = outputs[layer];
        if (out >= 6) {
            for (int j = 0; j + 6 <= out; j += 6) {
                sixOutputs(src, dst, w, b, in, out, j);
            }
            if (out % 6 != 0) {
                // the last six outputs again: the ones already done come out bit for bit the same
                sixOutputs(src, dst, w, b, in, out, out - 6);
            }
        } else {
            for (int j = 0; j < out; j++) {
                oneOutput(src, dst, w, b, in, out, j);
            }
        }
        if (silu) {
            siluInPlace(dst, out * BLOCK);
        }
    }

    /**
     * Outputs j..j+5: per input feature two row vectors and six broadcast weights make twelve
     * independent fused multiply-adds (twelve accumulators, two loads, one weight register: fifteen
     * of the sixteen AVX2 registers), enough to keep both FMA pipes busy through their latency.
     */
    private static void sixOutputs(float[] src, float[] dst, float[] w, float[] b, int in, int out, int j) {
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
        for (int k = 0; k < in; k++) {
            FloatVector low = FloatVector.fromArray(SPECIES, src, k * BLOCK);
            FloatVector high = FloatVector.fromArray(SPECIES, src, k * BLOCK + LANES);
            int row = k * out + j;
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

    /** h = z·σ(z) over the first {@code count} floats (a whole number of vectors). */
    private static void siluInPlace(float[] values, int count) {
        for (int i = 0; i < count; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            z.mul(VectorSiluKernels.sigmoid(z)).intoArray(values, i);
        }
    }
}
