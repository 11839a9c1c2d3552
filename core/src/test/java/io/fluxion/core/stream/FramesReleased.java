package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks after each test that every frame acquired during it was released: streams that were
 * cancelled release their last frame on a compute thread shortly after, so it waits up to 5 s (and
 * takes the count before the test once it has settled).
 */
public final class FramesReleased implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FramesReleased.class);

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        context.getStore(NAMESPACE).put("outstanding", settledOutstanding());
    }

    /**
     * The outstanding count once it has not changed for 100 ms (at most 2 s): a stream cancelled by
     * an earlier test may still be finishing its last frame, which it acquires and then releases.
     */
    public static long settledOutstanding() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long value = FrameCounts.outstanding();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < 100_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(5);
            long now = FrameCounts.outstanding();
            if (now != value) {
                value = now;
                stableSince = System.nanoTime();
            }
        }
        return value;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        long before = context.getStore(NAMESPACE).get("outstanding", Long.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (FrameCounts.outstanding() != before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(before, FrameCounts.outstanding(), "frames acquired during the test and not released");
    }
}
