package io.fluxion.core.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.javagl.jgltf.model.AccessorByteData;
import de.javagl.jgltf.model.AccessorData;
import de.javagl.jgltf.model.AccessorFloatData;
import de.javagl.jgltf.model.AccessorIntData;
import de.javagl.jgltf.model.AccessorModel;
import de.javagl.jgltf.model.AccessorShortData;
import de.javagl.jgltf.model.BufferModel;
import de.javagl.jgltf.model.GltfModel;
import de.javagl.jgltf.model.MeshModel;
import de.javagl.jgltf.model.MeshPrimitiveModel;
import de.javagl.jgltf.model.NodeModel;
import de.javagl.jgltf.model.SceneModel;
import de.javagl.jgltf.model.io.GltfModelReader;
import de.javagl.jgltf.model.v2.MaterialModelV2;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * glTF 2.0 ({@code .gltf} with its buffers beside it or in data URIs, and binary {@code .glb}),
 * read by jgltf-model. The default scene (else the first, else every root node) is walked with
 * each node's global transform applied; triangle, strip and fan primitives are kept
 * ({@code POINTS} primitives add their vertices as points), lines are skipped. Colours come from
 * {@code COLOR_0} (float or normalised integers, RGB or RGBA) or the material's
 * {@code baseColorFactor}; textures are not sampled.
 */
final class GltfMeshReader {

    private static final int POINTS = 0;
    private static final int TRIANGLES = 4;
    private static final int TRIANGLE_STRIP = 5;
    private static final int TRIANGLE_FAN = 6;

    private GltfMeshReader() {
    }

