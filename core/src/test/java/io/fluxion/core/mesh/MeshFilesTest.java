package io.fluxion.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshFilesTest {

    @TempDir
    Path folder;

    private String failure(Path file) {
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> MeshFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path obj(String text) throws IOException {
        return MeshFixtures.write(folder, "m.obj", text);
    }

    @Test
    void objReadsPolygonsOfAnyVertexCountNegativeIndicesAndCornerForms() throws IOException {
        TriangleMesh mesh = MeshFiles.read(obj("""
                # a cube written four ways
                mtllib none.mtl
                o cube
                v 0 0 0
                v 1 0 0
                v 1 1 0
                v 0 1 0
                vt 0 0
                vn 0 0 1
                g bottom
                f 1/1/1 4/1/1 3/1/1 2/1/1
                v 0 0 1
                v 1 0 1
                v 1 1 1
                v 0 1 1
                g top
                f -4//1 -3//1 -2//1 -1//1
                s off
                f 1/1 2/1 6/1
                f 1 6 5
                f 4 8 7 \\
                  3
                f 1 5 8 4
                f 2 3 7 6
                """));
        assertEquals(8, mesh.vertexCount());
        assertEquals(12, mesh.triangleCount());
        assertEquals(6.0, mesh.area(), 1e-6);
        assertNull(mesh.vertexColours());
        assertTrue(!mesh.hasColours());
        assertArrayEquals(new int[] {4, 5, 6, 4, 6, 7}, java.util.Arrays.copyOfRange(mesh.triangles(), 6, 12));
    }

    @Test
    void objKeepsVertexColoursAndMaterialColours() throws IOException {
        TriangleMesh coloured = MeshFiles.read(obj("v 0 0 0 1 0 0\nv 1 0 0 0 1 0\nv 0 1 0 0 0 1\nf 1 2 3\n"));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, coloured.vertexColours());

        MeshFixtures.write(folder, "m.mtl", "newmtl red\nKd 1 0 0\nnewmtl blue\nKd 0 0 1\n");
        TriangleMesh materials = MeshFiles.read(obj(
                "mtllib m.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nusemtl red\nf 1 2 3\nusemtl blue\nf 2 4 3\n"));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, materials.triangleColours());
    }

    @Test
    void objRefusesBadIndicesCoordinatesAndFaces() throws IOException {
        assertTrue(failure(obj("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 2 3\n")).contains("m.obj:4: vertex index 0"));
        assertTrue(failure(obj("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n")).contains("m.obj:4: vertex index 9 out of range (the file has 3"));
        assertTrue(failure(obj("v 0 0 0\nv 1 0 0\nf 1 2 -5\n")).contains("m.obj:3: relative vertex index -5"));
        assertTrue(failure(obj("v 0 0 0\nv 1 x 0\n")).contains("m.obj:2: coordinate 2 is not a number: 'x'"));
        assertTrue(failure(obj("v 0 0 NaN\n")).contains("m.obj:1: coordinate 3 is not finite"));
        assertTrue(failure(obj("v 0 0 Infinity\n")).contains("not finite"));
        assertTrue(failure(obj("v 0 0 0\nv 1 0 0\nf 1 2\n")).contains("m.obj:3: a face with 2 vertices"));
        assertTrue(failure(obj("v 0 0\n")).contains("m.obj:1: a vertex needs x y z"));
        assertTrue(failure(obj("# nothing\n")).contains("no vertices"));
        assertTrue(failure(obj("v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n")).contains("zero area"));
    }

    @Test
    void plyReadsAsciiAndBinaryOfBothByteOrdersWithColours() throws IOException {
        TriangleMesh ascii = MeshFiles.read(MeshFixtures.write(folder, "a.ply", MeshFixtures.asciiPlyCube()));
        assertEquals(8, ascii.vertexCount());
        assertEquals(12, ascii.triangleCount());
        assertEquals(6.0, ascii.area(), 1e-6);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            TriangleMesh binary = MeshFiles.read(MeshFixtures.binaryPlyCube(folder, "b.ply", order, 12, 0));
            assertArrayEquals(MeshFixtures.CUBE_VERTICES, binary.vertices(), order.toString());
            assertArrayEquals(MeshFixtures.CUBE_TRIANGLES, binary.triangles(), order.toString());
            float[] colours = binary.vertexColours();
            assertNotNull(colours);
            assertEquals(1f, colours[0], 1e-6);
            assertEquals(210 / 255f, colours[3 * 7 + 1], 1e-6);
        }
        TriangleMesh cloud = MeshFiles.read(MeshFixtures.write(folder, "c.ply",
                "ply\nformat ascii 1.0\nelement vertex 3\nproperty double x\nproperty double y\nproperty double z\nend_header\n"
                        + "0 0 0\n1 2 3\n-1 -2 -3\n"));
        assertEquals(0, cloud.triangleCount());
        assertEquals(3, cloud.vertexCount());
    }

    @Test
    void plyRefusesHeadersThatClaimMoreThanTheFileHoldsAndTruncatedBodies() throws IOException {
        String claimed = failure(MeshFixtures.binaryPlyCube(folder, "big.ply", ByteOrder.LITTLE_ENDIAN, 2_000_000_000, 0));
        assertTrue(claimed.contains("claims 2000000000 face elements"), claimed);
        String truncated = failure(MeshFixtures.binaryPlyCube(folder, "cut.ply", ByteOrder.BIG_ENDIAN, 12, 7));
        assertTrue(truncated.contains("face 11 of 12: the file is truncated"), truncated);
        String ascii = MeshFixtures.asciiPlyCube();
        assertTrue(failure(MeshFixtures.write(folder, "few.ply", ascii.replace("element face 10", "element face 11")))
                .contains("claims 11 face elements but only 10 lines remain"));
        assertTrue(failure(MeshFixtures.write(folder, "idx.ply", ascii.replace("3 0 1 5\n", "3 0 1 8\n")))
                .contains("vertex index 8 out of range (8 vertices"));
        assertTrue(failure(MeshFixtures.write(folder, "nan.ply", ascii.replaceFirst("1.0 0.0 0.0", "1.0 NaN 0.0")))
                .contains("nan.ply:11: vertex 1: coordinate y is not finite"));
        assertTrue(failure(MeshFixtures.write(folder, "word.ply", ascii.replaceFirst("1.0 0.0 0.0", "1.0 zero 0.0")))
                .contains("word.ply:11: vertex 1: 'zero' is not a float32"));
        assertTrue(failure(MeshFixtures.write(folder, "two.ply", ascii.replace("3 0 1 5\n", "2 0 1\n")))
                .contains("a face with 2 vertices"));
        assertTrue(failure(MeshFixtures.write(folder, "hdr.ply", "ply\nformat ascii 1.0\nelement vertex 1\nend_header\n0 0 0\n"))
                .contains("needs properties x, y and z"));
        assertTrue(failure(MeshFixtures.write(folder, "not.ply", "solid cube\n")).contains("not a PLY file"));
    }

    @Test
    void gltfAndGlbApplyNodeTransformsAndMaterialColour() throws IOException {
        for (Path file : new Path[] {MeshFixtures.gltfEmbedded(folder, "e.gltf", 2f), MeshFixtures.glb(folder, "b.glb", 2f)}) {
            TriangleMesh mesh = MeshFiles.read(file);
            assertEquals(8, mesh.vertexCount(), file.toString());
            assertEquals(12, mesh.triangleCount(), file.toString());
            assertEquals(24.0, mesh.area(), 1e-5, file.toString()); // scaled by 2: 6 · 4
            float[] colours = mesh.vertexColours();
            assertArrayEquals(new float[] {1f, 0.5f, 0.25f}, java.util.Arrays.copyOf(colours, 3), 1e-6f);
        }
        TriangleMesh external = MeshFiles.read(MeshFixtures.gltfWithBufferFile(folder, "x.gltf", true));
        assertEquals(6.0, external.area(), 1e-6);
    }

    @Test
    void gltfWithAMissingBufferIsRefused() throws IOException {
        String message = failure(MeshFixtures.gltfWithBufferFile(folder, "lost.gltf", false));
        assertTrue(message.contains("cube.bin"), message);
        assertTrue(failure(MeshFixtures.write(folder, "junk.glb", "not a glb at all")).contains("junk.glb"));
    }

    @Test
    void missingAndOversizedFilesAreRefusedBeforeReading() throws IOException {
        assertThrows(NoSuchFileException.class, () -> MeshFiles.read(folder.resolve("none.obj")));
        Path file = obj("v 0 0 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class,
                () -> MeshFiles.checkSize(file, 3_000_000_000L, 1L << 30));
        assertTrue(e.getMessage().contains("3000.0 MB, more than this JVM can read"), e.getMessage());
        MeshFiles.checkSize(file, Files.size(file), 1L << 30);
    }
}
