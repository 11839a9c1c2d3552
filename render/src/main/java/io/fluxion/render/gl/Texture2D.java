package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_CLAMP_TO_EDGE;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A 2-D texture of fixed size and internal format (e.g. GL_RGBA16F, GL_RGB32F, GL_RGBA8),
 * clamped at the edges, with linear or nearest filtering. Render thread only; {@link #close()}
 * deletes it.
 */
public final class Texture2D implements AutoCloseable {

    private final int texture;
    private final int width;
    private final int height;

    public Texture2D(int width, int height, int internalFormat, int format, int type, boolean linear) {
        this.width = width;
        this.height = height;
        this.texture = GlObjects.created(glGenTextures());
        glBindTexture(GL_TEXTURE_2D, texture);
        int filter = linear ? GL_LINEAR : GL_NEAREST;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, internalFormat, width, height, 0, format, type, (ByteBuffer) null);
    }

    public int name() {
        return texture;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Replaces the whole image with {@code width·height} texels of {@code format} floats. */
    public void upload(FloatBuffer texels, int format) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, format, GL_FLOAT, texels);
    }

    /** Replaces the whole image with {@code width·height} texels of {@code format} floats from a heap array (no copy). */
    public void upload(float[] texels, int format) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, format, GL_FLOAT, texels);
    }

    /** Replaces the whole image with RGBA bytes (row 0 at the bottom). */
    public void upload(ByteBuffer rgba) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    }

    public void bind(int unit) {
        glActiveTexture(GL_TEXTURE0 + unit);
        glBindTexture(GL_TEXTURE_2D, texture);
    }

    @Override
    public void close() {
        glDeleteTextures(texture);
        GlObjects.deleted();
    }
}