    static TriangleMesh read(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gltf")) {
            checkBufferFiles(file);
        }
        GltfModel model;
        List<String> jsonErrors = new ArrayList<>();
        try {
            GltfModelReader reader = new GltfModelReader();
            reader.setJsonErrorConsumer(error -> jsonErrors.add(error.getMessage()));
            model = reader.read(file);
        } catch (IOException | RuntimeException e) {
            throw new MeshFormatException(file + ": not a readable glTF 2.0 file: " + oneLine(e), e);
        }
        if (!jsonErrors.isEmpty()) {
            throw new MeshFormatException(file + ": not a valid glTF file: " + jsonErrors.get(0));
        }
        List<BufferModel> buffers = model.getBufferModels();
        for (int b = 0; b < buffers.size(); b++) {
            BufferModel buffer = buffers.get(b);
            if (buffer.getBufferData() == null) {
                throw new MeshFormatException(file + ": buffer " + b + (buffer.getUri() == null ? "" : " ('" + buffer.getUri() + "')")
                        + " is missing");
            }
        }
        Parts parts = new Parts(file);
        for (NodeModel node : roots(model)) {
            walk(node, parts, 0);
        }
        if (parts.vertices.size() == 0) {
            throw new MeshFormatException(file + ": no triangles or points in the scene");
        }
        return new TriangleMesh(file.getFileName().toString(), parts.vertices.toArray(), parts.triangles.toArray(),
                parts.anyColour ? parts.colours.toArray() : null, null);
    }

    /**
     * Names a buffer whose file is missing before jgltf-model reads the file (it would fail later
     * with a message about a buffer view, not naming the file).
     */
    private static void checkBufferFiles(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MeshFormatException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", e);
        }
        JsonNode buffers = root == null ? null : root.get("buffers");
        if (buffers == null || !buffers.isArray()) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        for (int b = 0; b < buffers.size(); b++) {
            JsonNode uri = buffers.get(b).get("uri");
            if (uri == null || !uri.isTextual() || uri.asText().startsWith("data:")) {
                continue;
            }
            String text = uri.asText();
            Path buffer;
            try {
                buffer = folder.resolve(URLDecoder.decode(text, StandardCharsets.UTF_8)).normalize();
            } catch (InvalidPathException e) {
                throw new MeshFormatException(file + ": buffer " + b + " ('" + text + "') is not a file name");
            }
            if (!Files.isRegularFile(buffer)) {
                throw new MeshFormatException(file + ": buffer " + b + " ('" + text + "') is missing: no such file beside it");
            }
        }
    }

    private static List<NodeModel> roots(GltfModel model) {
        List<SceneModel> scenes = model.getSceneModels();
        if (!scenes.isEmpty()) {
            return scenes.get(0).getNodeModels();
        }
        List<NodeModel> roots = new ArrayList<>();
        for (NodeModel node : model.getNodeModels()) {
            if (node.getParent() == null) {
                roots.add(node);
            }
        }
        return roots;
    }

    private static void walk(NodeModel node, Parts parts, int depth) throws MeshFormatException {
        if (depth > 256) {
            throw new MeshFormatException(parts.file + ": the node hierarchy is deeper than 256");
        }
        float[] transform = node.computeGlobalTransform(null);
        for (MeshModel mesh : node.getMeshModels()) {
            List<MeshPrimitiveModel> primitives = mesh.getMeshPrimitiveModels();
            for (int p = 0; p < primitives.size(); p++) {
                add(primitives.get(p), transform, parts, "mesh '" + mesh.getName() + "' primitive " + p);
            }
        }
        for (NodeModel child : node.getChildren()) {
            walk(child, parts, depth + 1);
        }
    }

    /** The vertices, triangles and colours gathered from every primitive. */
    private static final class Parts {
        final Path file;
        final Growable.Floats vertices = new Growable.Floats();
        final Growable.Floats colours = new Growable.Floats();
        final Growable.Ints triangles = new Growable.Ints();
        boolean anyColour;

        Parts(Path file) {
            this.file = file;
        }
    }

    private static void add(MeshPrimitiveModel primitive, float[] m, Parts parts, String what) throws MeshFormatException {
        int mode = primitive.getMode();
        if (mode != TRIANGLES && mode != TRIANGLE_STRIP && mode != TRIANGLE_FAN && mode != POINTS) {
            LoggerFactory.getLogger(GltfMeshReader.class).warn("{}: {} draws lines; left out", parts.file, what);
            return;
        }
        AccessorModel positions = primitive.getAttributes().get("POSITION");
        if (positions == null) {
            throw new MeshFormatException(parts.file + ": " + what + " has no POSITION attribute");
        }
        AccessorData data = accessorData(positions, parts, what + " POSITION");
        if (!(data instanceof AccessorFloatData floats) || data.getNumComponentsPerElement() != 3) {
            throw new MeshFormatException(parts.file + ": " + what + " POSITION must be float VEC3");
        }
        int base = parts.vertices.size() / 3;
        int count = positions.getCount();
        for (int i = 0; i < count; i++) {
            float x = floats.get(i, 0);
            float y = floats.get(i, 1);
            float z = floats.get(i, 2);
            if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
                throw new MeshFormatException(parts.file + ": " + what + " POSITION " + i + " is not finite");
            }
            // column-major 4x4
            parts.vertices.add(m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13],
                    m[2] * x + m[6] * y + m[10] * z + m[14]);
        }
        addColours(primitive, count, parts, what);
        if (mode == POINTS) {
            return;
        }
        int[] indices = indices(primitive, count, parts, what);
        int corners = indices.length;
        if (mode == TRIANGLES) {
            if (corners % 3 != 0) {
                throw new MeshFormatException(parts.file + ": " + what + " has " + corners + " indices, not a multiple of 3");
            }
            for (int k = 0; k < corners; k++) {
                parts.triangles.add(base + indices[k]);
            }
        } else {
            for (int k = 2; k < corners; k++) {
                int a = mode == TRIANGLE_FAN ? indices[0] : indices[k - 2];
                parts.triangles.add(base + a);
                parts.triangles.add(base + indices[k - 1]);
                parts.triangles.add(base + indices[k]);
            }
        }
    }

    private static int[] indices(MeshPrimitiveModel primitive, int vertexCount, Parts parts, String what) throws MeshFormatException {
        AccessorModel accessor = primitive.getIndices();
        if (accessor == null) {
            int[] all = new int[vertexCount];
            for (int i = 0; i < vertexCount; i++) {
                all[i] = i;
            }
            return all;
        }
        AccessorData data = accessorData(accessor, parts, what + " indices");
        int n = accessor.getCount();
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            long index;
            if (data instanceof AccessorByteData bytes) {
                index = bytes.getInt(k);
            } else if (data instanceof AccessorShortData shorts) {
                index = shorts.getInt(k);
            } else if (data instanceof AccessorIntData ints) {
                index = ints.getLong(k);
            } else {
                throw new MeshFormatException(parts.file + ": " + what + " indices must be unsigned integers");
            }
            if (index < 0 || index >= vertexCount) {
                throw new MeshFormatException(parts.file + ": " + what + " index " + k + " is " + index + ", out of range ("
                        + vertexCount + " vertices)");
            }
            out[k] = (int) index;
        }
        return out;
    }

    private static void addColours(MeshPrimitiveModel primitive, int count, Parts parts, String what) throws MeshFormatException {
        AccessorModel accessor = primitive.getAttributes().get("COLOR_0");
        float[] factor = primitive.getMaterialModel() instanceof MaterialModelV2 material ? material.getBaseColorFactor() : null;
        if (accessor == null && factor == null) {
            for (int i = 0; i < count; i++) {
                parts.colours.add(1f, 1f, 1f);
            }
            return;
        }
        if (!parts.anyColour) {
            parts.anyColour = true;
        }
        AccessorData data = accessor == null ? null : accessorData(accessor, parts, what + " COLOR_0");
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                float value = 1f;
                if (data instanceof AccessorFloatData floats) {
                    value = floats.get(i, c);
                } else if (data instanceof AccessorByteData bytes) {
                    value = bytes.getInt(i, c) / 255f;
                } else if (data instanceof AccessorShortData shorts) {
                    value = shorts.getInt(i, c) / 65535f;
                }
                if (factor != null) {
                    value *= factor[c];
                }
                parts.colours.add(Float.isFinite(value) ? Math.max(0f, Math.min(1f, value)) : 1f);
            }
        }
    }

    private static AccessorData accessorData(AccessorModel accessor, Parts parts, String what) throws MeshFormatException {
        try {
            return accessor.getAccessorData();
        } catch (RuntimeException e) {
            throw new MeshFormatException(parts.file + ": " + what + " cannot be read: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
