package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL30.glBindVertexArray;
import static org.lwjgl.opengl.GL30.glDeleteVertexArrays;
import static org.lwjgl.opengl.GL30.glGenVertexArrays;

import org.lwjgl.opengl.GL20;

/**
 * Draws one program over the whole viewport, or over a pixel rectangle of it (scissored), with a
 * single triangle made from gl_VertexID (an empty vertex array). The fragment shader receives
 * {@code uv} in [0, 1] over the covered rectangle. Render thread only; {@link #close()} deletes
 * the program and the vertex array.
 */
public final class FullscreenPass implements AutoCloseable {

    private final ShaderProgram program;
    private final int vertexArray;

    public FullscreenPass(String name, String fragmentSource) {
        program = new ShaderProgram(name, Shaders.FULLSCREEN_VERTEX, fragmentSource);
        vertexArray = GlObjects.created(glGenVertexArrays());
    }

    /** The program, bound: set its uniforms, then {@link #draw()}. */
    public ShaderProgram use() {
        program.use();
        return program;
    }

    /** Covers the viewport. */
    public void draw() {
        GL20.glUniform4f(program.uniform("rect"), -1f, -1f, 2f, 2f);
        glBindVertexArray(vertexArray);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }

    /** Covers the pixel rectangle (x, y from the bottom left) of a viewport of the given size. */
    public void draw(int x, int y, int width, int height, int viewportWidth, int viewportHeight) {
        float left = 2f * x / viewportWidth - 1f;
        float bottom = 2f * y / viewportHeight - 1f;
        GL20.glUniform4f(program.uniform("rect"), left, bottom,
                2f * width / viewportWidth, 2f * height / viewportHeight);
        glEnable(GL_SCISSOR_TEST);
        glScissor(x, y, width, height);
        glBindVertexArray(vertexArray);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glDisable(GL_SCISSOR_TEST);
    }

    @Override
    public void close() {
        glDeleteVertexArrays(vertexArray);
        GlObjects.deleted();
        program.close();
    }
}
