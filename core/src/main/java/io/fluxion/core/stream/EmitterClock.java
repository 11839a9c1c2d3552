package io.fluxion.core.stream;

import java.util.Objects;

/**
 * How far an emitter advances each frame, by its {@link EmitterSpec}: {@code frameSeconds} every
 * frame, or, when clock-driven, the wall-clock time since the previous frame (the first frame
 * takes {@code frameSeconds}), at most four frame times so a stall does not make particles jump.
 * Shared by the CPU emitter and the GPU one. One per emitter; not thread-safe.
 */
public final class EmitterClock {

    private final EmitterSpec spec;
    private long lastTick = -1;

    public EmitterClock(EmitterSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the seconds the next frame advances by */
    public double nextFrameSeconds() {
        if (!spec.clockDriven()) {
            return spec.frameSeconds();
        }
        long now = System.nanoTime();
        double elapsed = lastTick < 0 ? spec.frameSeconds() : (now - lastTick) / 1e9;
        lastTick = now;
        return Math.min(elapsed, 4 * spec.frameSeconds());
    }
}
