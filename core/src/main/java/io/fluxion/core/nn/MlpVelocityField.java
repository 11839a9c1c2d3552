package io.fluxion.core.nn;

import io.fluxion.core.field.DivergenceField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.nn.nd4j.BlasThreads;
import io.fluxion.core.nn.nd4j.MlpEvaluatorSet;
import io.fluxion.core.nn.nd4j.Nd4jParameters;
import io.fluxion.core.nn.simd.FastForward;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A velocity field given by an MLP: v(x, t) = MLP([x, features(t)]), see {@link MlpArchitecture}.
 * The weights are {@link MlpParameters} on the Java heap. {@link #evaluate} runs the plain-Java
 * Vector API pass for SiLU nets up to {@link FastForward#MAX_WIDTH} wide when
 * {@code jdk.incubator.vector} is present ({@link #usesVectorForward()}), which needs nothing of ND4J;
 * other nets, the exact divergence and training run on ND4J ({@code Nd4j.gemm} into preallocated
 * c-order buffers, in-place bias and activation), which makes an off-heap copy of the weights the
 * first time it runs and needs ND4J's native backend. No allocation per call once a batch size
 * has been seen.
 *
 * <p>Thread-safe: the weights are shared read-only, and each call borrows a set of buffers from
 * a pool ({@link MlpEvaluatorSet}: one per part of the batch, which is split over the cores with
 * single-threaded BLAS, see {@link BlasThreads}), sized for the largest batch seen (grown by
 * doubling) and used through row views for smaller batches, so batch sizes may vary from call to
 * call without native allocation. The divergence is
 * exact (forward mode, d tangents) and offered for d ≤ {@value #MAX_EXACT_DIVERGENCE_DIMENSION};
 * above that {@link io.fluxion.core.sample.Likelihood} uses Hutchinson's estimator.
 */
public final class MlpVelocityField implements DivergenceField {

    /** Largest dimension for which the exact divergence is offered. */
    public static final int MAX_EXACT_DIVERGENCE_DIMENSION = 3;

    private final MlpParameters parameters;
    private final MlpArchitecture architecture;
    /** Buffer sets not in use now; each call borrows one (see {@link MlpEvaluatorSet}). */
    private final ConcurrentLinkedDeque<MlpEvaluatorSet> idleSets =
            new ConcurrentLinkedDeque<>();
    /** The plain-Java forward pass (SiLU nets up to {@link FastForward#MAX_WIDTH} wide), or null. */
    private final FastForward fast;
    /** Every buffer set made, so that {@link #close()} can free them. */
    private final Set<MlpEvaluatorSet> allSets = ConcurrentHashMap.newKeySet();
    /** Evaluations running now; memory is freed only when it is zero after close(). */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile boolean closed;
    /** The ND4J engine's off-heap copy of the weights, made the first time the ND4J path runs. */
    private volatile Nd4jParameters engineWeights;

    /** @param parameters the weights, shared and not modified by this field */
    public MlpVelocityField(MlpParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.architecture = parameters.architecture();
        this.fast = FastForward.forParameters(parameters);
    }

    /** Whether {@link #evaluate} runs the plain-Java Vector API pass (small SiLU nets) rather than ND4J. */
    public boolean usesVectorForward() {
        return fast != null;
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    public MlpParameters parameters() {
        return parameters;
    }

    @Override
    public int dimension() {
        return architecture.dimension();
    }

    @Override
    public boolean hasExactDivergence() {
        return architecture.dimension() <= MAX_EXACT_DIVERGENCE_DIMENSION;
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        forward(x, n, t, null, null, out);
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        forward(x, n, 0f, t, null, out);
    }

    /**
     * A conditional net's velocity for a class per row: v(x_i, t, label_i) into out [n, d], labels
     * [n] in 0..K−1 or {@link MlpArchitecture#NULL_LABEL} (the unconditional field; labels null: all
     * rows). An unconditional net ignores the labels. Every row goes through one batched pass.
     *
     * @throws IllegalArgumentException for a label outside 0..K−1 that is not the null label
     */
    public void evaluate(float[] x, int n, float t, int[] labels, float[] out) {
        checkLabels(labels, n);
        forward(x, n, t, null, labels, out);
    }

    /** As {@link #evaluate(float[], int, float, int[], float[])} with a time per row. */
    public void evaluate(float[] x, int n, float[] t, int[] labels, float[] out) {
        checkLabels(labels, n);
        forward(x, n, 0f, t, labels, out);
    }

    private void checkLabels(int[] labels, int n) {
        if (labels == null || architecture.labels() == 0) {
            return;
        }
        int classes = architecture.labels();
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label != MlpArchitecture.NULL_LABEL && (label < 0 || label >= classes)) {
                throw new IllegalArgumentException("label " + label + " of row " + i + " is out of range: this net has "
                        + classes + " classes (0.." + (classes - 1) + ")");
            }
        }
    }

    /** v(x_i, t_i, label_i) into out; {@code times} null means every row at {@code sharedTime}, labels null none. */
    private void forward(float[] x, int n, float sharedTime, float[] times, int[] labels, float[] out) {
        if (n <= 0) {
            return;
        }
        enter();
        try {
            if (fast != null) {
                fast.evaluate(x, n, sharedTime, times, architecture.isConditional() ? labels : null, out);
                return;
            }
            MlpEvaluatorSet set = borrow();
            try {
                set.evaluate(engineWeights(), x, n, sharedTime, times, architecture.isConditional() ? labels : null, out);
            } finally {
                idleSets.offerFirst(set);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void evaluateWithDivergence(float[] x, int n, float[] t, float[] out, float[] divergence) {
        if (!hasExactDivergence()) {
            throw new UnsupportedOperationException("MlpVelocityField: exact divergence only for d <= "
                    + MAX_EXACT_DIVERGENCE_DIMENSION + ", this model has d = " + architecture.dimension());
        }
        if (n > 0) {
            enter();
            try {
                MlpEvaluatorSet set = borrow();
                try {
                    set.evaluateWithDivergence(engineWeights(), x, n, t, out, divergence);
                } finally {
                    idleSets.offerFirst(set);
                }
            } finally {
                exit();
            }
        }
    }

    /** The off-heap weights for the ND4J path; made once, on first use (between enter and exit). */
    private Nd4jParameters engineWeights() {
        Nd4jParameters weights = engineWeights;
        if (weights == null) {
            synchronized (this) {
                weights = engineWeights;
                if (weights == null) {
                    weights = Nd4jParameters.of(parameters);
                    engineWeights = weights;
                }
            }
        }
        return weights;
    }

    private MlpEvaluatorSet borrow() {
        MlpEvaluatorSet set = idleSets.pollFirst();
        if (set == null) {
            set = new MlpEvaluatorSet(architecture);
            allSets.add(set);
        }
        return set;
    }

    private void enter() {
        running.incrementAndGet();
        if (closed) {
            exit();
            throw new IllegalStateException("MlpVelocityField: evaluated after close(): its weights were freed (a model"
                    + " from a ModelStore is freed once the store drops it, unless a ModelLease holds it)");
        }
    }

    private void exit() {
        if (running.decrementAndGet() == 0 && closed) {
            free();
        }
    }

    /**
     * Frees the weights and every thread's buffers as soon as no evaluation is running (at once
     * if none is), instead of when the GC finds them; evaluations started afterwards fail with
     * an {@link IllegalStateException}. For an owner that knows the field is done with, such as
     * the model store when the last lease of an evicted model closes. Idempotent and thread-safe.
     */
    @Override
    public void close() {
        closed = true;
        if (running.get() == 0) {
            free();
        }
    }

    private void free() {
        if (running.get() != 0 || !freed.compareAndSet(false, true)) {
            return;
        }
        for (MlpEvaluatorSet set : allSets) {
            set.close();
        }
        allSets.clear();
        idleSets.clear();
        synchronized (this) {
            if (engineWeights != null) {
                engineWeights.close();
                engineWeights = null;
            }
        }
    }

    /**
     * @return the weights' bytes: 4 per parameter on the heap, and as many again off the heap once
     *         the ND4J path has run (per-call buffers come and go with the batch size)
     */
    @Override
    public long sizeInBytes() {
        return 4L * architecture.parameterCount() * (engineWeights != null ? 2 : 1);
    }

    /**
     * The field as a network, for code that must know (to save its weights, to show its size):
     * the only place outside this package that asks which kind of field a model has.
     *
     * @return the field when it is an {@code MlpVelocityField}, else empty (a baked grid, an
     *         analytic field, an application's own)
     */
    public static Optional<MlpVelocityField> of(VelocityField field) {
        return field instanceof MlpVelocityField network ? Optional.of(network) : Optional.empty();
    }

    @Override
    public String toString() {
        return "MlpVelocityField[" + architecture + "]";
    }
}
