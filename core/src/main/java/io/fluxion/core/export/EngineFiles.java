package io.fluxion.core.export;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes velocity grids and point samples in the formats game engines read, each atomically
 * (a reader never sees half a file). Fluxion's coordinates are right-handed with y up; each
 * format's own convention is applied on the way out:
 *
 * <ul>
 *   <li><b>Unreal FGA</b> (Fluid Grid ASCII, read by Cascade's and Niagara's vector-field import):
 *       text lines of comma-terminated values: the grid size (X, Y, Z), the box's minimum and
 *       maximum corners, then one velocity per line, X fastest, then Y, then Z. Unreal is
 *       left-handed with Z up, so Unreal (X, Y, Z) = Fluxion (x, z, y).</li>
 *   <li><b>Unity {@code .vf}</b> (the Volume File format VFX Graph imports, version 1:
 *       FourCC {@code VF_V}, three little-endian {@code ushort} sizes, then float32 (x, y, z)
 *       vectors, X fastest, then Y, then Z). The file holds no bounds: the printed box is what
 *       the Vector Field block's transform should span. Unity is left-handed with y up, so Unity
 *       (x, y, z) = Fluxion (x, y, −z), and the grid's z order is reversed.</li>
 *   <li><b>Unity VFX Graph point cache {@code .pCache}</b> (format binary 1.0, little-endian:
 *       {@code position.x/y/z} and {@code color.r/g/b/a} floats per point), left-handed y up as
 *       for {@code .vf}.</li>
 *   <li><b>NumPy {@code .npy}</b>: the grid in Fluxion's own coordinates, float32 of shape
 *       [z, y, x, 3].</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class EngineFiles {

    private EngineFiles() {
    }

    /** Unreal's FGA vector field. */
    public static void writeFga(VelocityGrid grid, Path file) throws IOException {
        int r = grid.resolution();
        float[] min = grid.min();
        float[] max = grid.max();
        AtomicFiles.write(file, out -> {
            StringBuilder line = new StringBuilder(64);
            write(out, line, r, r, r);
            write(out, line, min[0], min[2], min[1]);
            write(out, line, max[0], max[2], max[1]);
            // Unreal X = x (index i), Y = z (index k), Z = y (index j); X fastest, then Y, then Z
            for (int j = 0; j < r; j++) {
                for (int k = 0; k < r; k++) {
                    for (int i = 0; i < r; i++) {
                        write(out, line, grid.at(i, j, k, 0), grid.at(i, j, k, 2), grid.at(i, j, k, 1));
                    }
                }
            }
        });
    }

    private static void write(OutputStream out, StringBuilder line, float a, float b, float c) throws IOException {
        line.setLength(0);
        line.append(text(a)).append(',').append(text(b)).append(',').append(text(c)).append(",\n");
        out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(float value) {
        return value == (int) value ? Integer.toString((int) value) : String.format(Locale.ROOT, "%.7g", value);
    }

    /** Unity's {@code .vf} volume file, version 1, vectors ({@code VF_V}). */
    public static void writeVectorField(VelocityGrid grid, Path file) throws IOException {
        int r = grid.resolution();
        AtomicFiles.write(file, out -> {
            ByteBuffer header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            header.put("VF_V".getBytes(StandardCharsets.US_ASCII)).putShort((short) r).putShort((short) r).putShort((short) r);
            out.write(header.array());
            ByteBuffer row = ByteBuffer.allocate(12 * r).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < r; k++) {
                int z = r - 1 - k; // Unity's z runs against Fluxion's
                for (int y = 0; y < r; y++) {
                    row.clear();
                    for (int x = 0; x < r; x++) {
                        row.putFloat(grid.at(x, y, z, 0)).putFloat(grid.at(x, y, z, 1)).putFloat(-grid.at(x, y, z, 2));
                    }
                    out.write(row.array());
                }
            }
        });
    }

    /** The grid as a float32 {@code .npy} of shape [z, y, x, 3], Fluxion's coordinates. */
    public static void writeNpy(VelocityGrid grid, Path file) throws IOException {
        int r = grid.resolution();
        NpyArray array = NpyArray.of(grid.values(), r, r, r, 3);
        AtomicFiles.write(file, out -> Npy.write(array, out));
    }

    /**
     * A VFX Graph point cache of 3-D points with colours.
     *
     * @param positions [n, 3] in Fluxion's coordinates
     * @param colours   [n, 3] in [0, 1]; written with alpha 1
     */
    public static void writePointCache(float[] positions, float[] colours, int n, Path file) throws IOException {
        if (n < 1 || positions.length < 3L * n || colours.length < 3L * n) {
            throw new IllegalArgumentException("point cache: need n >= 1 and [n, 3] positions and colours");
        }
        String header = "pcache\nformat binary 1.0\ncomment written by Fluxion: left-handed, y up\nelements " + n + "\n"
                + "property float position.x\nproperty float position.y\nproperty float position.z\n"
                + "property float color.r\nproperty float color.g\nproperty float color.b\nproperty float color.a\n"
                + "end_header\n";
        AtomicFiles.write(file, out -> {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer point = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                point.clear();
                point.putFloat(positions[3 * i]).putFloat(positions[3 * i + 1]).putFloat(-positions[3 * i + 2]);
                point.putFloat(colours[3 * i]).putFloat(colours[3 * i + 1]).putFloat(colours[3 * i + 2]).putFloat(1f);
                out.write(point.array());
            }
        });
    }
}
