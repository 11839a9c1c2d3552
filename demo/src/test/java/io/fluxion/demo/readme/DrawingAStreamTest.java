package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.FrameCounts;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.render.Camera2D;
import io.fluxion.render.ColourMode;
import io.fluxion.render.FrameMailbox;
import io.fluxion.render.GlContext;
import io.fluxion.render.gl.GlObjects;
import io.fluxion.render.Palette;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The README's "Drawing a stream in your engine" section, run as written (headless EGL here). */
class DrawingAStreamTest {

    @Test
    void runsAsWritten() throws Exception {
        long framesOut = FrameCounts.outstanding();
        long glObjects = GlObjects.live();
        ModelStore store = ModelStore.create();
        ModelKey key = ModelKey.bundled("moons");
        EmitterSpec spec = EmitterSpec.builder().maxParticles(20_000).spawnRate(5_000).flowSeconds(2).clockDriven(true).build();
        try {
            // snippet-start
            // on your render thread, with your GL context current (or let Fluxion make one):
            GlContext context = GlContext.open("my game", 640, 360);        // a window, or headless EGL without a display
            ParticleRenderer renderer = new ParticleRenderer(context);      // owns its GL buffers; close() frees them
            renderer.setCamera(new Camera2D(0, 0, 4.5));
            renderer.settings().trails(true).colourMode(ColourMode.SPEED).palette(Palette.EMBER);
            FrameMailbox mailbox = FrameMailbox.subscribe(ParticleStreams.emitter(store, key, spec), 1);
            long end = System.nanoTime() + 3_000_000_000L;                  // three seconds, or until the window closes
            while (System.nanoTime() < end && !context.closeRequested()) {  // (a headless context is never asked to close)
                ParticleFrame frame = mailbox.take();                        // the newest frame, or null: keep the last one
                if (frame != null) { renderer.draw(frame); frame.release(); } // replaced frames are released for you
                context.endFrame();
            }
            Screenshots.savePng(Screenshots.read(context), Path.of("my-game.png"));
            mailbox.close(); renderer.close(); context.close();
            // snippet-end
            BufferedImage shot = ImageIO.read(Path.of("my-game.png").toFile());
            int lit = 0;
            for (int y = 0; y < shot.getHeight(); y++) {
                for (int x = 0; x < shot.getWidth(); x++) {
                    int rgb = shot.getRGB(x, y);
                    lit += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) > 120 ? 1 : 0;
                }
            }
            assertTrue(lit > 500, "particles drawn: " + lit + " lit pixels");
            assertEquals(glObjects, GlObjects.live(), "every GL object freed");
            Thread.sleep(200);
            assertEquals(0, store.stats().openLeases(), "the stream's lease closed with the mailbox");
            assertEquals(framesOut, FrameCounts.outstanding(), "every frame released");
        } finally {
            store.close();
            Files.deleteIfExists(Path.of("my-game.png"));
        }
    }
}
