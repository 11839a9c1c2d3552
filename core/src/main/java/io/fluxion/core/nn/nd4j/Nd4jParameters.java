package io.fluxion.core.nn.nd4j;

import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ND4J engine's copy of a network's weights: one flat off-heap float32 vector [P] with views
 * per layer, weight l [in_l, out_l] and bias l [1, out_l], in the layout of {@link MlpParameters}
 * (W0, b0, W1, b1, …). One flat vector lets the optimiser update every tensor in one pass. The
 * arrays are shared by every evaluator of a model and must not change while one runs; the trainer
 * owns its own instance. The owner closes it.
 */
public final class Nd4jParameters implements AutoCloseable {

    private final MlpArchitecture architecture;
    private final INDArray flat;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final long[] biasOffsets;
    /** The flat vector's values as a float view (absolute indexing only), for the Java kernels. */
    private final FloatBuffer flatValues;

    private Nd4jParameters(MlpArchitecture architecture, INDArray flat) {
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

    /** An off-heap copy of {@code parameters} for the ND4J engine. */
    public static Nd4jParameters of(MlpParameters parameters) {
        return new Nd4jParameters(parameters.architecture(), Nd4j.createFromArray(parameters.values()));
    }

    /** @return a heap copy of the current values, as the model's parameters */
    public MlpParameters toParameters() {
        return MlpParameters.fromFlatArray(architecture, flat.data().asFloat());
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

    /** @return an independent off-heap copy. */
    public Nd4jParameters copy() {
        return new Nd4jParameters(architecture, flat.dup());
    }

    /** @return an empty (zero) vector with the same layout, for gradients or optimiser state. */
    public static Nd4jParameters zeros(MlpArchitecture architecture) {
        return new Nd4jParameters(architecture, Nd4j.create(DataType.FLOAT, architecture.parameterCount()));
    }

    /** Frees the off-heap vector now; idempotent. The parameters must not be used after. */
    @Override
    public void close() {
        if (flat.closeable()) {
            flat.close();
        }
    }
}
