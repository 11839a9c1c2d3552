package io.fluxion.core.nn.nd4j;

import io.fluxion.core.nn.simd.VectorKernels;
import org.slf4j.LoggerFactory;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise work of SiLU layers, the hottest non-gemm part of training and inference.
 * Two implementations with identical results to float rounding: {@link VectorSiluKernels}
 * (the JDK Vector API, used when the {@code jdk.incubator.vector} module is present, i.e. the
 * JVM runs with {@code --add-modules jdk.incubator.vector}) and {@link Nd4jSiluKernels}
 * (ND4J ops, used otherwise). All arrays are whole (non-view) c-order float32 buffers [n, width].
 */
public interface SiluKernels {

    /** In place: z ← z·sigmoid(z). */
    void forwardInPlace(INDArray z, int rows, int width);

    /** Training forward: zThenH ← z·s and gate ← s = sigmoid(z). */
    void forwardKeepingGate(INDArray zThenH, INDArray gate, int rows, int width);

    /**
     * z ← silu(z + b) and, when {@code gate} is not null, gate ← sigmoid(z + b): the bias add fused
     * into the activation (one pass instead of two). The bias b [width] is read from
     * {@code biasValues} at {@code biasOffset} (e.g. the flat parameter vector); {@code bias} is the
     * same values as an ND4J row view [1, width]. This default makes two passes (bias, then activation);
     * kernels that can fuse them override it.
     */
    default void forwardWithBias(INDArray z, INDArray bias, FloatBuffer biasValues, int biasOffset, INDArray gate,
                                 int rows, int width) {
        z.addiRowVector(bias);
        if (gate == null) {
            forwardInPlace(z, rows, width);
        } else {
            forwardKeepingGate(z, gate, rows, width);
        }
    }

    /**
     * Backward: out ← upstream ⊙ (s + h·(1 − s)), and the column sums of out (the bias
     * gradient) into {@code flatGradient} at {@code biasOffset .. biasOffset + width}.
     */
    void backward(INDArray h, INDArray gate, INDArray upstream, INDArray out, int rows, int width,
                  FloatBuffer flatGradient, long biasOffset, INDArray ones, INDArray biasGradientView);

    /** The class of the Vector API kernels; {@code SiluKernelsTest} checks that it is the one chosen. */
    String VECTOR_KERNELS = "io.fluxion.core.nn.nd4j.VectorSiluKernels";

    /** @return the Vector API kernels when available, else the ND4J ones. */
    static SiluKernels best() {
        return Holder.BEST;
    }

    /** Chooses once per JVM. */
    final class Holder {
        static final SiluKernels BEST = choose();

        private Holder() {
        }

        private static SiluKernels choose() {
            if (VectorKernels.available()) {
                try {
                    // by name, so that nothing links the Vector API classes where the module is missing
                    return (SiluKernels) Class.forName(VECTOR_KERNELS).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    LoggerFactory.getLogger(SiluKernels.class).warn("the Vector API SiLU kernels ({}) could not be made, "
                            + "so training uses ND4J's (slower): {}", VECTOR_KERNELS, e.toString());
                }
            }
            return new Nd4jSiluKernels();
        }
    }
}
