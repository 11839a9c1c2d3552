package io.fluxion.core.train.optim;

import io.fluxion.core.nn.nd4j.Nd4jParameters;

import io.fluxion.core.compute.ParallelRanges;
import java.nio.FloatBuffer;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", arXiv 1412.6980) on a
 * {@link Nd4jParameters} vector in place, as one fused pass over the flat vector split over the
 * cores: per entry i, with g the gradient and k the step (0 for the first),
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   θ ← θ·(1 − lr·λ) − α_k · m / (√v + ε),   α_k = lr·√(1 − β2^(k+1)) / (1 − β1^(k+1))
 * </pre>
 *
 * (λ the decoupled weight decay of Loshchilov and Hutter, arXiv 1711.05101; 0 for plain Adam). The
 * result equals DL4J's {@code AdamUpdater} followed by θ ← θ − update, to float rounding; why it
 * is one Java pass instead is in the design notes.
 *
 * <p>The moments m and v [P] are Java arrays owned by this object; parameters and gradient are read
 * through their flat buffers in chunks copied to per-part heap arrays (bulk copies, then a plain
 * loop on arrays). Owned by one thread (the trainer's); not thread-safe.
 */
public final class Adam {

    private static final int MIN_PER_PART = 16_384;
    private static final int CHUNK = 4_096;

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] firstMoment;
    private final float[] secondMoment;
    /** Per part: a chunk of parameters and one of gradients. */
    private final float[][] parameterChunks;
    private final float[][] gradientChunks;

    /**
     * @param parameterCount P, the length of the vectors this optimiser will update
     * @throws IllegalArgumentException for betas outside [0, 1) or a non-positive epsilon
     */
    public Adam(long parameterCount, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be > 0, got " + epsilon);
        }
        if (parameterCount < 1 || parameterCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Adam: parameter count out of range: " + parameterCount);
        }
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.firstMoment = new float[(int) parameterCount];
        this.secondMoment = new float[(int) parameterCount];
        int parts = ParallelRanges.maxParts();
        this.parameterChunks = new float[parts][CHUNK];
        this.gradientChunks = new float[parts][CHUNK];
    }

    /**
     * One Adam step of {@code parameters} along {@code gradient} (same layout, read only).
     *
     * @param step         0 for the first step, then 1, 2, … (the bias corrections use step + 1)
     * @param learningRate lr for this step
     * @param weightDecay  λ, decoupled (AdamW); 0 for none
     */
    public void step(Nd4jParameters parameters, Nd4jParameters gradient, int step, double learningRate, double weightDecay) {
        int count = firstMoment.length;
        if (parameters.architecture().parameterCount() != count || gradient.architecture().parameterCount() != count) {
            throw new IllegalArgumentException("Adam: built for " + count + " parameters, got "
                    + parameters.architecture().parameterCount() + " and " + gradient.architecture().parameterCount());
        }
        double correction = Math.sqrt(1 - Math.pow(beta2, step + 1.0)) / (1 - Math.pow(beta1, step + 1.0));
        float stepSize = (float) (learningRate * correction);
        float decay = (float) (1 - learningRate * weightDecay);
        FloatBuffer theta = parameters.flatValues();
        FloatBuffer g = gradient.flatValues();
        ParallelRanges.run(count, MIN_PER_PART, (part, from, to) -> {
            float[] thetaChunk = parameterChunks[part];
            float[] gradientChunk = gradientChunks[part];
            for (int start = from; start < to; start += CHUNK) {
                int length = Math.min(CHUNK, to - start);
                theta.get(start, thetaChunk, 0, length);
                g.get(start, gradientChunk, 0, length);
                update(thetaChunk, gradientChunk, start, length, stepSize, decay);
                theta.put(start, thetaChunk, 0, length);
            }
        });
    }

    /** The update of entries [offset, offset + length) of the vector, held at [0, length) of the chunks. */
    private void update(float[] thetaChunk, float[] gradientChunk, int offset, int length, float stepSize, float decay) {
        float[] m = firstMoment;
        float[] v = secondMoment;
        float b1 = beta1;
        float b2 = beta2;
        float oneMinusB1 = 1 - b1;
        float oneMinusB2 = 1 - b2;
        float eps = epsilon;
        for (int i = 0; i < length; i++) {
            float gi = gradientChunk[i];
            float mi = b1 * m[offset + i] + oneMinusB1 * gi;
            float vi = b2 * v[offset + i] + oneMinusB2 * gi * gi;
            m[offset + i] = mi;
            v[offset + i] = vi;
            thetaChunk[i] = thetaChunk[i] * decay - stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }
}
