package io.fluxion.core.stream;

/** Frames acquired from and released to every frame pool in this JVM: for tests and diagnostics. */
public final class FrameCounts {

    private FrameCounts() {
    }

    public static long acquired() {
        return FramePool.ACQUIRED.get();
    }

    public static long released() {
        return FramePool.RELEASED.get();
    }

    /** @return frames acquired and not yet released. */
    public static long outstanding() {
        return acquired() - released();
    }
}
