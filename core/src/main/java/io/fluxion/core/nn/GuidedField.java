package io.fluxion.core.nn;

import io.fluxion.core.field.VelocityField;
import java.util.Arrays;
import java.util.Objects;

/**
 * A conditional net's field for one class, or for a class per particle, with classifier-free guidance (Ho and Salimans,
 * "Classifier-Free Diffusion Guidance", arXiv 2207.12598; for flow matching, Zheng et al.,
 * "Guided Flows for Generative Modeling and Decision Making", arXiv 2311.13443):
 * v = v_null + s·(v_label − v_null). Both branches go through the net in one batched pass of 2n
 * rows; at s = 1 only the labelled branch is evaluated (one pass of n rows), and at s = 0 only the
 * null one.
 *
 * <p>Does not own the net: {@link #close()} leaves it to its model. Thread-safe: each thread
 * keeps its own scratch (grown to the largest batch seen, then reused).
 */
public final class GuidedField implements VelocityField {

    private final MlpVelocityField net;
    private final int label;
    /** A class per row (owned by the caller, read at every evaluation), or null for {@link #label} on every row. */
    private final int[] rowLabels;
    private final float scale;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * @param label a class 0..K−1 of the net, or {@link MlpArchitecture#NULL_LABEL}
     * @param scale the guidance scale s, finite (1: the class's own field, no guidance)
     */
    public GuidedField(MlpVelocityField net, int label, double scale) {
        this.net = Objects.requireNonNull(net, "net");
        int classes = net.architecture().labels();
        if (classes == 0) {
            throw new IllegalArgumentException("GuidedField: " + net + " is not conditional (it was trained without labels)");
        }
        if (label != MlpArchitecture.NULL_LABEL && (label < 0 || label >= classes)) {
            throw new IllegalArgumentException("label " + label + " is out of range: the model has " + classes + " classes (0.."
                    + (classes - 1) + ")");
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + scale);
        }
        this.label = label;
        this.rowLabels = null;
        this.scale = (float) scale;
    }

    /**
     * A class per particle: row i takes {@code labels[i]} (a class or the null label), read at
     * every evaluation, so the caller may change a particle's class between steps. Rows beyond
     * the array are an error.
     */
    public GuidedField(MlpVelocityField net, int[] labels, double scale) {
        this.net = Objects.requireNonNull(net, "net");
        if (net.architecture().labels() == 0) {
            throw new IllegalArgumentException("GuidedField: " + net + " is not conditional (it was trained without labels)");
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + scale);
        }
        this.label = MlpArchitecture.NULL_LABEL;
        this.rowLabels = Objects.requireNonNull(labels, "labels");
        this.scale = (float) scale;
    }

    public int label() {
        return label;
    }

    public float scale() {
        return scale;
    }

    /** @return rows the net evaluates per particle: 1 at s = 0 or 1 (or the null label), else 2 */
    public int evaluationsPerParticle() {
        return oneBranch() ? 1 : 2;
    }

    private boolean oneBranch() {
        return scale == 1f || scale == 0f || rowLabels == null && label == MlpArchitecture.NULL_LABEL;
    }

    @Override
    public int dimension() {
        return net.dimension();
    }

    @Override
    public void evaluate(float[] x, int n, float t, float[] out) {
        run(x, n, t, null, out);
    }

    @Override
    public void evaluate(float[] x, int n, float[] t, float[] out) {
        run(x, n, 0f, t, out);
    }

    private void run(float[] x, int n, float sharedTime, float[] times, float[] out) {
        if (n <= 0) {
            return;
        }
        Scratch s = scratch.get();
        int d = net.dimension();
        if (rowLabels != null && rowLabels.length < n) {
            throw new IllegalArgumentException("GuidedField: " + n + " rows but labels for " + rowLabels.length);
        }
        if (oneBranch()) {
            int[] labels = s.labels(n);
            if (scale == 0f) {
                Arrays.fill(labels, 0, n, MlpArchitecture.NULL_LABEL);
            } else if (rowLabels != null) {
                System.arraycopy(rowLabels, 0, labels, 0, n);
            } else {
                Arrays.fill(labels, 0, n, label);
            }
            if (times == null) {
                net.evaluate(x, n, sharedTime, labels, out);
            } else {
                net.evaluate(x, n, times, labels, out);
            }
            return;
        }
        // rows 0..n−1 with the label, n..2n−1 with the null label: one pass
        int[] labels = s.labels(2 * n);
        if (rowLabels != null) {
            System.arraycopy(rowLabels, 0, labels, 0, n);
        } else {
            Arrays.fill(labels, 0, n, label);
        }
        Arrays.fill(labels, n, 2 * n, MlpArchitecture.NULL_LABEL);
        float[] both = s.positions(2 * n * d);
        System.arraycopy(x, 0, both, 0, n * d);
        System.arraycopy(x, 0, both, n * d, n * d);
        float[] velocities = s.velocities(2 * n * d);
        if (times == null) {
            net.evaluate(both, 2 * n, sharedTime, labels, velocities);
        } else {
            float[] bothTimes = s.times(2 * n);
            System.arraycopy(times, 0, bothTimes, 0, n);
            System.arraycopy(times, 0, bothTimes, n, n);
            net.evaluate(both, 2 * n, bothTimes, labels, velocities);
        }
        int offset = n * d;
        for (int k = 0; k < n * d; k++) {
            float unconditional = velocities[offset + k];
            out[k] = unconditional + scale * (velocities[k] - unconditional);
        }
    }

    /** The net's weights; the scratch is not counted. */
    @Override
    public long sizeInBytes() {
        return net.sizeInBytes();
    }

    /** Leaves the net open: its model owns it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "GuidedField[" + (rowLabels != null ? "a label per row" : "label " + label) + ", scale " + scale + ", " + net + "]";
    }

    /** Per-thread buffers, grown on demand. */
    private static final class Scratch {
        private int[] labels = new int[0];
        private float[] positions = new float[0];
        private float[] velocities = new float[0];
        private float[] times = new float[0];

        int[] labels(int size) {
            if (labels.length < size) {
                labels = new int[size];
            }
            return labels;
        }

        float[] positions(int size) {
            if (positions.length < size) {
                positions = new float[size];
            }
            return positions;
        }

        float[] velocities(int size) {
            if (velocities.length < size) {
                velocities = new float[size];
            }
            return velocities;
        }

        float[] times(int size) {
            if (times.length < size) {
                times = new float[size];
            }
            return times;
        }
    }
}
