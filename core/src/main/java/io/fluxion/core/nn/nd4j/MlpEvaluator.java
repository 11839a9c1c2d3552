package io.fluxion.core.nn.nd4j;

import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One thread's inference buffers for up to {@code capacity} rows: input [cap, in], two
 * ping-pong hidden buffers [cap, width], output [cap, d]; with the divergence, also the
 * activation derivative [cap, width] and d stacked tangents [d·cap, width] (forward mode:
 * tangent j is ∂h/∂x_j, pushed through every layer, so div v = Σ_j ∂v_j/∂x_j exactly).
 * A batch of n ≤ capacity rows works on views of the first n rows (contiguous in c order),
 * remade only when n changes, so a varying batch size (an emitter's live count) allocates no
 * native memory. Used by one thread at a time (its owner hands it out per call, see
 * {@link MlpVelocityField}).
 */
public final class MlpEvaluator {

    final int capacity;
    private final MlpArchitecture architecture;
    private final INDArray inputBase;
    private final FloatBuffer inputWindow;
    private final INDArray[] hiddenBase = new INDArray[2];
    private final INDArray outputBase;
    private final FloatBuffer outputWindow;
    private final float[] features;
    private int batch = -1;
    private INDArray input;
    private final INDArray[] hidden = new INDArray[2];
    private INDArray output;
    private INDArray derivativeBase;
    private INDArray[] tangentBases;
    private INDArray tangentOutputBase;
    private FloatBuffer tangentOutputWindow;
    private int tangentBatch = -1;
    private INDArray derivative;
    private INDArray[] tangents;
    private INDArray[][] tangentBlocks;
    private INDArray tangentOutput;

    MlpEvaluator(MlpArchitecture architecture, int capacity) {
        this.architecture = architecture;
        this.capacity = capacity;
        this.inputBase = MlpBuffers.matrix(capacity, architecture.inputWidth());
        this.inputWindow = MlpBuffers.window(inputBase);
        this.hiddenBase[0] = MlpBuffers.matrix(capacity, architecture.width());
        this.hiddenBase[1] = MlpBuffers.matrix(capacity, architecture.width());
        this.outputBase = MlpBuffers.matrix(capacity, architecture.dimension());
        this.outputWindow = MlpBuffers.window(outputBase);
        this.features = new float[architecture.timeFeatures()];
    }

    /** Frees every native buffer now; the evaluator must not be used afterwards. */
    void close() {
        for (INDArray array : new INDArray[] {inputBase, hiddenBase[0], hiddenBase[1], outputBase, derivativeBase,
            tangentBases == null ? null : tangentBases[0], tangentBases == null ? null : tangentBases[1], tangentOutputBase}) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
    }

    /** Points the working arrays at the first n rows. */
    void rows(int n) {
        if (n == batch) {
            return;
        }
        batch = n;
        input = firstRows(inputBase, n);
        hidden[0] = firstRows(hiddenBase[0], n);
        hidden[1] = firstRows(hiddenBase[1], n);
        output = firstRows(outputBase, n);
    }

    private static INDArray firstRows(INDArray base, long n) {
        return n == base.rows() ? base : base.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    /**
     * v(x, t) for rows [first, first + batch) of x [·, d] into the same rows of out; times null
     * means the shared time.
     */
    void evaluate(Nd4jParameters parameters, float[] x, int first, float sharedTime, float[] times, int[] labels,
                  float[] out) {
        MlpBuffers.loadInput(architecture, x, first, batch, sharedTime, times, labels, features, inputWindow);
        INDArray current = input;
        boolean silu = architecture.activation() == Activation.SILU;
        for (int l = 0; l < architecture.depth(); l++) {
            INDArray next = hidden[l % 2];
            Nd4j.gemm(current, parameters.weight(l), next, false, false, 1, 0);
            if (silu) {
                // the first rows of a c-order buffer: its data starts at element 0
                SiluKernels.best().forwardWithBias(next, parameters.bias(l), parameters.flatValues(),
                        (int) parameters.biasOffset(l), null, batch, architecture.width());
            } else {
                next.addiRowVector(parameters.bias(l));
                architecture.activation().apply(next, next);
            }
            current = next;
        }
        int last = architecture.depth();
        Nd4j.gemm(current, parameters.weight(last), output, false, false, 1, 0);
        output.addiRowVector(parameters.bias(last));
        outputWindow.get(0, out, first * architecture.dimension(), batch * architecture.dimension());
    }

    /** v and the exact divergence (forward-mode tangents, one per input coordinate), rows as in {@link #evaluate}. */
    void evaluateWithDivergence(Nd4jParameters parameters, float[] x, int first, float[] times, float[] out,
                                float[] divergence) {
        int d = architecture.dimension();
        ensureTangents();
        MlpBuffers.loadInput(architecture, x, first, batch, 0, times, null, features, inputWindow);
        INDArray current = input;
        int tangentIndex = 0;
        for (int l = 0; l < architecture.depth(); l++) {
            INDArray next = hidden[l % 2];
            Nd4j.gemm(current, parameters.weight(l), next, false, false, 1, 0);
            next.addiRowVector(parameters.bias(l));
            architecture.activation().derivative(next, derivative);
            architecture.activation().apply(next, next);
            if (l == 0) {
                // ∂z0/∂x_j is row j of W0 for every particle
                for (int j = 0; j < d; j++) {
                    INDArray block = tangentBlocks[0][j];
                    block.assign(derivative);
                    block.muliRowVector(parameters.weight(0).getRow(j));
                }
            } else {
                INDArray source = tangents[tangentIndex];
                INDArray target = tangents[1 - tangentIndex];
                Nd4j.gemm(source, parameters.weight(l), target, false, false, 1, 0);
                for (int j = 0; j < d; j++) {
                    tangentBlocks[1 - tangentIndex][j].muli(derivative);
                }
                tangentIndex = 1 - tangentIndex;
            }
            current = next;
        }
        int last = architecture.depth();
        Nd4j.gemm(current, parameters.weight(last), output, false, false, 1, 0);
        output.addiRowVector(parameters.bias(last));
        outputWindow.get(0, out, first * d, batch * d);
        Nd4j.gemm(tangents[tangentIndex], parameters.weight(last), tangentOutput, false, false, 1, 0);
        for (int i = 0; i < batch; i++) {
            float sum = 0;
            for (int j = 0; j < d; j++) {
                sum += tangentOutputWindow.get((j * batch + i) * d + j);
            }
            divergence[first + i] = sum;
        }
    }

    private void ensureTangents() {
        int d = architecture.dimension();
        if (tangentBases == null) {
            derivativeBase = MlpBuffers.matrix(capacity, architecture.width());
            tangentBases = new INDArray[] {MlpBuffers.matrix((long) d * capacity, architecture.width()),
                MlpBuffers.matrix((long) d * capacity, architecture.width())};
            tangentOutputBase = MlpBuffers.matrix((long) d * capacity, d);
            tangentOutputWindow = MlpBuffers.window(tangentOutputBase);
        }
        if (tangentBatch == batch) {
            return;
        }
        tangentBatch = batch;
        derivative = firstRows(derivativeBase, batch);
        tangents = new INDArray[] {firstRows(tangentBases[0], (long) d * batch), firstRows(tangentBases[1], (long) d * batch)};
        tangentBlocks = new INDArray[2][d];
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < d; j++) {
                tangentBlocks[side][j] = tangentBases[side].get(
                        NDArrayIndex.interval((long) j * batch, (long) (j + 1) * batch), NDArrayIndex.all());
            }
        }
        tangentOutput = firstRows(tangentOutputBase, (long) d * batch);
    }
}
