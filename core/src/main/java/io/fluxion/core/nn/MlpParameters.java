package io.fluxion.core.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weights of a velocity MLP in one flat float32 vector [P] with views per layer:
 * weight l is [in_l, out_l] (so a layer computes x·W + b; PyTorch's {@code Linear.weight} is
 * the transpose) and bias l is [1, out_l]. Layout: W0, b0, W1, b1, …, W_L, b_L.
 *
 * <p>One flat vector lets the optimiser update every tensor in one native call. The arrays
 * are shared by every evaluator of the model and must not change while one runs; the trainer
 * owns its own instance and hands out copies.
 */
public final class MlpParameters {

    private final MlpArchitecture architecture;
    private final INDArray flat;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final long[] biasOffsets;
    /** The flat vector's values as a float view (absolute indexing only), for the Java kernels. */
    private final FloatBuffer flatValues;

    private MlpParameters(MlpArchitecture architecture, INDArray flat) {
        this.architecture = architecture;
        this.flat = flat;
        this.flatValues = flat.data().asNioFloat();
        int layers = architecture.layers();
        this.weights = new INDArray[layers];
        this.biases = new INDArray[layers];
        this.biasOffsets = new long[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            int in = architecture.layerInputs(l);
            int out = architecture.layerOutputs(l);
            weights[l] = flat.get(NDArrayIndex.interval(offset, offset + (long) in * out)).reshape('c', in, out);
            offset += (long) in * out;
            biases[l] = flat.get(NDArrayIndex.interval(offset, offset + out)).reshape('c', 1, out);
            biasOffsets[l] = offset;
            offset += out;
        }
    }

    /**
     * PyTorch's default Linear initialisation: weights and biases uniform in ±1/√fan_in,
     * drawn from a generator seeded with {@code seed} (the same on every backend).
     */
    public static MlpParameters initialise(MlpArchitecture architecture, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            int in = architecture.layerInputs(l);
            int out = architecture.layerOutputs(l);
            double bound = 1 / Math.sqrt(in);
            float[] w = new float[in * out];
            float[] b = new float[out];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            tensors.add(w);
            tensors.add(b);
        }
        return fromTensors(architecture, tensors);
    }

    /**
     * Parameters from tensors in layout order (W0 as [in, out] row-major, b0 [out], W1, …).
     *
     * @throws IllegalArgumentException naming the tensor whose length does not fit
     */
    public static MlpParameters fromTensors(MlpArchitecture architecture, List<float[]> tensors) {
        if (tensors.size() != 2 * architecture.layers()) {
            throw new IllegalArgumentException("MlpParameters: expected " + 2 * architecture.layers() + " tensors, got "
                    + tensors.size());
        }
        float[] all = new float[Math.toIntExact(architecture.parameterCount())];
        int offset = 0;
        for (int l = 0; l < architecture.layers(); l++) {
            int in = architecture.layerInputs(l);
            int out = architecture.layerOutputs(l);
            offset = put(tensors.get(2 * l), in * out, all, offset, tensorName(l, true));
            offset = put(tensors.get(2 * l + 1), out, all, offset, tensorName(l, false));
        }
        return new MlpParameters(architecture, Nd4j.createFromArray(all));
    }

    private static int put(float[] tensor, int expected, float[] all, int offset, String name) {
        if (tensor.length != expected) {
            throw new IllegalArgumentException("MlpParameters: " + name + " has " + tensor.length + " values, expected "
                    + expected);
        }
        System.arraycopy(tensor, 0, all, offset, expected);
        return offset + expected;
    }

    /** @return the file name stem of a tensor: {@code layer0.weight} or {@code layer0.bias}. */
    public static String tensorName(int layer, boolean weight) {
        return "layer" + layer + (weight ? ".weight" : ".bias");
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    /** @return the flat vector [P] (shared; do not modify while evaluators run). */
    public INDArray flat() {
        return flat;
    }

    /** @return weight l as a view [in_l, out_l]. */
    public INDArray weight(int layer) {
        return weights[layer];
    }

    /** @return bias l as a view [1, out_l]. */
    public INDArray bias(int layer) {
        return biases[layer];
    }

    /** @return the flat vector as a float view [P] over the same memory; use absolute get/put only. */
    public FloatBuffer flatValues() {
        return flatValues;
    }

    /** @return the index of bias l's first entry in the flat vector. */
    public long biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /** @return the tensors in layout order as new Java arrays (weights [in, out] row-major). */
    public List<float[]> toTensors() {
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            tensors.add(weights[l].dup('c').data().asFloat());
            tensors.add(biases[l].dup('c').data().asFloat());
        }
        return tensors;
    }

    /** @return the flat vector [P] as a new Java array: W0 [in, out] row-major, b0, W1, … (toTensors() end to end). */
    public float[] toFlatArray() {
        return flat.dup().data().asFloat();
    }

    /** @return an independent copy. */
    public MlpParameters copy() {
        return new MlpParameters(architecture, flat.dup());
    }

    /** @return an empty (zero) vector with the same layout, for gradients or optimiser state. */
    public static MlpParameters zeros(MlpArchitecture architecture) {
        return new MlpParameters(architecture, Nd4j.create(DataType.FLOAT, architecture.parameterCount()));
    }
}
