package io.fluxion.render;

/**
 * Frames per second over a sliding second: call {@link #tick()} once per presented frame.
 * Not thread-safe (render thread).
 */
public final class FrameClock {

    private final long[] stamps = new long[512];
    private int next;
    private int count;

    /** Records a frame now. */
    public void tick() {
        stamps[next] = System.nanoTime();
        next = (next + 1) % stamps.length;
        count = Math.min(count + 1, stamps.length);
    }

    /** Frames per second over the frames of the last second (0 before two frames). */
    public double framesPerSecond() {
        if (count < 2) {
            return 0;
        }
        int newest = Math.floorMod(next - 1, stamps.length);
        long now = stamps[newest];
        int frames = 0;
        long oldest = now;
        for (int k = 1; k < count; k++) {
            long stamp = stamps[Math.floorMod(newest - k, stamps.length)];
            if (now - stamp > 1_000_000_000L) {
                break;
            }
            oldest = stamp;
            frames = k;
        }
        return frames == 0 ? 0 : frames * 1e9 / (now - oldest);
    }
}
