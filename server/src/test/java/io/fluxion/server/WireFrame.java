package io.fluxion.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A frame read back from the wire by a decoder written from the documented layout alone (it
 * does not use {@link FrameCodec}): header, positions, then ages and labels when flagged.
 */
record WireFrame(int version, int flags, long index, int count, int dimension, float time, float[] positions,
                 float[] ages, int[] labels) {

    static WireFrame decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        in.get(magic);
        if (magic[0] != 'F' || magic[1] != 'L' || magic[2] != 'X' || magic[3] != 'F') {
            throw new IllegalArgumentException("bad magic");
        }
        int version = Short.toUnsignedInt(in.getShort());
        int flags = Short.toUnsignedInt(in.getShort());
        long index = in.getLong();
        int count = in.getInt();
        int dimension = in.getInt();
        float time = in.getFloat();
        in.getInt(); // reserved
        float[] positions = new float[count * dimension];
        in.asFloatBuffer().get(positions);
        in.position(in.position() + 4 * positions.length);
        float[] ages = null;
        if ((flags & 1) != 0) {
            ages = new float[count];
            in.asFloatBuffer().get(ages);
            in.position(in.position() + 4 * count);
        }
        int[] labels = null;
        if ((flags & 2) != 0) {
            labels = new int[count];
            in.asIntBuffer().get(labels);
            in.position(in.position() + 4 * count);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the frame");
        }
        return new WireFrame(version, flags, index, count, dimension, time, positions, ages, labels);
    }
}
