package io.fluxion.render.gl;

import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL30.GL_MAP_WRITE_BIT;
import static org.lwjgl.opengl.GL30.glMapBufferRange;
import static org.lwjgl.opengl.GL32.*;
import static org.lwjgl.opengl.GL44.GL_MAP_COHERENT_BIT;
import static org.lwjgl.opengl.GL44.GL_MAP_PERSISTENT_BIT;
import static org.lwjgl.opengl.GL44.glBufferStorage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL15;
import org.lwjgl.system.MemoryUtil;

/**
 * A vertex buffer the CPU refills every frame. With GL 4.4 / ARB_buffer_storage it is a
 * persistent, coherent mapping split into three segments used in turn, each guarded by a fence
 * so the CPU never overwrites data the GPU may still read; without it, one buffer orphaned on
 * every upload (glBufferData(null) then glBufferSubData from a staging copy).
 *
 * <p>Per frame: {@link #begin(int)} returns a native-order {@link ByteBuffer} of the requested size
 * to fill (owned by this object, valid until {@link #end()}), {@link #end()} publishes it, and
 * {@link #offset()} is where that data starts in {@link #buffer()}. Segments grow (the buffer is
 * remade) when a frame needs more. Render thread only; {@link #close()} frees the buffer, the
 * fences and the staging memory.
 */
public final class StreamingBuffer implements AutoCloseable {

    private static final int SEGMENTS = 3;
    private static final long FENCE_TIMEOUT_NANOS = 1_000_000_000L;

    private final boolean persistent;
    private final long[] fences = new long[SEGMENTS];
    private int buffer;
    private int segmentBytes;
    private ByteBuffer mapped;
    private ByteBuffer staging;
    private int segment;
    private int offset;
    private int pending = -1;

    /**
     * @param initialSegmentBytes bytes per frame before the first growth
     * @param allowPersistent     false forces orphaning even where buffer storage exists
     */
    public StreamingBuffer(int initialSegmentBytes, boolean allowPersistent) {
        this.persistent = allowPersistent && (GL.getCapabilities().OpenGL44 || GL.getCapabilities().GL_ARB_buffer_storage);
        allocate(Math.max(4096, initialSegmentBytes));
    }

    /** Whether the persistent-mapped ring is in use (false: orphaning). */
    public boolean isPersistent() {
        return persistent;
    }

    public int buffer() {
        return buffer;
    }

    /** Byte offset in {@link #buffer()} of the data written since the last {@link #begin}. */
    public int offset() {
        return offset;
    }

    /** @return a buffer of exactly {@code bytes} bytes to write this frame's data into */
    public ByteBuffer begin(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("StreamingBuffer: negative size " + bytes);
        }
        if (bytes > segmentBytes) {
            release();
            allocate(Math.max(bytes, segmentBytes + segmentBytes / 2));
        }
        if (!persistent) {
            offset = 0;
            pending = 0;
            return staging.clear().limit(bytes);
        }
        segment = (segment + 1) % SEGMENTS;
        waitFor(segment);
        offset = segment * segmentBytes;
        pending = segment;
        return mapped.clear().position(offset).limit(offset + bytes).slice().order(ByteOrder.nativeOrder());
    }

    /** Publishes what was written since {@link #begin}: uploads it (orphaning) or fences the segment. */
    public void end(int bytesWritten) {
        if (pending < 0) {
            throw new IllegalStateException("StreamingBuffer.end without begin");
        }
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        if (persistent) {
            fences[pending] = GlObjects.createdSync(glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0));
            pending = -1;
            return;
        }
        glBufferData(GL_ARRAY_BUFFER, segmentBytes, GL_STREAM_DRAW);
        glBufferSubData(GL_ARRAY_BUFFER, 0, staging.clear().limit(bytesWritten));
        pending = -1;
    }

    /** Fences the current segment after the draw that reads it (persistent mode). */
    private void waitFor(int index) {
        long fence = fences[index];
        if (fence != 0) {
            int result = glClientWaitSync(fence, GL_SYNC_FLUSH_COMMANDS_BIT, FENCE_TIMEOUT_NANOS);
            if (result == GL_WAIT_FAILED) {
                throw new IllegalStateException("StreamingBuffer: glClientWaitSync failed");
            }
            glDeleteSync(fence);
            GlObjects.deleted();
            fences[index] = 0;
        }
    }

    private void allocate(int bytesPerSegment) {
        segmentBytes = (bytesPerSegment + 255) & ~255;
        buffer = GlObjects.created(glGenBuffers());
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        if (persistent) {
            long total = (long) segmentBytes * SEGMENTS;
            int flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
            glBufferStorage(GL_ARRAY_BUFFER, total, flags);
            mapped = glMapBufferRange(GL_ARRAY_BUFFER, 0, total, flags);
            if (mapped == null) {
                throw new IllegalStateException("StreamingBuffer: glMapBufferRange returned null for " + total + " bytes");
            }
        } else {
            glBufferData(GL_ARRAY_BUFFER, segmentBytes, GL_STREAM_DRAW);
            staging = MemoryUtil.memAlloc(segmentBytes).order(ByteOrder.nativeOrder());
        }
    }

    private void release() {
        for (int k = 0; k < SEGMENTS; k++) {
            waitFor(k);
        }
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        if (persistent) {
            GL15.glUnmapBuffer(GL_ARRAY_BUFFER);
            mapped = null;
        } else {
            MemoryUtil.memFree(staging);
            staging = null;
        }
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glDeleteBuffers(buffer);
        GlObjects.deleted();
    }

    @Override
    public void close() {
        if (buffer != 0) {
            release();
            buffer = 0;
        }
    }
}
