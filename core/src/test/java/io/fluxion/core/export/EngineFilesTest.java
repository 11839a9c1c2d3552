package io.fluxion.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxion.core.field.VelocityField;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.path.Schedules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each engine format is read back by a reader written here from the format's public
 * specification (not sharing code with the writer) and compared with the field's formula.
 */
class EngineFilesTest {

    @TempDir
    Path folder;

    /** v(x, t) = (x + t, 2y, −3z) in model coordinates. */
    static final class KnownField implements VelocityField {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public void evaluate(float[] x, int n, float t, float[] out) {
            for (int i = 0; i < n; i++) {
                out[3 * i] = x[3 * i] + t;
                out[3 * i + 1] = 2 * x[3 * i + 1];
                out[3 * i + 2] = -3 * x[3 * i + 2];
            }
        }

        @Override
        public void evaluate(float[] x, int n, float[] t, float[] out) {
            throw new UnsupportedOperationException();
        }
    }

    private static final float[] MEAN = {1f, 2f, 3f};
    private static final float SCALE = 2f;

    private static Model model() {
        return new Model("known", new KnownField(), Schedules.condOt(0), new Normalization(MEAN, SCALE), Map.of());
    }

    /** The expected data-coordinate velocity at data point p: scale · v((p − mean) / scale). */
    private static float[] expected(float x, float y, float z, float t) {
        float mx = (x - MEAN[0]) / SCALE;
        float my = (y - MEAN[1]) / SCALE;
        float mz = (z - MEAN[2]) / SCALE;
        return new float[] {SCALE * (mx + t), SCALE * 2 * my, SCALE * -3 * mz};
    }

    private static final float[] MIN = {-1f, 0f, 2f};
    private static final float[] MAX = {3f, 4f, 5f};
    private static final int R = 5;

    private static float coordinate(int axis, int index) {
        return MIN[axis] + (MAX[axis] - MIN[axis]) * index / (R - 1);
    }

    @Test
    void fgaReadsBackAsUnrealCoordinates() throws IOException {
        Path file = folder.resolve("field.fga");
        EngineFiles.writeFga(VelocityGrid.sample(model(), 0.5, R, MIN, MAX), file);
        // FGA: comma-separated values; 3 header vectors (size, min, max), then X fastest, Y, Z
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertEquals(3 + R * R * R, lines.size());
        float[] all = new float[3 * lines.size()];
        int k = 0;
        for (String line : lines) {
            for (String value : line.split(",")) {
                if (!value.isBlank()) {
                    all[k++] = Float.parseFloat(value.strip());
                }
            }
        }
        assertEquals(all.length, k);
        assertArrayEquals(new float[] {R, R, R}, new float[] {all[0], all[1], all[2]});
        // Unreal (X, Y, Z) = Fluxion (x, z, y)
        assertArrayEquals(new float[] {MIN[0], MIN[2], MIN[1], MAX[0], MAX[2], MAX[1]},
                new float[] {all[3], all[4], all[5], all[6], all[7], all[8]});
        int at = 9;
        for (int uz = 0; uz < R; uz++) {
            for (int uy = 0; uy < R; uy++) {
                for (int ux = 0; ux < R; ux++) {
                    float[] v = expected(coordinate(0, ux), coordinate(1, uz), coordinate(2, uy), 0.5f);
                    assertEquals(v[0], all[at++], 1e-4f);
                    assertEquals(v[2], all[at++], 1e-4f);
                    assertEquals(v[1], all[at++], 1e-4f);
                }
            }
        }
    }

