package io.fluxion.render;

import static org.lwjgl.opengl.GL11.*;

import io.fluxion.render.gl.FullscreenPass;
import io.fluxion.render.gl.Shaders;
import io.fluxion.render.gl.Texture2D;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.lwjgl.system.MemoryUtil;

/**
 * A text overlay in the top-left corner of the surface: frames per second, live particles, NFE
 * per frame, model name and solver (or any lines). Text is drawn with Java2D into an image and
 * uploaded only when it changes; drawing it is one alpha-blended textured rectangle. Render
 * thread only; owns its texture and upload buffer, freed by {@link #close()}.
 */
public final class Hud implements AutoCloseable {

    private static final int WIDTH = 360;
    private static final int LINE_HEIGHT = 16;
    private static final int LINES = 5;
    private static final int HEIGHT = LINES * LINE_HEIGHT + 8;

    private final GlContext context;
    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB_PRE);
    private final Font font = new Font(Font.MONOSPACED, Font.PLAIN, 13);
    private final ByteBuffer upload = MemoryUtil.memAlloc(4 * WIDTH * HEIGHT);
    private final Texture2D texture;
    private final FullscreenPass blit;
    private String[] shown = new String[0];
    private boolean closed;
    private long lastUpdate;

    public Hud(GlContext context) {
        this.context = context;
        context.checkThread();
        texture = new Texture2D(WIDTH, HEIGHT, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, false);
        blit = new FullscreenPass("hud", Shaders.BLIT_FRAGMENT);
    }

    /** Shows the standard figures, refreshed at most four times a second (so the text stays readable and cheap). */
    public void update(double framesPerSecond, int particles, int evaluationsPerFrame, String model, String solver) {
        long now = System.nanoTime();
        if (shown.length > 0 && now - lastUpdate < 250_000_000L) {
            return;
        }
        lastUpdate = now;
        setLines(String.format(Locale.ROOT, "%.1f fps", framesPerSecond),
                String.format(Locale.ROOT, "%,d particles", particles),
                "NFE/frame " + evaluationsPerFrame,
                "model " + model,
                "solver " + solver);
    }

    /** Shows up to five lines of text; re-uploads only when they changed. */
    public void setLines(String... lines) {
        String[] wanted = Arrays.copyOf(lines, Math.min(LINES, lines.length));
        if (Arrays.equals(wanted, shown)) {
            return;
        }
        shown = wanted;
        Graphics2D g = image.createGraphics();
        g.setComposite(AlphaComposite.Clear);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setComposite(AlphaComposite.SrcOver);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0, 0, 0, 140));
        g.fillRoundRect(0, 0, WIDTH, LINE_HEIGHT * wanted.length + 8, 8, 8);
        g.setFont(font);
        g.setColor(new Color(235, 235, 235));
        for (int k = 0; k < wanted.length; k++) {
            g.drawString(wanted[k], 8, 4 + LINE_HEIGHT * (k + 1) - 4);
        }
        g.dispose();
        upload.clear();
        for (int y = HEIGHT - 1; y >= 0; y--) {
            for (int x = 0; x < WIDTH; x++) {
                int argb = image.getRGB(x, y);
                upload.put((byte) (argb >> 16)).put((byte) (argb >> 8)).put((byte) argb).put((byte) (argb >>> 24));
            }
        }
        upload.flip();
        texture.upload(upload);
    }

    /** Draws the overlay onto the surface (binds it first). */
    public void draw() {
        context.bindSurface();
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        texture.bind(0);
        blit.use().set("source", 0);
        int width = Math.min(WIDTH, context.width());
        int height = Math.min(HEIGHT, context.height());
        blit.draw(8, context.height() - height - 8, width, height, context.width(), context.height());
        glDisable(GL_BLEND);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            blit.close();
            texture.close();
            MemoryUtil.memFree(upload);
        }
    }
}
