package io.fluxion.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshDataTest {

    @TempDir
    Path folder;

    private static final String CUBE = """
            v 0 0 0
            v 1 0 0
            v 1 1 0
            v 0 1 0
            v 0 0 1
            v 1 0 1
            v 1 1 1
            v 0 1 1
            f 1 4 3 2
            f 5 6 7 8
            f 1 2 6 5
            f 4 8 7 3
            f 1 5 8 4
            f 2 3 7 6
            """;

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void surfacePointsAreAreaWeightedAndOnTheSurface() throws IOException {
        // two triangles in the plane z = 0, the second 3 times the area of the first
        PointSource source = Datasets.byName(write("two.obj",
                "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 2 0 0\nv 5 0 0\nv 2 1 0\nf 1 2 3\nf 4 5 6\n").toString());
        assertEquals(3, source.dimension());
        int n = 40_000;
        float[] points = source.sample(n, 1);
        int inFirst = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(0f, points[3 * i + 2]);
            float x = points[3 * i];
            float y = points[3 * i + 1];
            if (x < 1.0001f) {
                assertTrue(x >= 0 && y >= 0 && x + y <= 1.0001f);
                inFirst++;
            }
        }
        assertEquals(0.25, inFirst / (double) n, 0.01);
    }

    @Test
    void cubeSurfaceHasEveryFaceEquallyAndVolumeFillsTheInside() throws IOException {
        Path cube = write("cube.obj", CUBE);
        float[] surface = Datasets.mesh(cube).sample(60_000, 2);
        int[] faces = new int[6];
        for (int i = 0; i < 60_000; i++) {
            for (int axis = 0; axis < 3; axis++) {
                float value = surface[3 * i + axis];
                if (value < 1e-5f) {
                    faces[2 * axis]++;
                } else if (value > 1 - 1e-5f) {
                    faces[2 * axis + 1]++;
                }
            }
        }
        for (int count : faces) {
            assertEquals(10_000, count, 400);
        }
        float[] inside = Datasets.mesh(cube, MeshFill.VOLUME).sample(40_000, 3);
        double mean = 0;
        int lowerHalf = 0;
        for (int i = 0; i < inside.length; i++) {
            assertTrue(inside[i] >= 0f && inside[i] <= 1f, "inside the cube");
            mean += inside[i];
            lowerHalf += inside[i] < 0.5f ? 1 : 0;
        }
        assertEquals(0.5, mean / inside.length, 0.01);
        assertEquals(0.5, lowerHalf / (double) inside.length, 0.01);
    }

    @Test
    void volumeOfAnOpenMeshIsRefusedAndAPointCloudGivesItsVertices() throws IOException {
        Path open = write("open.obj", CUBE.replace("f 2 3 7 6\n", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.mesh(open, MeshFill.VOLUME));
        assertTrue(e.getMessage().contains("needs a closed mesh"), e.getMessage());
        PointSource cloud = Datasets.byName(write("cloud.ply", "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\n"
                + "property float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n"
                + "1 2 3 255 0 0\n4 5 6 0 255 0\n").toString());
        assertTrue(cloud.hasColours());
        float[] colours = new float[6];
        float[] points = new float[6];
        cloud.sample(points, colours, 2, new SplittableRandom(4));
        for (int i = 0; i < 2; i++) {
            boolean first = points[3 * i] == 1f;
            assertEquals(first ? 1f : 0f, colours[3 * i]);
            assertEquals(first ? 2f : 5f, points[3 * i + 1]);
        }
    }

    @Test
    void threeDimensionalSetsHaveTheirShapes() {
        for (String name : new String[] {"torus-knot", "shell", "galaxy", "helix", "text3d:GO"}) {
            assertEquals(3, assertDoesNotThrow(name).dimension(), name);
        }
        float[] shell = Datasets.shell().sample(5000, 5);
        for (int i = 0; i < 5000; i++) {
            double r = Math.sqrt(shell[3 * i] * shell[3 * i] + shell[3 * i + 1] * shell[3 * i + 1] + shell[3 * i + 2] * shell[3 * i + 2]);
            assertEquals(2.0, r, 0.25);
        }
        float[] helix = Datasets.helix().sample(5000, 6);
        for (int i = 0; i < 5000; i++) {
            double r = Math.hypot(helix[3 * i], helix[3 * i + 2]);
            assertEquals(1.0, r, 0.3);
            assertTrue(Math.abs(helix[3 * i + 1]) < 2.3);
        }
        float[] text = Datasets.text3d("GO").sample(5000, 7);
        for (int i = 0; i < 5000; i++) {
            assertTrue(Math.abs(text[3 * i + 2]) <= 0.25f);
        }
    }

    private static PointSource assertDoesNotThrow(String name) {
        try {
            return Datasets.byName(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