    @Test
    void vfReadsBackAsUnityCoordinates() throws IOException {
        Path file = folder.resolve("field.vf");
        EngineFiles.writeVectorField(VelocityGrid.sample(model(), 0.25, R, MIN, MAX), file);
        // Volume File v1: "VF_V", ushort X, Y, Z (little-endian), then float3 per voxel, X fastest, Y, Z
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] fourCc = new byte[4];
        in.get(fourCc);
        assertEquals("VF_V", new String(fourCc, StandardCharsets.US_ASCII));
        assertEquals(R, Short.toUnsignedInt(in.getShort()));
        assertEquals(R, Short.toUnsignedInt(in.getShort()));
        assertEquals(R, Short.toUnsignedInt(in.getShort()));
        assertEquals(10 + 12 * R * R * R, in.capacity());
        for (int uz = 0; uz < R; uz++) {
            for (int uy = 0; uy < R; uy++) {
                for (int ux = 0; ux < R; ux++) {
                    // Unity z = −Fluxion z: Unity's first slice is Fluxion's last
                    float[] v = expected(coordinate(0, ux), coordinate(1, uy), coordinate(2, R - 1 - uz), 0.25f);
                    assertEquals(v[0], in.getFloat(), 1e-5f);
                    assertEquals(v[1], in.getFloat(), 1e-5f);
                    assertEquals(-v[2], in.getFloat(), 1e-5f);
                }
            }
        }
    }

    @Test
    void npyHoldsTheGridInFluxionCoordinates() throws IOException {
        Path file = folder.resolve("field.npy");
        EngineFiles.writeNpy(VelocityGrid.sample(model(), 1.0, R, MIN, MAX), file);
        NpyArray array = Npy.read(file);
        assertArrayEquals(new int[] {R, R, R, 3}, array.shape());
        float[] v = expected(coordinate(0, 1), coordinate(1, 2), coordinate(2, 3), 1f);
        int at = 3 * ((3 * R + 2) * R + 1);
        assertArrayEquals(v, new float[] {array.data()[at], array.data()[at + 1], array.data()[at + 2]}, 1e-5f);
    }

    @Test
    void pointCacheReadsBackWithItsHeader() throws IOException {
        Path file = folder.resolve("points.pCache");
        float[] positions = {1, 2, 3, -4, 5, -6};
        float[] colours = {1, 0, 0, 0, 0.5f, 1};
        EngineFiles.writePointCache(positions, colours, 2, file);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int end = text.indexOf("end_header\n") + "end_header\n".length();
        String[] header = text.substring(0, end).split("\n");
        assertEquals("pcache", header[0]);
        assertEquals("format binary 1.0", header[1]);
        int elements = -1;
        List<String> properties = new java.util.ArrayList<>();
        for (String line : header) {
            String[] tokens = line.split(" ");
            if (tokens[0].equals("elements")) {
                elements = Integer.parseInt(tokens[1]);
            } else if (tokens[0].equals("property")) {
                assertEquals("float", tokens[1]);
                properties.add(tokens[2]);
            }
        }
        assertEquals(2, elements);
        assertEquals(List.of("position.x", "position.y", "position.z", "color.r", "color.g", "color.b", "color.a"), properties);
        ByteBuffer in = ByteBuffer.wrap(bytes, end, bytes.length - end).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2 * 7 * 4, in.remaining());
        for (int i = 0; i < 2; i++) {
            assertEquals(positions[3 * i], in.getFloat());
            assertEquals(positions[3 * i + 1], in.getFloat());
            assertEquals(-positions[3 * i + 2], in.getFloat()); // left-handed
            assertEquals(colours[3 * i], in.getFloat());
            assertEquals(colours[3 * i + 1], in.getFloat());
            assertEquals(colours[3 * i + 2], in.getFloat());
            assertEquals(1f, in.getFloat());
        }
    }

    @Test
    void gridsRefuseModelsThatAreNot3dAndBadBoxes() {
        assertThrows(IllegalArgumentException.class, () -> VelocityGrid.sample(model(), 1.5, R, MIN, MAX));
        assertThrows(IllegalArgumentException.class, () -> VelocityGrid.sample(model(), 0.5, R, MAX, MIN));
        assertThrows(IllegalArgumentException.class, () -> VelocityGrid.sample(model(), 0.5, 1, MIN, MAX));
    }
}
