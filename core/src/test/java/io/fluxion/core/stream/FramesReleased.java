package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks after each test that every frame acquired during it was released: streams that were
 * cancelled release their last frame on a compute thread shortly after, so it waits up to 5 s.
 */
public final class FramesReleased implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FramesReleased.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("outstanding", FrameCounts.outstanding());
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
