package io.fluxion.server;

/**
 * At most {@code fps} frames a second: after each frame, how long to wait before asking for the
 * next. A late frame does not earn a burst of quick ones. Not thread-safe: one per stream, used
 * from one frame to the next.
 */
final class FramePacer {

    private final long periodNanos;
    private long due = System.nanoTime();

    /** @param fps frames a second, or 0 for no limit */
    FramePacer(int fps) {
        this.periodNanos = fps == 0 ? 0 : 1_000_000_000L / fps;
    }

    /** @return nanoseconds to wait before the next frame, 0 or less for none; call once per frame */
    long nanosUntilNextFrame() {
        long now = System.nanoTime();
        due = Math.max(due + periodNanos, now - periodNanos);
        return due - now;
    }
}
