package io.fluxion.core.mesh;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PLY (Turk's polygon file format): {@code ascii}, {@code binary_little_endian} and
 * {@code binary_big_endian} 1.0; every scalar type, list properties, and any elements beside
 * {@code vertex} and {@code face} (read past). Vertices need {@code x y z}; {@code red green
 * blue} (integer 0..255 or float 0..1) become vertex colours; faces ({@code vertex_indices} or
 * {@code vertex_index}) of any vertex count are fan-triangulated. A file without faces is a
 * point cloud. Element counts are checked against the bytes the body holds before anything is
 * allocated, so a header that claims more than the file holds is refused at once.
 */
final class PlyMeshReader {

    private static final int MAX_HEADER_BYTES = 1 << 16;

    private PlyMeshReader() {
    }

    private enum Type {
        INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), FLOAT32(4), FLOAT64(8);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }

        static Type of(String name) {
            return switch (name) {
                case "char", "int8" -> INT8;
                case "uchar", "uint8" -> UINT8;
                case "short", "int16" -> INT16;
                case "ushort", "uint16" -> UINT16;
                case "int", "int32" -> INT32;
                case "uint", "uint32" -> UINT32;
                case "float", "float32" -> FLOAT32;
                case "double", "float64" -> FLOAT64;
                default -> null;
            };
        }

        boolean integral() {
            return this != FLOAT32 && this != FLOAT64;
        }

        double read(ByteBuffer in) {
            return switch (this) {
                case INT8 -> in.get();
                case UINT8 -> in.get() & 0xff;
                case INT16 -> in.getShort();
                case UINT16 -> in.getShort() & 0xffff;
                case INT32 -> in.getInt();
                case UINT32 -> in.getInt() & 0xffffffffL;
                case FLOAT32 -> in.getFloat();
                case FLOAT64 -> in.getDouble();
            };
        }
    }

    /** A property: a scalar, or a list (count type, item type). */
    private record Property(String name, Type type, Type countType) {
        boolean isList() {
            return countType != null;
        }

        int minBytes() {
            return isList() ? countType.bytes : type.bytes;
        }
    }

    private record Element(String name, long count, List<Property> properties, int headerLine) {
        int indexOf(String... names) {
            for (String candidate : names) {
                for (int p = 0; p < properties.size(); p++) {
                    if (properties.get(p).name.equals(candidate) && !properties.get(p).isList()) {
                        return p;
                    }
                }
            }
            return -1;
        }

        long minBytes() {
            long sum = 0;
            for (Property p : properties) {
                sum += p.minBytes();
            }
            return sum;
        }
    }

    static TriangleMesh read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int headerEnd = headerEnd(file, bytes);
        String[] header = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII).split("\r?\n");
        if (header.length == 0 || !header[0].strip().equals("ply")) {
            throw new MeshFormatException(file + ":1: not a PLY file (the first line must be 'ply')");
        }
        String format = null;
        List<Element> elements = new ArrayList<>();
        for (int i = 1; i < header.length; i++) {
            String where = file + ":" + (i + 1);
            String[] tokens = header[i].strip().split("\\s+");
            switch (tokens[0]) {
                case "format" -> {
                    if (tokens.length != 3 || !tokens[2].equals("1.0")) {
                        throw new MeshFormatException(where + ": expected 'format ascii|binary_little_endian|binary_big_endian 1.0'");
                    }
                    format = tokens[1];
                }
                case "element" -> {
                    long count;
                    try {
                        count = tokens.length == 3 ? Long.parseLong(tokens[2]) : -1;
                    } catch (NumberFormatException e) {
                        count = -1;
                    }
                    if (count < 0) {
                        throw new MeshFormatException(where + ": expected 'element NAME COUNT' with COUNT >= 0");
                    }
                    elements.add(new Element(tokens[1], count, new ArrayList<>(), i + 1));
                }
                case "property" -> {
                    if (elements.isEmpty()) {
                        throw new MeshFormatException(where + ": property before any element");
                    }
                    Property property;
                    if (tokens.length == 5 && tokens[1].equals("list")) {
                        Type count = Type.of(tokens[2]);
                        Type item = Type.of(tokens[3]);
                        if (count == null || item == null || !count.integral()) {
                            throw new MeshFormatException(where + ": unknown list types '" + tokens[2] + " " + tokens[3] + "'");
                        }
                        property = new Property(tokens[4], item, count);
                    } else if (tokens.length == 3) {
                        Type type = Type.of(tokens[1]);
                        if (type == null) {
                            throw new MeshFormatException(where + ": unknown property type '" + tokens[1] + "'");
                        }
                        property = new Property(tokens[2], type, null);
                    } else {
                        throw new MeshFormatException(where + ": expected 'property TYPE NAME' or 'property list COUNT ITEM NAME'");
                    }
                    elements.get(elements.size() - 1).properties.add(property);
                }
                case "comment", "obj_info", "end_header", "" -> {
                }
                default -> throw new MeshFormatException(where + ": unknown header line '" + header[i].strip() + "'");
            }
        }
        if (format == null) {
            throw new MeshFormatException(file + ": the header has no 'format' line");
        }
        Element vertex = elements.stream().filter(e -> e.name.equals("vertex")).findFirst()
                .orElseThrow(() -> new MeshFormatException(file + ": no 'element vertex' in the header"));
        if (vertex.count == 0) {
            throw new MeshFormatException(file + ": no vertices (element vertex 0)");
        }
        int[] xyz = {vertex.indexOf("x"), vertex.indexOf("y"), vertex.indexOf("z")};
        if (xyz[0] < 0 || xyz[1] < 0 || xyz[2] < 0) {
            throw new MeshFormatException(file + ":" + vertex.headerLine + ": the vertex element needs properties x, y and z");
        }
        int[] rgb = {vertex.indexOf("red", "r", "diffuse_red"), vertex.indexOf("green", "g", "diffuse_green"),
                vertex.indexOf("blue", "b", "diffuse_blue")};
        boolean coloured = rgb[0] >= 0 && rgb[1] >= 0 && rgb[2] >= 0;
        Body body = switch (format) {
            case "ascii" -> new AsciiBody(file, bytes, headerEnd);
            case "binary_little_endian" -> new BinaryBody(file, bytes, headerEnd, ByteOrder.LITTLE_ENDIAN);
            case "binary_big_endian" -> new BinaryBody(file, bytes, headerEnd, ByteOrder.BIG_ENDIAN);
            default -> throw new MeshFormatException(file + ":2: unknown format '" + format + "'");
        };
        float[] vertices = null;
        float[] colours = null;
        Growable.Ints triangles = new Growable.Ints();
        for (Element element : elements) {
            body.checkCount(element);
            boolean isVertex = element == vertex;
            boolean isFace = element.name.equals("face");
            int faceList = -1;
            if (isFace) {
                for (int p = 0; p < element.properties.size(); p++) {
                    Property property = element.properties.get(p);
                    if (property.isList() && (property.name.equals("vertex_indices") || property.name.equals("vertex_index"))) {
                        faceList = p;
                    }
                }
                if (faceList < 0) {
                    throw new MeshFormatException(file + ":" + element.headerLine + ": the face element has no vertex_indices list");
                }
            }
            int n = (int) element.count; // checkCount bounds it by the file's length
            if (isVertex) {
                vertices = new float[3 * n];
                colours = coloured ? new float[3 * n] : null;
            }
            double[] scalars = new double[element.properties.size()];
            int[] corners = new int[16];
            for (int i = 0; i < n; i++) {
                body.startRow(element, i);
                for (int p = 0; p < element.properties.size(); p++) {
                    Property property = element.properties.get(p);
                    if (!property.isList()) {
                        scalars[p] = body.value(property.type, element, i);
                        continue;
                    }
                    long count = (long) body.value(property.countType, element, i);
                    if (count < 0 || count > Integer.MAX_VALUE / 4) {
                        throw new MeshFormatException(body.where(element, i) + ": list length " + count + " is not valid");
                    }
                    if (p != faceList) {
                        for (long k = 0; k < count; k++) {
                            body.value(property.type, element, i);
                        }
                        continue;
                    }
                    if (count < 3) {
                        throw new MeshFormatException(body.where(element, i) + ": a face with " + count
                                + " vertices (a face needs at least 3)");
                    }
                    if (corners.length < count) {
                        corners = new int[(int) count];
                    }
                    for (int k = 0; k < count; k++) {
                        double index = body.value(property.type, element, i);
                        if (index < 0 || index >= vertex.count || index != Math.rint(index)) {
                            throw new MeshFormatException(body.where(element, i) + ": vertex index " + fmt(index)
                                    + " out of range (" + vertex.count + " vertices, indices from 0)");
                        }
                        corners[k] = (int) index;
                    }
                    for (int k = 1; k + 1 < count; k++) {
                        triangles.add(corners[0]);
                        triangles.add(corners[k]);
                        triangles.add(corners[k + 1]);
                    }
                }
                body.endRow(element, i);
                if (isVertex) {
                    for (int c = 0; c < 3; c++) {
                        double value = scalars[xyz[c]];
                        if (!Double.isFinite(value)) {
                            throw new MeshFormatException(body.where(element, i) + ": coordinate " + "xyz".charAt(c)
                                    + " is not finite (" + value + ")");
                        }
                        vertices[3 * i + c] = (float) value;
                        if (coloured) {
                            Property channel = element.properties.get(rgb[c]);
                            double scale = channel.type.integral() ? 1.0 / 255 : 1.0;
                            colours[3 * i + c] = (float) Math.max(0, Math.min(1, scalars[rgb[c]] * scale));
                        }
                    }
                }
            }
        }
        return new TriangleMesh(file.getFileName().toString(), vertices, triangles.toArray(), colours, null);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** The offset just past the "end_header" line. */
    private static int headerEnd(Path file, byte[] bytes) throws MeshFormatException {
        byte[] marker = "end_header".getBytes(StandardCharsets.US_ASCII);
        int limit = Math.min(bytes.length, MAX_HEADER_BYTES);
        for (int i = 0; i + marker.length <= limit; i++) {
            if ((i == 0 || bytes[i - 1] == '\n') && matches(bytes, i, marker)) {
                int end = i + marker.length;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                return Math.min(end + 1, bytes.length);
            }
        }
        if (bytes.length < 3 || bytes[0] != 'p' || bytes[1] != 'l' || bytes[2] != 'y') {
            throw new MeshFormatException(file + ":1: not a PLY file (the first line must be 'ply')");
        }
        throw new MeshFormatException(file + ": no 'end_header' line in the first " + limit + " bytes");
    }

    private static boolean matches(byte[] bytes, int at, byte[] marker) {
        for (int k = 0; k < marker.length; k++) {
            if (bytes[at + k] != marker[k]) {
                return false;
            }
        }
        return true;
    }

    /** The body after the header: values read one by one, with the element and row for messages. */
    private interface Body {
        void checkCount(Element element) throws MeshFormatException;

        void startRow(Element element, int row) throws MeshFormatException;

        double value(Type type, Element element, int row) throws MeshFormatException;

        void endRow(Element element, int row) throws MeshFormatException;

        String where(Element element, int row);
    }

    private static final class BinaryBody implements Body {
        private final Path file;
        private final ByteBuffer in;

        BinaryBody(Path file, byte[] bytes, int from, ByteOrder order) {
            this.file = file;
            this.in = ByteBuffer.wrap(bytes, from, bytes.length - from).order(order);
        }

        @Override
        public void checkCount(Element element) throws MeshFormatException {
            long needed = element.count * element.minBytes();
            if (element.count > Integer.MAX_VALUE / 3 || needed > in.remaining()) {
                throw new MeshFormatException(file + ": the header claims " + element.count + " " + element.name
                        + " elements (at least " + needed + " bytes) but only " + in.remaining() + " bytes remain");
            }
        }

        @Override
        public void startRow(Element element, int row) {
        }

        @Override
        public double value(Type type, Element element, int row) throws MeshFormatException {
            try {
                return type.read(in);
            } catch (BufferUnderflowException e) {
                throw new MeshFormatException(where(element, row) + ": the file is truncated (ends inside it)");
            }
        }

        @Override
        public void endRow(Element element, int row) {
        }

        @Override
        public String where(Element element, int row) {
            return file + ": " + element.name + " " + row + " of " + element.count;
        }
    }

    private static final class AsciiBody implements Body {
        private final Path file;
        private final String[] lines;
        private int line = -1;
        private String[] tokens;
        private int token;
        private final int firstLineNumber;

        AsciiBody(Path file, byte[] bytes, int from) {
            this.file = file;
            this.lines = new String(bytes, from, bytes.length - from, StandardCharsets.US_ASCII).split("\r?\n");
            int headerLines = 0;
            for (int i = 0; i < from; i++) {
                headerLines += bytes[i] == '\n' ? 1 : 0;
            }
            this.firstLineNumber = headerLines + 1;
        }

        @Override
        public void checkCount(Element element) throws MeshFormatException {
            long left = 0;
            for (int i = Math.max(line + 1, 0); i < lines.length; i++) {
                left += lines[i].isBlank() ? 0 : 1;
            }
            if (element.count > left) {
                throw new MeshFormatException(file + ": the header claims " + element.count + " " + element.name
                        + " elements but only " + left + " lines remain");
            }
        }

        @Override
        public void startRow(Element element, int row) throws MeshFormatException {
            do {
                line++;
            } while (line < lines.length && lines[line].isBlank());
            if (line >= lines.length) {
                throw new MeshFormatException(where(element, row) + ": the file ends before it");
            }
            tokens = lines[line].strip().split("\\s+");
            token = 0;
        }

        @Override
        public double value(Type type, Element element, int row) throws MeshFormatException {
            if (token >= tokens.length) {
                throw new MeshFormatException(where(element, row) + ": too few values on the line");
            }
            String text = tokens[token++];
            try {
                double value = Double.parseDouble(text);
                if (type.integral() && value != Math.rint(value)) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new MeshFormatException(where(element, row) + ": '" + text + "' is not a " + type.name().toLowerCase(Locale.ROOT));
            }
        }

        @Override
        public void endRow(Element element, int row) throws MeshFormatException {
            if (token != tokens.length) {
                throw new MeshFormatException(where(element, row) + ": " + (tokens.length - token) + " values too many on the line");
            }
        }

        @Override
        public String where(Element element, int row) {
            return file + ":" + (firstLineNumber + Math.max(line, 0)) + ": " + element.name + " " + row;
        }
    }
}
