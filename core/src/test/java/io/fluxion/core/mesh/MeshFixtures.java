package io.fluxion.core.mesh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/** Small mesh files written from their specifications, for the reader tests. */
final class MeshFixtures {

    private MeshFixtures() {
    }

    /** A unit cube [0, 1]³: 8 vertices, 12 triangles (closed, outward). */
    static final float[] CUBE_VERTICES = {
        0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0,
        0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1,
    };
    static final int[] CUBE_TRIANGLES = {
        0, 2, 1, 0, 3, 2, // z = 0
        4, 5, 6, 4, 6, 7, // z = 1
        0, 1, 5, 0, 5, 4, // y = 0
        3, 7, 6, 3, 6, 2, // y = 1
        0, 4, 7, 0, 7, 3, // x = 0
        1, 2, 6, 1, 6, 5, // x = 1
    };

    static Path write(Path folder, String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** A binary PLY of the cube, with uchar colours, in the given byte order. */
    static Path binaryPlyCube(Path folder, String name, ByteOrder order, int claimedFaces, int truncateBy) throws IOException {
        String header = "ply\nformat " + (order == ByteOrder.LITTLE_ENDIAN ? "binary_little_endian" : "binary_big_endian")
                + " 1.0\ncomment made by a test\nelement vertex 8\nproperty float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\nelement face " + claimedFaces
                + "\nproperty list uchar int vertex_indices\nend_header\n";
        ByteBuffer body = ByteBuffer.allocate(8 * 15 + 12 * 13).order(order);
        for (int v = 0; v < 8; v++) {
            body.putFloat(CUBE_VERTICES[3 * v]).putFloat(CUBE_VERTICES[3 * v + 1]).putFloat(CUBE_VERTICES[3 * v + 2]);
            body.put((byte) 255).put((byte) (v * 30)).put((byte) 0);
        }
        for (int f = 0; f < 12; f++) {
            body.put((byte) 3).putInt(CUBE_TRIANGLES[3 * f]).putInt(CUBE_TRIANGLES[3 * f + 1]).putInt(CUBE_TRIANGLES[3 * f + 2]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body.array(), 0, body.capacity() - truncateBy);
        Path file = folder.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** An ASCII PLY of the cube with quads for two faces. */
    static String asciiPlyCube() {
        StringBuilder s = new StringBuilder("ply\nformat ascii 1.0\nelement vertex 8\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 10\nproperty list uchar int vertex_index\nend_header\n");
        for (int v = 0; v < 8; v++) {
            s.append(String.format(Locale.ROOT, "%s %s %s%n", CUBE_VERTICES[3 * v], CUBE_VERTICES[3 * v + 1], CUBE_VERTICES[3 * v + 2]));
        }
        s.append("4 0 3 2 1\n4 4 5 6 7\n");
        for (int f = 4; f < 12; f++) {
            s.append("3 ").append(CUBE_TRIANGLES[3 * f]).append(' ').append(CUBE_TRIANGLES[3 * f + 1]).append(' ')
                    .append(CUBE_TRIANGLES[3 * f + 2]).append('\n');
        }
        return s.toString();
    }

    /** The cube's vertex and index bytes (little-endian float32 positions, then uint16 indices). */
    private static byte[] cubeBuffer() {
        ByteBuffer b = ByteBuffer.allocate(8 * 12 + 36 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : CUBE_VERTICES) {
            b.putFloat(value);
        }
        for (int index : CUBE_TRIANGLES) {
            b.putShort((short) index);
        }
        return b.array();
    }

    /** glTF JSON for the cube under a node scaled by {@code scale}, its buffer at {@code uri} (null: GLB's BIN chunk). */
    static String gltfJson(String uri, float scale) {
        return "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
                + "\"nodes\":[{\"mesh\":0,\"scale\":[" + scale + "," + scale + "," + scale + "]}],"
                + "\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorFactor\":[1.0,0.5,0.25,1.0]}}],"
                + "\"meshes\":[{\"name\":\"cube\",\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1,\"material\":0}]}],"
                + "\"buffers\":[{" + (uri == null ? "" : "\"uri\":\"" + uri + "\",") + "\"byteLength\":168}],"
                + "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":96},{\"buffer\":0,\"byteOffset\":96,\"byteLength\":72}],"
                + "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":8,\"type\":\"VEC3\","
                + "\"min\":[0,0,0],\"max\":[1,1,1]},{\"bufferView\":1,\"componentType\":5123,\"count\":36,\"type\":\"SCALAR\"}]}";
    }

    static Path gltfEmbedded(Path folder, String name, float scale) throws IOException {
        String uri = "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(cubeBuffer());
        return write(folder, name, gltfJson(uri, scale));
    }

    /** A .gltf whose buffer file sits beside it (written only when {@code writeBuffer}). */
    static Path gltfWithBufferFile(Path folder, String name, boolean writeBuffer) throws IOException {
        if (writeBuffer) {
            Files.write(folder.resolve("cube.bin"), cubeBuffer());
        }
        return write(folder, name, gltfJson("cube.bin", 1f));
    }

    /** A GLB (binary glTF: 12-byte header, JSON chunk, BIN chunk, each 4-byte aligned). */
    static Path glb(Path folder, String name, float scale) throws IOException {
        byte[] json = gltfJson(null, scale).getBytes(StandardCharsets.UTF_8);
        int jsonLength = (json.length + 3) & ~3;
        byte[] bin = cubeBuffer();
        int binLength = (bin.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + jsonLength + 8 + binLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46546C67).putInt(2).putInt(b.capacity());
        b.putInt(jsonLength).putInt(0x4E4F534A).put(json);
        for (int i = json.length; i < jsonLength; i++) {
            b.put((byte) ' ');
        }
        b.putInt(binLength).putInt(0x004E4942).put(bin);
        Path file = folder.resolve(name);
        Files.write(file, b.array());
        return file;
    }
}
