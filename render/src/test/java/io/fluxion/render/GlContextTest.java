package io.fluxion.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a missing native library is blamed on. */
class GlContextTest {

    @Test
    void lwjglsOwnMissingLibraryIsBlamedOnTheClassPathNotTheSystem() {
        assertTrue(GlContext.missingNatives(new UnsatisfiedLinkError("Failed to locate library: liblwjgl.so")));
        assertTrue(GlContext.missingNatives(new IllegalStateException("wrapped",
                new UnsatisfiedLinkError("Failed to locate library: lwjgl.dll"))));
        assertFalse(GlContext.missingNatives(new UnsatisfiedLinkError("Failed to locate library: libEGL.so.1")));
        assertFalse(GlContext.missingNatives(new IllegalStateException("no display")));
        assertTrue(GlContext.MISSING_NATIVES.contains("natives-linux"));
    }
}
