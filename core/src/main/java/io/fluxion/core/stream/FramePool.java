package io.fluxion.core.stream;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber's frames: {@link #acquire()} hands out a released frame, or makes a new one when
 * the consumer holds them all; at most {@code size} released frames are kept for reuse, the rest
 * are left to the GC. Memory therefore stays bounded unless a consumer keeps frames without
 * releasing them. {@link #close()} drops the pool: frames released after it are not kept.
 * Counts frames acquired and released, for tests and diagnostics. Thread-safe.
 */
final class FramePool {

    /** Frames acquired and released by every pool in this JVM (for tests of resource release). */
    static final AtomicLong ACQUIRED = new AtomicLong();
    static final AtomicLong RELEASED = new AtomicLong();

    private final int size;
    private final int capacity;
    private final int dimension;
    private final boolean withLogDensity;
    private final boolean withColours;
    private final boolean withLabels;
    private final ArrayDeque<ParticleFrame> free = new ArrayDeque<>();
    private boolean closed;

    FramePool(int size, int capacity, int dimension, boolean withLogDensity, boolean withColours, boolean withLabels) {
        this.size = size;
        this.capacity = capacity;
        this.dimension = dimension;
        this.withLogDensity = withLogDensity;
        this.withColours = withColours;
        this.withLabels = withLabels;
    }

    /** @return a released frame, or a new one when none is free. */
    synchronized ParticleFrame acquire() {
        ParticleFrame frame = free.pollFirst();
        if (frame == null) {
            frame = new ParticleFrame(this, capacity, dimension, withLogDensity, withColours, withLabels);
        }
        ACQUIRED.incrementAndGet();
        return frame;
    }

    synchronized void giveBack(ParticleFrame frame) {
        RELEASED.incrementAndGet();
        if (!closed && free.size() < size) {
            free.addLast(frame);
        }
    }


    /** Stops keeping frames; those still out are dropped when released. */
    synchronized void close() {
        closed = true;
        free.clear();
    }
}
