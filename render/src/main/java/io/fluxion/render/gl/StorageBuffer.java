package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL43.*;

import java.util.Arrays;

/**
 * A shader storage buffer of floats with a fixed capacity, for compute shaders (it may also be
 * bound as a vertex buffer). Render thread only; {@link #close()} deletes it.
 */
public final class StorageBuffer implements AutoCloseable {

    private final int buffer;
    private final int capacity;

    /** An uninitialised buffer of {@code capacity} floats, refilled often. */
    public StorageBuffer(int capacity) {
        this.capacity = capacity;
        this.buffer = GlObjects.created(glGenBuffers());
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
        glBufferData(GL_SHADER_STORAGE_BUFFER, 4L * capacity, GL_DYNAMIC_DRAW);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
    }

    /** A buffer holding {@code values}, written once. */
    public StorageBuffer(float[] values) {
        this.capacity = values.length;
        this.buffer = GlObjects.created(glGenBuffers());
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
        glBufferData(GL_SHADER_STORAGE_BUFFER, values, GL_STATIC_DRAW);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
    }

    public int name() {
        return buffer;
    }

    /** Binds the buffer to shader storage binding point {@code index}. */
    public void bindBase(int index) {
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, index, buffer);
    }

    /** Writes the first {@code count} floats of {@code values} at the start of the buffer. */
    public void write(float[] values, int count) {
        if (count > capacity || count > values.length) {
            throw new IllegalArgumentException("StorageBuffer: " + count + " floats into " + capacity + " (array "
                    + values.length + ")");
        }
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
        glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, values.length == count ? values : Arrays.copyOf(values, count));
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
    }

    /** Reads the first {@code count} floats into {@code out} (waits for shader writes; for tests and tools). */
    public void read(float[] out, int count) {
        glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
        float[] exact = out.length == count ? out : new float[count];
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
        glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, exact);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
        if (exact != out) {
            System.arraycopy(exact, 0, out, 0, count);
        }
    }

    @Override
    public void close() {
        glDeleteBuffers(buffer);
        GlObjects.deleted();
    }
}
