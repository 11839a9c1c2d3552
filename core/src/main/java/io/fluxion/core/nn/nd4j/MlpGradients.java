package io.fluxion.core.nn.nd4j;

import io.fluxion.core.compute.ParallelRanges;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training engine of a velocity MLP for one batch size n: a forward pass that keeps the
 * activations h_l of every hidden layer (and sigmoid(z_l) for SiLU, so that backprop needs
 * no exponential), and hand-written backprop of a loss gradient ∂L/∂v [n, d] into a flat
 * gradient with the layout of {@link Nd4jParameters}.
 *
 * <p>The batch is split over the cores in shards of contiguous rows (data parallel, with
 * single-threaded BLAS, see {@link BlasThreads}): each shard runs forward and backward on its
 * rows into its own gradient, and the shards' gradients are summed. Every buffer (per shard:
 * input [rows, in], h_l and the kept sigmoid [rows, width], output and its gradient [rows, d],
 * two backward scratch buffers [rows, width], a ones row [1, rows]; per extra shard a gradient)
 * is allocated once here and reused each step; {@link #close()} frees them at once instead of
 * waiting for the GC. Owned by one thread (the trainer's); not thread-safe.
 */
public final class MlpGradients implements AutoCloseable {

    private final int batch;
    private final Shard[] shards;
    /** The gradients of shards 1.. (shard 0 writes into the caller's). */
    private final Nd4jParameters[] shardGradients;

    public MlpGradients(MlpArchitecture architecture, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("MlpGradients: batch must be >= 1, got " + batch);
        }
        this.batch = batch;
        int count = ParallelRanges.parts(batch, BlasThreads.minRowsPerPart(batch));
        this.shards = new Shard[count];
        this.shardGradients = new Nd4jParameters[count];
        for (int p = 0; p < count; p++) {
            int first = (int) ((long) batch * p / count);
            int end = (int) ((long) batch * (p + 1) / count);
            shards[p] = new Shard(architecture, first, end - first);
            if (p > 0) {
                shardGradients[p] = Nd4jParameters.zeros(architecture);
            }
        }
    }

    public int batch() {
        return batch;
    }

    /**
     * Forward pass keeping what backprop needs: v(x_i, t_i) into {@code out [n, d]}.
     *
     * @param x     positions [n, d]
     * @param times per-row times [n]
     * @param labels per-row classes [n] of a conditional net ({@link io.fluxion.core.nn.MlpArchitecture#NULL_LABEL}
     *               for none), or null
     */
    public void forward(Nd4jParameters parameters, float[] x, float[] times, int[] labels, float[] out) {
        ParallelRanges.run(shards.length, 1, (part, from, to) -> {
            for (int s = from; s < to; s++) {
                shards[s].forward(parameters, x, times, labels, out);
            }
        });
    }

    /**
     * Backprop of ∂L/∂v [n, d] through the last {@link #forward} into {@code gradient}
     * (overwritten; same layout as the parameters).
     */
    public void backward(Nd4jParameters parameters, float[] lossGradient, Nd4jParameters gradient) {
        ParallelRanges.run(shards.length, 1, (part, from, to) -> {
            for (int s = from; s < to; s++) {
                shards[s].backward(parameters, lossGradient, s == 0 ? gradient : shardGradients[s]);
            }
        });
        for (int s = 1; s < shards.length; s++) {
            gradient.flat().addi(shardGradients[s].flat());
        }
    }

    /** Frees every buffer now. The instance is unusable afterwards. */
    @Override
    public void close() {
        for (int s = 0; s < shards.length; s++) {
            shards[s].close();
            if (shardGradients[s] != null && shardGradients[s].flat().closeable()) {
                shardGradients[s].flat().close();
            }
        }
    }

    /** Rows [first, first + rows) of the batch: the single-threaded engine of one core. */
    private static final class Shard {

        private final MlpArchitecture architecture;
        private final int first;
        private final int batch;
        private final INDArray input;
        private final FloatBuffer inputWindow;
        private final INDArray[] kept;
        private final INDArray[] activations;
        private final INDArray output;
        private final FloatBuffer outputWindow;
        private final INDArray outputGradient;
        private final FloatBuffer outputGradientWindow;
        private final INDArray hiddenGradient;
        private final INDArray preActivationGradient;
        private final INDArray ones;
        private final float[] features;
        private final List<INDArray> owned = new ArrayList<>();
        private final SiluKernels siluKernels = SiluKernels.best();

        Shard(MlpArchitecture architecture, int first, int batch) {
            this.architecture = architecture;
            this.first = first;
            this.batch = batch;
            int width = architecture.width();
            int d = architecture.dimension();
            this.input = own(MlpBuffers.matrix(batch, architecture.inputWidth()));
            this.inputWindow = MlpBuffers.window(input);
            this.kept = new INDArray[architecture.depth()];
            this.activations = new INDArray[architecture.depth()];
            for (int l = 0; l < architecture.depth(); l++) {
                kept[l] = own(MlpBuffers.matrix(batch, width));
                activations[l] = own(MlpBuffers.matrix(batch, width));
            }
            this.output = own(MlpBuffers.matrix(batch, d));
            this.outputWindow = MlpBuffers.window(output);
            this.outputGradient = own(MlpBuffers.matrix(batch, d));
            this.outputGradientWindow = MlpBuffers.window(outputGradient);
            this.hiddenGradient = own(MlpBuffers.matrix(batch, width));
            this.preActivationGradient = own(MlpBuffers.matrix(batch, width));
            this.ones = own(MlpBuffers.matrix(1, batch).assign(1));
            this.features = new float[architecture.timeFeatures()];
        }

        private INDArray own(INDArray array) {
            owned.add(array);
            return array;
        }

        /** The forward pass on this shard's rows of x, times and out. */
        void forward(Nd4jParameters parameters, float[] x, float[] times, int[] labels, float[] out) {
            MlpBuffers.loadInput(architecture, x, first, batch, 0, times, labels, features, inputWindow);
            INDArray current = input;
            boolean silu = architecture.activation() == Activation.SILU;
            for (int l = 0; l < architecture.depth(); l++) {
                Nd4j.gemm(current, parameters.weight(l), activations[l], false, false, 1, 0);
                if (silu) {
                    siluKernels.forwardWithBias(activations[l], parameters.bias(l), parameters.flatValues(),
                            (int) parameters.biasOffset(l), kept[l], batch, architecture.width());
                } else {
                    activations[l].addiRowVector(parameters.bias(l));
                    architecture.activation().applyForTraining(activations[l], kept[l]);
                }
                current = activations[l];
            }
            int last = architecture.depth();
            Nd4j.gemm(current, parameters.weight(last), output, false, false, 1, 0);
            output.addiRowVector(parameters.bias(last));
            outputWindow.get(0, out, first * architecture.dimension(), batch * architecture.dimension());
        }

        /** Backprop of this shard's rows of ∂L/∂v into {@code gradient} (overwritten). */
        void backward(Nd4jParameters parameters, float[] lossGradient, Nd4jParameters gradient) {
            outputGradientWindow.put(0, lossGradient, first * architecture.dimension(), batch * architecture.dimension());
            FloatBuffer gradientWindow = gradient.flatValues();
            boolean silu = architecture.activation() == Activation.SILU;
            INDArray upstream = outputGradient;
            for (int l = architecture.depth(); l >= 0; l--) {
                INDArray layerInput = l == 0 ? input : activations[l - 1];
                Nd4j.gemm(layerInput, upstream, gradient.weight(l), true, false, 1, 0);
                if (!silu || l == architecture.depth()) {
                    Nd4j.gemm(ones, upstream, gradient.bias(l), false, false, 1, 0);
                }
                if (l > 0) {
                    Nd4j.gemm(upstream, parameters.weight(l), hiddenGradient, false, true, 1, 0);
                    if (silu) {
                        // also writes the bias gradient of layer l − 1 (column sums of its output)
                        siluKernels.backward(activations[l - 1], kept[l - 1], hiddenGradient, preActivationGradient, batch,
                                architecture.width(), gradientWindow, gradient.biasOffset(l - 1), ones, gradient.bias(l - 1));
                    } else {
                        architecture.activation().backward(activations[l - 1], kept[l - 1], hiddenGradient,
                                preActivationGradient);
                    }
                    upstream = preActivationGradient;
                }
            }
        }

        void close() {
            for (INDArray array : owned) {
                if (array.closeable()) {
                    array.close();
                }
            }
            owned.clear();
        }
    }
}
