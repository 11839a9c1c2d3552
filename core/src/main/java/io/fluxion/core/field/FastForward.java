package io.fluxion.core.field;

/**
 * A plain-Java forward pass of an MLP ({@link VectorMlpForward}), used by
 * {@link MlpVelocityField#evaluate} in place of ND4J where it is faster: SiLU networks with at most
 * {@link #MAX_WIDTH} units per layer, when {@code jdk.incubator.vector} is present. The system
 * property {@code fluxion.mlpForward} = {@code nd4j} or {@code vector} overrides the choice
 * ({@code auto} by default). Thread-safe.
 */
interface FastForward {

    /**
     * Widest hidden layer for which the Vector API pass was measured to beat ND4J (4-layer nets,
     * 16 384 rows, 2 cores: 1.8× at 128 wide, 1.5× at 256, 1.15× at 512; even at 1 024).
     */
    int MAX_WIDTH = 512;

    /** v(x_i, t_i) into out [n, d]; {@code times} null means every row at {@code sharedTime}. */
    void evaluate(float[] x, int n, float sharedTime, float[] times, float[] out);

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
            return (FastForward) Class.forName("io.fluxion.core.field.VectorMlpForward")
                    .getDeclaredConstructor(MlpParameters.class).newInstance(parameters);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
