package io.fluxion.core.nn;

/**
 * The shape of a velocity MLP: input [x (d), time features, label one-hot (K)], {@code depth}
 * hidden layers of {@code width} units (Linear + activation), output Linear to d.
 *
 * <p>Time features: with {@code fourierFrequencies = 0} the raw t is concatenated (one
 * feature); with F &gt; 0 the features are [t, sin(πkt), cos(πkt)] for k = 1..F (2F + 1 features).
 *
 * <p>Labels: a conditional net ({@code labels} K &gt; 0) takes a class 0..K−1 per row as a one-hot
 * input, so the first layer's K label rows are a learned embedding of each class; the
 * {@link #NULL_LABEL} (all zeros) asks for the unconditional field, which classifier-free
 * guidance trains alongside.
 *
 * @param dimension          d, the dimension of positions (≥ 1)
 * @param width              hidden units per layer (≥ 1)
 * @param depth              hidden layers (≥ 1)
 * @param activation         hidden activation
 * @param fourierFrequencies F ≥ 0, see above
 * @param labels             K ≥ 0 classes the net is conditioned on (0: unconditional)
 */
public record MlpArchitecture(int dimension, int width, int depth, Activation activation, int fourierFrequencies,
                              int labels) {

    /** The label that asks a conditional net for its unconditional field (no class). */
    public static final int NULL_LABEL = -1;
    /** The most classes a conditional net takes. */
    public static final int MAX_LABELS = 4096;

    /** An unconditional net. */
    public MlpArchitecture(int dimension, int width, int depth, Activation activation, int fourierFrequencies) {
        this(dimension, width, depth, activation, fourierFrequencies, 0);
    }

    public MlpArchitecture {
        if (labels < 0 || labels > MAX_LABELS) {
            throw new IllegalArgumentException("MlpArchitecture: labels must be in 0.." + MAX_LABELS + ", got " + labels);
        }
        if (dimension < 1 || width < 1 || depth < 1 || fourierFrequencies < 0) {
            throw new IllegalArgumentException("MlpArchitecture: need dimension, width, depth >= 1 and frequencies >= 0, got d="
                    + dimension + ", width=" + width + ", depth=" + depth + ", frequencies=" + fourierFrequencies);
        }
        if (activation == null) {
            throw new IllegalArgumentException("MlpArchitecture: activation is null");
        }
        if (dimension > MAX_DIMENSION || fourierFrequencies > MAX_FREQUENCIES) {
            throw new IllegalArgumentException("MlpArchitecture: at most d = " + MAX_DIMENSION + " and " + MAX_FREQUENCIES
                    + " frequencies, got d = " + dimension + ", " + fourierFrequencies + " frequencies");
        }
        long parameters = countParameters(dimension, width, depth, timeFeatures(fourierFrequencies) + labels);
        if (parameters > MAX_PARAMETERS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "MlpArchitecture: %d x %d (d = %d) has "
                    + "%,d parameters, more than the limit of %,d", depth, width, dimension, parameters, MAX_PARAMETERS));
        }
    }

    /**
     * Checks a net's width and depth before the dimension of its data is known (training checks
     * them before reading any data); the dimension and time features add a few rows more.
     */
    public static void checkSize(int width, int depth) {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("MlpArchitecture: need width, depth >= 1, got width=" + width + ", depth=" + depth);
        }
        long parameters = countParameters(1, width, depth, 1);
        if (parameters > MAX_PARAMETERS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "MlpArchitecture: %d x %d has at least "
                    + "%,d parameters, more than the limit of %,d", depth, width, parameters, MAX_PARAMETERS));
        }
    }

    /** The most parameters a network may have: 2^27 (512 MB of float32 weights). */
    public static final long MAX_PARAMETERS = 1L << 27;
    /** The largest dimension d. */
    public static final int MAX_DIMENSION = 1024;
    /** The most Fourier frequencies of t. */
    public static final int MAX_FREQUENCIES = 256;

    /** d → (width × depth, SiLU) → d with t concatenated: the reference workloads' net. */
    public static MlpArchitecture of(int dimension, int width, int depth) {
        return new MlpArchitecture(dimension, width, depth, Activation.SILU, 0);
    }

    /** @return the number of time features. */
    public int timeFeatures() {
        return timeFeatures(fourierFrequencies);
    }

    private static int timeFeatures(int fourierFrequencies) {
        return fourierFrequencies == 0 ? 1 : 2 * fourierFrequencies + 1;
    }

    /** @return the input width d + time features + labels. */
    public int inputWidth() {
        return dimension + timeFeatures() + labels;
    }

    /** @return whether the net is conditioned on a label */
    public boolean isConditional() {
        return labels > 0;
    }

    /** The same net conditioned on {@code count} classes. */
    public MlpArchitecture withLabels(int count) {
        return new MlpArchitecture(dimension, width, depth, activation, fourierFrequencies, count);
    }

    /** @return Linear layers: depth hidden plus the output layer. */
    public int layers() {
        return depth + 1;
    }

    /** @return fan-in of Linear layer l. */
    public int layerInputs(int layer) {
        return layer == 0 ? inputWidth() : width;
    }

    /** @return fan-out of Linear layer l. */
    public int layerOutputs(int layer) {
        return layer == depth ? dimension : width;
    }

    /** @return the total number of parameters (weights and biases). */
    public long parameterCount() {
        return countParameters(dimension, width, depth, timeFeatures() + labels);
    }

    /** Weights and biases of d + features → (width × depth) → d, in long arithmetic (checked before any allocation). */
    private static long countParameters(long dimension, long width, long depth, long features) {
        long inputs = dimension + features;
        return inputs * width + width + (depth - 1) * (width * width + width) + width * dimension + dimension;
    }

    /** @return FLOPs of one forward evaluation per particle, 2·Σ in·out. */
    public long flopsPerEvaluation() {
        long flops = 0;
        for (int l = 0; l < layers(); l++) {
            flops += 2L * layerInputs(l) * layerOutputs(l);
        }
        return flops;
    }

    /** Writes the time features of t into {@code out[offset ..]}. */
    public void timeFeatures(float t, float[] out, int offset) {
        out[offset] = t;
        for (int k = 1; k <= fourierFrequencies; k++) {
            double angle = Math.PI * k * t;
            out[offset + 2 * k - 1] = (float) Math.sin(angle);
            out[offset + 2 * k] = (float) Math.cos(angle);
        }
    }
}
