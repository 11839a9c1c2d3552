package io.fluxion.core.stream;

import java.util.Objects;

/**
 * A running emitter's placement that a game may change at any time from any thread
 * ({@link #set}); the emitter reads it once per frame, so a change takes effect at the next
 * frame, for every live particle at once.
 */
public final class LivePlacement {

    private volatile Placement current;

    public LivePlacement(Placement initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** @return the placement now */
    public Placement get() {
        return current;
    }

    /** Moves, turns or scales the effect from the next frame on. */
    public void set(Placement placement) {
        this.current = Objects.requireNonNull(placement, "placement");
    }
}
