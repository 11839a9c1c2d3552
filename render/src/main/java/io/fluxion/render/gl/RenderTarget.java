package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * An off-screen framebuffer with one colour texture (e.g. GL_RGBA16F for additive light that
 * must not saturate at 1). Render thread only; {@link #close()} deletes both.
 */
public final class RenderTarget implements AutoCloseable {

    private final int framebuffer;
    private final Texture2D colour;

    public RenderTarget(int width, int height, int internalFormat) {
        colour = new Texture2D(width, height, internalFormat, GL_RGBA, GL_FLOAT, false);
        framebuffer = GlObjects.created(glGenFramebuffers());
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour.name(), 0);
        int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            close();
            throw new IllegalStateException("render target " + width + " x " + height + ": framebuffer incomplete, 0x"
                    + Integer.toHexString(status));
        }
    }

    /** Binds the framebuffer and sets the viewport to its size. */
    public void bind() {
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
        glViewport(0, 0, colour.width(), colour.height());
    }

    public Texture2D colour() {
        return colour;
    }

    @Override
    public void close() {
        glDeleteFramebuffers(framebuffer);
        GlObjects.deleted();
        colour.close();
    }
}
