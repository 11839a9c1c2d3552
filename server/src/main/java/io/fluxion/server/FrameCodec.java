package io.fluxion.server;

import io.fluxion.core.stream.ParticleFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * The binary layout of one particle frame on the wire (a WebSocket binary message), all numbers
 * little-endian:
 *
 * <pre>
 * offset size  field
 *  0     4     magic: the bytes 'F' 'L' 'X' 'F'
 *  4     2     version: 1
 *  6     2     flags: bit 0 ages follow, bit 1 labels follow
 *  8     8     frame index (int64): the frame's number in its stream, from 0
 * 16     4     count n (uint32): particles in this frame
 * 20     4     dimension d (uint32): 2 or 3
 * 24     4     flow time (float32) of a batch frame (trajectory mode), NaN when particles have their own
 * 28     4     reserved, 0
 * 32     4·n·d positions, float32, row-major [n, d], in data (or world) coordinates
 *  …     4·n   ages, float32 [n]: each particle's flow time t in [0, 1] (when flag bit 0)
 *  …     4·n   labels, int32 [n]: each particle's class (when flag bit 1)
 * </pre>
 *
 * A decoder must reject an unknown magic or a version above the one it knows, and may ignore
 * flags it does not know (they only add sections after the known ones). Stateless and thread-safe.
 */
public final class FrameCodec {

    /** The magic bytes "FLXF" read as a little-endian int32. */
    public static final int MAGIC = 'F' | 'L' << 8 | 'X' << 16 | 'F' << 24;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 32;
    public static final int FLAG_AGES = 1;
    public static final int FLAG_LABELS = 2;

    private FrameCodec() {
    }

    /** @return the encoded size of n particles in d dimensions with these flags */
    public static int encodedBytes(int n, int d, int flags) {
        long bytes = HEADER_BYTES + 4L * n * d + ((flags & FLAG_AGES) != 0 ? 4L * n : 0)
                + ((flags & FLAG_LABELS) != 0 ? 4L * n : 0);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FrameCodec: a frame of " + n + " x " + d + " does not fit one message");
        }
        return (int) bytes;
    }

    /**
     * Encodes a frame into a new buffer from {@code allocator} (the caller owns it: release it or
     * hand it to Netty). Labels are written only when asked for and the frame has them; ages when
     * asked for. Does not release the frame.
     *
     * @param frameIndex the number written in the header
     * @param flags      {@link #FLAG_AGES} and/or {@link #FLAG_LABELS}, the sections wanted
     */
    public static ByteBuf encode(ParticleFrame frame, long frameIndex, int flags, ByteBufAllocator allocator) {
        int n = frame.count();
        int d = frame.dimension();
        int written = flags & FLAG_AGES | (frame.labels() != null ? flags & FLAG_LABELS : 0);
        int size = encodedBytes(n, d, written);
        ByteBuf buf = allocator.directBuffer(size, size);
        try {
            buf.writeIntLE(MAGIC).writeShortLE(VERSION).writeShortLE(written).writeLongLE(frameIndex).writeIntLE(n)
                    .writeIntLE(d).writeFloatLE((float) frame.time()).writeIntLE(0);
            ByteBuffer body = buf.nioBuffer(HEADER_BYTES, size - HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer floats = body.asFloatBuffer();
            floats.put(frame.positions().duplicate().position(0).limit(n * d));
            if ((written & FLAG_AGES) != 0) {
                floats.put(frame.times().duplicate().position(0).limit(n));
            }
            if ((written & FLAG_LABELS) != 0) {
                IntBuffer ints = body.position(4 * floats.position()).slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                ints.put(frame.labels().duplicate().position(0).limit(n));
            }
            buf.writerIndex(size);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
