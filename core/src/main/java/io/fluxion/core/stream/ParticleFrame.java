package io.fluxion.core.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One frame of particles, the only type that crosses from {@code core} to a renderer: positions
 * [n, d], velocities [n, d], per-particle flow time t [n], and optionally log-densities [n] and
 * colours [n, 3] and class labels [n] (an emitter of a conditional model), each in a direct (off-heap)
 * buffer holding at least n rows, plus a
 * sequence number, the model's name and the number of velocity evaluations spent on the frame.
 *
 * <p>Frames come from a small pool per subscriber and go back to it on {@link #release()},
 * which the consumer must call once done (it is idempotent: later calls do nothing). After
 * release the buffers may be refilled at any time: copy what you keep. Buffers are read-only
 * for consumers; the producer writes them before emitting the frame.
 */
public final class ParticleFrame {

    private final FramePool pool;
    private final int capacity;
    private final int dimension;
    private final FloatBuffer positions;
    private final FloatBuffer velocities;
    private final FloatBuffer times;
    private final FloatBuffer logDensities;
    private final FloatBuffer colours;
    private final IntBuffer labels;
    private final AtomicBoolean released = new AtomicBoolean(true);
    private int count;
    private long sequence;
    private String modelName;
    private int functionEvaluations;
    private double time;

    ParticleFrame(FramePool pool, int capacity, int dimension, boolean withLogDensity, boolean withColours,
                  boolean withLabels) {
        this.pool = pool;
        this.capacity = capacity;
        this.dimension = dimension;
        this.positions = floats(capacity * dimension);
        this.velocities = floats(capacity * dimension);
        this.times = floats(capacity);
        this.logDensities = withLogDensity ? floats(capacity) : null;
        this.colours = withColours ? floats(capacity * 3) : null;
        this.labels = withLabels
                ? ByteBuffer.allocateDirect(Math.max(4, 4 * capacity)).order(ByteOrder.nativeOrder()).asIntBuffer() : null;
    }

    private static FloatBuffer floats(int count) {
        return ByteBuffer.allocateDirect(Math.max(4, 4 * count)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * A frame that belongs to no stream (for a renderer fed by the caller's own particles, and
     * tests): copies n rows of positions and velocities [n, d] and times [n]; velocities and
     * times may be null (zeros). Its {@link #release()} only marks it released.
     */
    public static ParticleFrame copyOf(String modelName, float[] positions, float[] velocities, float[] times,
                                       int n, int dimension) {
        if (n < 0 || dimension < 1 || positions.length < n * dimension
                || (velocities != null && velocities.length < n * dimension) || (times != null && times.length < n)) {
            throw new IllegalArgumentException("ParticleFrame.copyOf: arrays too short for n = " + n + ", d = " + dimension);
        }
        ParticleFrame frame = new ParticleFrame(null, n, dimension, false, false, false);
        frame.positions.put(0, positions, 0, n * dimension);
        if (velocities != null) {
            frame.velocities.put(0, velocities, 0, n * dimension);
        }
        if (times != null) {
            frame.times.put(0, times, 0, n);
        }
        frame.stamp(n, 0, modelName, 0, 1);
        return frame;
    }

    /** Marks the frame as in use and stamps it; called by the producer. */
    void stamp(int count, long sequence, String modelName, int functionEvaluations, double time) {
        this.count = count;
        this.sequence = sequence;
        this.modelName = modelName;
        this.functionEvaluations = functionEvaluations;
        this.time = time;
        released.set(false);
    }

    /** Returns the frame to its pool; idempotent and thread-safe. */
    public void release() {
        if (released.compareAndSet(false, true) && pool != null) {
            pool.giveBack(this);
        }
    }

    /** @return true once released (and until the producer reuses it). */
    public boolean isReleased() {
        return released.get();
    }

    /** @return the number of particles n in this frame. */
    public int count() {
        return count;
    }

    /** @return the largest n this frame's buffers hold. */
    public int capacity() {
        return capacity;
    }

    /** @return the dimension d. */
    public int dimension() {
        return dimension;
    }

    /** @return the frame's number in its stream, from 0. */
    public long sequence() {
        return sequence;
    }

    public String modelName() {
        return modelName;
    }

    /** @return velocity-field evaluations (each over the whole batch) spent on this frame. */
    public int functionEvaluations() {
        return functionEvaluations;
    }

    /** @return the shared flow time of a batch frame, or NaN when particles have their own times. */
    public double time() {
        return time;
    }

    /** @return positions [n, d], row-major (absolute indexing; do not move the position). */
    public FloatBuffer positions() {
        return positions;
    }

    /** @return velocities [n, d] at the positions. */
    public FloatBuffer velocities() {
        return velocities;
    }

    /** @return each particle's flow time t [n] (its age along the flow). */
    public FloatBuffer times() {
        return times;
    }

    /** @return log-densities [n], or null when the stream does not compute them. */
    public FloatBuffer logDensities() {
        return logDensities;
    }

    /** @return RGB colours [n, 3] in [0, 1], or null when the stream has none. */
    public FloatBuffer colours() {
        return colours;
    }

    /** @return each particle's class [n] (an emitter with a {@link ClassMix}), or null when the stream has none. */
    public IntBuffer labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "ParticleFrame[" + modelName + " #" + sequence + ", " + count + " x " + dimension + "]";
    }
}
