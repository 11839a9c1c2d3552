package io.fluxion.core.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a mesh or 3-D point cloud by file extension: {@code .obj}, {@code .ply}, {@code .gltf},
 * {@code .glb}. Files too large for the heap are refused before a byte is read; a mesh whose
 * triangles all have zero area is refused after reading. Stateless and thread-safe.
 */
public final class MeshFiles {

    /** The extensions read, lower case, with the dot. */
    public static final String[] EXTENSIONS = {".obj", ".ply", ".gltf", ".glb"};

    private MeshFiles() {
    }

    /** @return whether {@code fileName} has one of the {@link #EXTENSIONS} (any case) */
    public static boolean isMeshFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws NoSuchFileException when the file is missing
     * @throws MeshFormatException when it is malformed, empty, of zero area or too large; the
     *                             message names the file and the line or element
     */
    public static TriangleMesh read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MeshFormatException(file + ": " + (Files.isDirectory(file) ? "is a folder"
                    : "is not a regular file (a device or a pipe)") + ", not a mesh");
        }
        checkSize(file, Files.size(file), Runtime.getRuntime().maxMemory());
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        TriangleMesh mesh;
        if (lower.endsWith(".obj")) {
            mesh = ObjMeshReader.read(file);
        } else if (lower.endsWith(".ply")) {
            mesh = PlyMeshReader.read(file);
        } else if (lower.endsWith(".gltf") || lower.endsWith(".glb")) {
            mesh = GltfMeshReader.read(file);
        } else {
            throw new MeshFormatException(file + ": unknown mesh type (expected .obj, .ply, .gltf or .glb)");
        }
        if (mesh.triangleCount() > 0 && !(mesh.area() > 0)) {
            throw new MeshFormatException(file + ": the mesh has zero area (all " + mesh.triangleCount()
                    + " triangles are degenerate)");
        }
        return mesh;
    }

    /**
     * Refuses a file that could not be held: its bytes (which the binary readers hold whole)
     * and the arrays made from them must fit in a quarter of the heap each.
     */
    static void checkSize(Path file, long bytes, long maxHeap) throws MeshFormatException {
        long limit = Math.min(Integer.MAX_VALUE - 16L, maxHeap / 4);
        if (bytes > limit) {
            throw new MeshFormatException(String.format(Locale.ROOT,
                    "%s: %.1f MB, more than this JVM can read (limit %.1f MB, a quarter of the %.0f MB heap); "
                            + "give Java more memory (-Xmx) or decimate the mesh", file, bytes / 1e6, limit / 1e6, maxHeap / 1e6));
        }
    }
}
