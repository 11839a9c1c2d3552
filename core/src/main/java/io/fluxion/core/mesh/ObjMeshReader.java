package io.fluxion.core.mesh;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Wavefront OBJ: {@code v x y z [w]} and {@code v x y z r g b} (vertex colours), faces
 * {@code f} of any vertex count in the {@code v}, {@code v/vt}, {@code v/vt/vn} and
 * {@code v//vn} forms with positive or negative (relative) indices, fan-triangulated (faces are
 * taken as convex, as exporters write them); {@code mtllib}/{@code usemtl} give faces their
 * material's diffuse colour {@code Kd}. Groups, objects, smoothing, texture coordinates,
 * normals, lines and points are accepted and not used. Line continuations ({@code \}) are
 * joined.
 */
final class ObjMeshReader {

    private ObjMeshReader() {
    }

    static TriangleMesh read(Path file) throws IOException {
        Growable.Floats vertices = new Growable.Floats();
        Growable.Floats colours = new Growable.Floats();
        Growable.Ints triangles = new Growable.Ints();
        Growable.Floats faceColours = new Growable.Floats();
        Map<String, float[]> materials = new HashMap<>();
        float[] material = null;
        boolean anyVertexColour = false;
        boolean anyMaterial = false;
        int forwardLine = 0; // first line with an index beyond the vertices read so far
        int forwardIndex = 0;
        int[] corners = new int[16];
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                int first = lineNumber;
                while (line.endsWith("\\")) {
                    String next = reader.readLine();
                    if (next == null) {
                        break;
                    }
                    lineNumber++;
                    line = line.substring(0, line.length() - 1) + " " + next;
                }
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] tokens = content.split("\\s+");
                String where = file + ":" + first;
                switch (tokens[0]) {
                    case "v" -> {
                        int values = tokens.length - 1;
                        if (values != 3 && values != 4 && values != 6 && values != 7) {
                            throw new MeshFormatException(where + ": a vertex needs x y z (optionally w, or r g b), found "
                                    + values + " values");
                        }
                        for (int c = 1; c <= 3; c++) {
                            vertices.add(number(tokens[c], where, "coordinate " + c));
                        }
                        if (values >= 6) {
                            int from = values == 6 ? 4 : 5;
                            if (!anyVertexColour) {
                                for (int i = colours.size(); i < vertices.size() - 3; i++) {
                                    colours.add(1f);
                                }
                                anyVertexColour = true;
                            }
                            for (int c = from; c < from + 3; c++) {
                                colours.add(clamp01(number(tokens[c], where, "colour " + (c - from + 1))));
                            }
                        } else if (anyVertexColour) {
                            colours.add(1f, 1f, 1f);
                        }
                    }
                    case "f" -> {
                        int count = tokens.length - 1;
                        if (count < 3) {
                            throw new MeshFormatException(where + ": a face with " + count + " vert"
                                    + (count == 1 ? "ex" : "ices") + " (a face needs at least 3)");
                        }
                        if (corners.length < count) {
                            corners = new int[count];
                        }
                        int known = vertices.size() / 3;
                        for (int k = 0; k < count; k++) {
                            int index = index(tokens[k + 1], known, where);
                            if (index >= known && forwardLine == 0) {
                                forwardLine = first;
                                forwardIndex = index;
                            }
                            corners[k] = index;
                        }
                        for (int k = 1; k + 1 < count; k++) {
                            triangles.add(corners[0]);
                            triangles.add(corners[k]);
                            triangles.add(corners[k + 1]);
                            float[] c = material == null ? WHITE : material;
                            faceColours.add(c[0], c[1], c[2]);
                        }
                    }
                    case "mtllib" -> {
                        for (int k = 1; k < tokens.length; k++) {
                            readMaterials(file, tokens[k], materials);
                        }
                    }
                    case "usemtl" -> {
                        material = tokens.length > 1 ? materials.get(tokens[1]) : null;
                        anyMaterial |= material != null;
                    }
                    default -> {
                        // vt, vn, vp, g, o, s, l, p and the free-form keywords: not needed for sampling
                    }
                }
            }
        } catch (MalformedInputException e) {
            throw new MeshFormatException(file + ":" + (lineNumber + 1) + ": not UTF-8 text (is it an OBJ file?)", e);
        }
        int vertexCount = vertices.size() / 3;
        if (vertexCount == 0) {
            throw new MeshFormatException(file + ": no vertices");
        }
        if (forwardLine > 0) {
            // indices past the vertices read so far are legal only if the rest of the file defines them
            int[] t = triangles.toArray();
            for (int index : t) {
                if (index >= vertexCount) {
                    throw new MeshFormatException(file + ":" + forwardLine + ": vertex index " + (forwardIndex + 1)
                            + " out of range (the file has " + vertexCount + " vertices)");
                }
            }
        }
        return new TriangleMesh(file.getFileName().toString(), vertices.toArray(), triangles.toArray(),
                anyVertexColour ? colours.toArray() : null, anyMaterial ? faceColours.toArray() : null);
    }

    private static final float[] WHITE = {1f, 1f, 1f};

    /** One face corner {@code v}, {@code v/vt}, {@code v/vt/vn} or {@code v//vn} to a 0-based vertex index. */
    private static int index(String corner, int known, String where) throws MeshFormatException {
        int slash = corner.indexOf('/');
        String text = slash >= 0 ? corner.substring(0, slash) : corner;
        int index;
        try {
            index = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new MeshFormatException(where + ": face corner '" + corner + "' is not a vertex index");
        }
        if (index == 0) {
            throw new MeshFormatException(where + ": vertex index 0 (OBJ indices start at 1)");
        }
        if (index < 0) {
            int resolved = known + index;
            if (resolved < 0) {
                throw new MeshFormatException(where + ": relative vertex index " + index + " reaches before the first vertex ("
                        + known + " read so far)");
            }
            return resolved;
        }
        return index - 1;
    }

    private static float number(String token, String where, String what) throws MeshFormatException {
        float value;
        try {
            value = Float.parseFloat(token);
        } catch (NumberFormatException e) {
            throw new MeshFormatException(where + ": " + what + " is not a number: '" + token + "'");
        }
        if (!Float.isFinite(value)) {
            throw new MeshFormatException(where + ": " + what + " is not finite: '" + token + "'");
        }
        return value;
    }

    private static float clamp01(float value) {
        return Math.max(0f, Math.min(1f, value));
    }

    /** Reads the {@code Kd} of each {@code newmtl} in a material library beside the OBJ file. */
    private static void readMaterials(Path objFile, String name, Map<String, float[]> materials) throws IOException {
        Path folder = objFile.toAbsolutePath().getParent();
        Path library = folder.resolve(name).normalize();
        if (!library.startsWith(folder) || !Files.isRegularFile(library)) {
            LoggerFactory.getLogger(ObjMeshReader.class).warn("{}: material library {} not found beside it; faces drawn without its colours",
                    objFile, name);
            return;
        }
        MeshFiles.checkSize(library, Files.size(library), Runtime.getRuntime().maxMemory());
        String current = null;
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(library, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] tokens = line.strip().split("\\s+");
                if (tokens[0].equals("newmtl") && tokens.length > 1) {
                    current = tokens[1];
                } else if (tokens[0].equals("Kd") && current != null) {
                    if (tokens.length < 4) {
                        throw new MeshFormatException(library + ":" + lineNumber + ": Kd needs r g b");
                    }
                    String where = library + ":" + lineNumber;
                    materials.put(current, new float[] {clamp01(number(tokens[1], where, "red")),
                            clamp01(number(tokens[2], where, "green")), clamp01(number(tokens[3], where, "blue"))});
                }
            }
        } catch (MalformedInputException e) {
            throw new MeshFormatException(library + ":" + (lineNumber + 1) + ": not UTF-8 text", e);
        }
    }
}
