package io.fluxion.server;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.MeshFill;
import io.fluxion.core.data.PointSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data a training request carries: a CSV or {@code .npy} point file, a picture (PNG, JPEG,
 * GIF, BMP) or a mesh (OBJ, PLY, GLB, or glTF with embedded buffers), read by the same readers
 * as {@code fluxion train --data}. The format is the {@code format} parameter, else recognised
 * from the first bytes. Blocking: call off the event loop.
 */
final class DataUpload {

    static final List<String> FORMATS = List.of("csv", "npy", "png", "jpg", "gif", "bmp", "obj", "ply", "glb", "gltf");

    private DataUpload() {
    }

    /**
     * @param body   the request body
     * @param format one of {@link #FORMATS}, or null to recognise it
     * @param labels the CSV's last column is a class (a conditional model)
     * @param fill   for a mesh: surface or volume
     * @throws ApiException 400 naming the problem when the data cannot be read
     */
    static PointSource read(byte[] body, String format, boolean labels, String fill) throws IOException {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty: send the data (CSV, .npy, picture or mesh) as the body");
        }
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : recognise(body);
        if (kind.equals("jpeg")) {
            kind = "jpg";
        }
        if (!FORMATS.contains(kind)) {
            throw ApiException.badRequest("format must be one of " + String.join(", ", FORMATS) + ", got '"
                    + ModelCatalog.abbreviate(format) + "'");
        }
        MeshFill meshFill;
        try {
            meshFill = MeshFill.byName(fill);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("fill: " + e.getMessage());
        }
        Path folder = Files.createTempDirectory("fluxion-upload");
        Path file = folder.resolve("upload." + kind);
        try {
            Files.write(file, body);
            return labels ? Datasets.labelledFile(file) : Datasets.byName(file.toString(), meshFill);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("the " + kind + " body: " + Json.message(e).replace(file.toString(), "body"));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    /** The format the first bytes say, else csv. */
    static String recognise(byte[] body) {
        if (starts(body, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
            return "png";
        }
        if (starts(body, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return "jpg";
        }
        if (starts(body, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
            return "gif";
        }
        if (starts(body, "BM".getBytes(StandardCharsets.US_ASCII))) {
            return "bmp";
        }
        if (starts(body, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
            return "npy";
        }
        if (starts(body, "glTF".getBytes(StandardCharsets.US_ASCII))) {
            return "glb";
        }
        if (starts(body, "ply".getBytes(StandardCharsets.US_ASCII))) {
            return "ply";
        }
        String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1).stripLeading();
        if (head.startsWith("{")) {
            return "gltf";
        }
        for (String line : head.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("v ") || trimmed.startsWith("f ") || trimmed.startsWith("o ") || trimmed.startsWith("vn ")) {
                return "obj";
            }
        }
        return "csv";
    }

    private static boolean starts(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
