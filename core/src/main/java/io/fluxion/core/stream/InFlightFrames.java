package io.fluxion.core.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frames of one {@link ParticleStreams#latest} subscription that left the generator but
 * have not reached the subscriber. Reactor does not hand every such frame to a discard hook (one
 * finished on the compute thread as the subscriber cancels is dropped silently), so this set
 * releases whatever is still in flight when the subscription ends, and any frame arriving after.
 * Thread-safe.
 */
final class InFlightFrames {

    private final Set<ParticleFrame> frames = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;

    void produced(ParticleFrame frame) {
        frames.add(frame);
        if (finished && frames.remove(frame)) {
            frame.release();
        }
    }

    void delivered(ParticleFrame frame) {
        frames.remove(frame);
    }

    void dropped(ParticleFrame frame) {
        frames.remove(frame);
        frame.release();
    }

    void finish() {
        finished = true;
        for (ParticleFrame frame : frames) {
            if (frames.remove(frame)) {
                frame.release();
            }
        }
    }
}
