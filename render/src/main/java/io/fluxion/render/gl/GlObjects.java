package io.fluxion.render.gl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the GL objects (buffers, textures, framebuffers, programs, vertex arrays, fences) that
 * Fluxion's renderers created and have not yet deleted, for tests that check everything is freed
 * on close and for leak diagnostics. Every class that makes a GL object reports it here
 * ({@link #created} when made, {@link #deleted} when deleted). Thread-safe.
 */
public final class GlObjects {

    private static final AtomicInteger LIVE = new AtomicInteger();

    private GlObjects() {
    }

    /** Number of live objects made through this package, over all contexts of the process. */
    public static int live() {
        return LIVE.get();
    }

    public static int created(int name) {
        LIVE.incrementAndGet();
        return name;
    }

    public static long createdSync(long sync) {
        LIVE.incrementAndGet();
        return sync;
    }

    public static void deleted() {
        LIVE.decrementAndGet();
    }
}
