package io.fluxion.demo.show;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.glfw.GLFW.*;

import io.fluxion.render.GlContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's loop and keys, driven headless: a context that wraps an EGL one and presses keys at
 * chosen frames, as GLFW would during its event polling.
 */
class WindowShowKeysTest {

    /** A headless surface whose endFrame() delivers scripted key presses. */
    private static final class ScriptedContext extends GlContext {
        private final GlContext inner;
        private final Map<Integer, Integer> keysByFrame;
        private KeyHandler handler = (key, shift) -> { };
        private int frame;

        ScriptedContext(GlContext inner, Map<Integer, Integer> keysByFrame) {
            super(inner.width(), inner.height());
            this.inner = inner;
            this.keysByFrame = keysByFrame;
        }

        @Override public boolean isHeadless() { return true; }
        @Override public String description() { return inner.description() + " (scripted keys)"; }
        @Override public void bindSurface() { inner.bindSurface(); }
        @Override public boolean closeRequested() { return false; }
        @Override public void onKey(KeyHandler keys) { handler = keys; }
        @Override public void close() { inner.close(); }

        @Override
        public void endFrame() {
            Integer key = keysByFrame.get(++frame);
            if (key != null) {
                handler.pressed(key, false);
            }
        }
    }

    @Test
    void keysSwitchModelsChangeTheStreamTakeScreenshotsAndQuit(@TempDir Path folder) throws Exception {
        Map<Integer, Integer> script = Map.ofEntries(Map.entry(2, GLFW_KEY_3), Map.entry(3, GLFW_KEY_N), Map.entry(6, GLFW_KEY_T),
                Map.entry(8, GLFW_KEY_EQUAL), Map.entry(10, GLFW_KEY_RIGHT_BRACKET), Map.entry(12, GLFW_KEY_C),
                Map.entry(14, GLFW_KEY_P), Map.entry(16, GLFW_KEY_LEFT), Map.entry(18, GLFW_KEY_Z),
                Map.entry(20, GLFW_KEY_S), Map.entry(22, GLFW_KEY_SPACE), Map.entry(24, GLFW_KEY_SPACE),
                Map.entry(26, GLFW_KEY_R), Map.entry(28, GLFW_KEY_H), Map.entry(40, GLFW_KEY_ESCAPE));
        StringWriter output = new StringWriter();
        long start = System.nanoTime();
        try (ScriptedContext context = new ScriptedContext(GlContext.headless(96, 96), script)) {
            new WindowShow(context, ShownModel.bundled("checkerboard"), 2000, "heun", FieldChoice.EXACT, 120, folder,
                    new PrintWriter(output, true)).run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String console = output.toString();
        assertTrue(seconds < 110, "Esc ended the loop (" + seconds + " s)");
        assertTrue(console.contains("switching to moons (its reflowed version: straight paths, Euler"), "3 shows moons "
                + "through its reflowed version: " + console);
        assertTrue(console.contains("switching to spirals"), "N steps on from moons: " + console);
        assertTrue(console.contains("4,000 particles"), "+ doubled the particles: " + console);
        assertTrue(console.contains("solver heun"), "] moved Euler (the reflowed moons') to Heun: " + console);
        long deadline = System.nanoTime() + 10_000_000_000L;
        Path screenshot = folder.resolve("fluxion-001.png");
        while (!Files.exists(screenshot) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.size(screenshot) > 100, "S saved a screenshot off the render thread");
    }
}
