package io.fluxion.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The weights of a velocity MLP in one flat float32 vector [P] on the Java heap: weight l is
 * [in_l, out_l] row-major (so a layer computes x·W + b; PyTorch's {@code Linear.weight} is the
 * transpose) and bias l is [out_l]. Layout: W0, b0, W1, b1, …, W_L, b_L.
 *
 * <p>Plain Java arrays, so that a model can be loaded, saved and run by the plain-Java pass
 * without ND4J's native backend; the ND4J engine makes its own off-heap copy when it is needed.
 * The values are shared by everyone that runs the model and must not change; the trainer keeps
 * its own weights and hands out copies.
 */
public final class MlpParameters {

    private final MlpArchitecture architecture;
    private final float[] values;
    private final int[] weightOffsets;
    private final int[] biasOffsets;

    private MlpParameters(MlpArchitecture architecture, float[] values) {
        this.architecture = architecture;
        this.values = values;
        int layers = architecture.layers();
        this.weightOffsets = new int[layers];
        this.biasOffsets = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffsets[l] = offset;
            offset += architecture.layerInputs(l) * architecture.layerOutputs(l);
            biasOffsets[l] = offset;
            offset += architecture.layerOutputs(l);
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
        return new MlpParameters(architecture, all);
    }

    /**
     * Parameters that take ownership of {@code values} [P] in layout order.
     *
     * @throws IllegalArgumentException when the length is not the architecture's parameter count
     */
    public static MlpParameters fromFlatArray(MlpArchitecture architecture, float[] values) {
        if (values.length != architecture.parameterCount()) {
            throw new IllegalArgumentException("MlpParameters: " + values.length + " values, expected "
                    + architecture.parameterCount());
        }
        return new MlpParameters(architecture, values);
    }

    private static int put(float[] tensor, int expected, float[] all, int offset, String name) {
        if (tensor.length != expected) {
            throw new IllegalArgumentException("MlpParameters: " + name + " has " + tensor.length + " values, expected "
                    + expected);
        }
        System.arraycopy(tensor, 0, all, offset, expected);
        return offset + expected;
    }

    /** @return an all-zero vector with this layout. */
    public static MlpParameters zeros(MlpArchitecture architecture) {
        return new MlpParameters(architecture, new float[Math.toIntExact(architecture.parameterCount())]);
    }

    /** @return the file name stem of a tensor: {@code layer0.weight} or {@code layer0.bias}. */
    public static String tensorName(int layer, boolean weight) {
        return "layer" + layer + (weight ? ".weight" : ".bias");
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    /** @return the flat vector [P] itself (shared: read it, never write it). */
    public float[] values() {
        return values;
    }

    /** @return the index of weight l's first entry in {@link #values()}. */
    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    /** @return the index of bias l's first entry in {@link #values()}. */
    public int biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /** @return the tensors in layout order as new Java arrays (weights [in, out] row-major). */
    public List<float[]> toTensors() {
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            int in = architecture.layerInputs(l);
            int out = architecture.layerOutputs(l);
            float[] w = new float[in * out];
            float[] b = new float[out];
            System.arraycopy(values, weightOffsets[l], w, 0, w.length);
            System.arraycopy(values, biasOffsets[l], b, 0, b.length);
            tensors.add(w);
            tensors.add(b);
        }
        return tensors;
    }

    /** @return the flat vector [P] as a new Java array: W0 [in, out] row-major, b0, W1, … (toTensors() end to end). */
    public float[] toFlatArray() {
        return values.clone();
    }

    /** @return an independent copy. */
    public MlpParameters copy() {
        return new MlpParameters(architecture, values.clone());
    }
}
