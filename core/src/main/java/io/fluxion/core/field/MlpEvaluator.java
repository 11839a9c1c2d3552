package io.fluxion.core.field;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One thread's inference buffers for a fixed batch size n: input [n, in], two ping-pong
 * hidden buffers [n, width], output [n, d]; with the divergence, also the activation
 * derivative [n, width] and d stacked tangents [d·n, width] (forward mode: tangent j is
 * ∂h/∂x_j, pushed through every layer, so div v = Σ_j ∂v_j/∂x_j exactly).
 * Allocated once per (thread, n); never shared between threads.
 */
final class MlpEvaluator {

    final int batch;
    private final MlpArchitecture architecture;
    private final INDArray input;
    private final FloatBuffer inputWindow;
    private final INDArray[] hidden = new INDArray[2];
    private final INDArray output;
    private final FloatBuffer outputWindow;
    private final float[] features;
    private INDArray derivative;
    private INDArray[] tangents;
    private INDArray[][] tangentBlocks;
    private INDArray tangentOutput;
    private FloatBuffer tangentOutputWindow;

    MlpEvaluator(MlpArchitecture architecture, int batch) {
        this.architecture = architecture;
        this.batch = batch;
        this.input = MlpBuffers.matrix(batch, architecture.inputWidth());
        this.inputWindow = MlpBuffers.window(input);
        this.hidden[0] = MlpBuffers.matrix(batch, architecture.width());
        this.hidden[1] = MlpBuffers.matrix(batch, architecture.width());
        this.output = MlpBuffers.matrix(batch, architecture.dimension());
        this.outputWindow = MlpBuffers.window(output);
        this.features = new float[architecture.timeFeatures()];
    }

    /** v(x, t) for n = batch rows into out [n, d]; times null means the shared time. */
    void evaluate(MlpParameters parameters, float[] x, float sharedTime, float[] times, float[] out) {
        MlpBuffers.loadInput(architecture, x, batch, sharedTime, times, features, inputWindow);
        INDArray current = input;
        for (int l = 0; l < architecture.depth(); l++) {
            INDArray next = hidden[l % 2];
            Nd4j.gemm(current, parameters.weight(l), next, false, false, 1, 0);
            next.addiRowVector(parameters.bias(l));
            architecture.activation().apply(next, next);
            current = next;
        }
        int last = architecture.depth();
        Nd4j.gemm(current, parameters.weight(last), output, false, false, 1, 0);
        output.addiRowVector(parameters.bias(last));
        outputWindow.get(0, out, 0, batch * architecture.dimension());
    }

    /** v and the exact divergence (forward-mode tangents, one per input coordinate). */
    void evaluateWithDivergence(MlpParameters parameters, float[] x, float[] times, float[] out, float[] divergence) {
        int d = architecture.dimension();
        ensureTangents();
        MlpBuffers.loadInput(architecture, x, batch, 0, times, features, inputWindow);
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
        outputWindow.get(0, out, 0, batch * d);
        Nd4j.gemm(tangents[tangentIndex], parameters.weight(last), tangentOutput, false, false, 1, 0);
        for (int i = 0; i < batch; i++) {
            float sum = 0;
            for (int j = 0; j < d; j++) {
                sum += tangentOutputWindow.get((j * batch + i) * d + j);
            }
            divergence[i] = sum;
        }
    }

    private void ensureTangents() {
        if (tangents != null) {
            return;
        }
        int d = architecture.dimension();
        derivative = MlpBuffers.matrix(batch, architecture.width());
        tangents = new INDArray[] {MlpBuffers.matrix((long) d * batch, architecture.width()),
            MlpBuffers.matrix((long) d * batch, architecture.width())};
        tangentBlocks = new INDArray[2][d];
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < d; j++) {
                tangentBlocks[side][j] = tangents[side].get(
                        NDArrayIndex.interval((long) j * batch, (long) (j + 1) * batch), NDArrayIndex.all());
            }
        }
        tangentOutput = MlpBuffers.matrix((long) d * batch, d);
        tangentOutputWindow = MlpBuffers.window(tangentOutput);
    }
}
