package io.fluxion.core.nn.simd;

import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import org.slf4j.LoggerFactory;

/**
 * A plain-Java forward pass of an MLP ({@link VectorMlpForward}), used by
 * {@link MlpVelocityField#evaluate} in place of ND4J where it is faster: SiLU networks with at most
 * {@link #MAX_WIDTH} units per layer, when {@code jdk.incubator.vector} is present. The system
 * property {@code fluxion.mlpForward} = {@code nd4j} or {@code vector} overrides the choice
 * ({@code auto} by default). Thread-safe.
 */
public interface FastForward {

    /** Widest hidden layer the Vector API pass takes (wider nets run on ND4J; see the design notes). */
    int MAX_WIDTH = 512;

    /**
     * v(x_i, t_i, label_i) into out [n, d]; {@code times} null means every row at
     * {@code sharedTime}, {@code labels} null no label (see {@link MlpArchitecture#NULL_LABEL}).
     */
    void evaluate(float[] x, int n, float sharedTime, float[] times, int[] labels, float[] out);

    /** The fast pass for these weights, or null where ND4J is the better (or only) choice. */
    static FastForward forParameters(MlpParameters parameters) {
        String choice = System.getProperty("fluxion.mlpForward", "auto");
        MlpArchitecture architecture = parameters.architecture();
        boolean wanted = choice.equals("vector")
                || (choice.equals("auto") && architecture.width() <= MAX_WIDTH);
        if (!wanted || architecture.activation() != Activation.SILU || !VectorKernels.available()) {
            return null;
        }
        try {
            // by name, so that nothing links the Vector API classes where the module is missing
            return (FastForward) Class.forName(VECTOR_PASS).getDeclaredConstructor(MlpParameters.class)
                    .newInstance(parameters);
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger(FastForward.class).warn("the Vector API forward pass ({}) could not be made, "
                    + "so networks run on ND4J (slower): {}", VECTOR_PASS, e.toString());
            return null;
        }
    }

    /** The class of the Vector API pass; {@code FastForwardTest} checks that it exists. */
    String VECTOR_PASS = "io.fluxion.core.nn.simd.VectorMlpForward";
}
