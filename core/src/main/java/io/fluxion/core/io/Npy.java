package io.fluxion.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own reader and writer of NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0),
 * for float32 ({@code <f4}) and float64 ({@code <f8}) arrays in C order.
 *
 * <p>Everything is validated before a value is read: the magic string, the version, the
 * header length and its dictionary (exactly the keys descr, fortran_order and shape), the
 * dtype (big-endian and non-float types are refused), the order (Fortran order is refused),
 * the shape, and that the data has exactly the length the shape needs: a truncated file or
 * one with trailing bytes is an error. Every error is an {@link NpyFormatException} naming
 * the source. Stateless and thread-safe.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern KEY = Pattern.compile("'([^']*)'\\s*:");

    private Npy() {
    }

    /** Reads a whole {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new NpyFormatException(file.toString(), "is a folder, not a .npy file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(file.toString(), "is not a regular file (a device or a pipe)");
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new NpyFormatException(file.toString(), String.format(java.util.Locale.ROOT,
                    "file of %,d bytes, more than the limit of %,d", size, Integer.MAX_VALUE - 64));
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     *
     * @param bytes  the whole file
     * @param source the name used in error messages (a path, or {@code model.zip!/w0.npy})
     */
    public static NpyArray read(byte[] bytes, String source) throws NpyFormatException {
        if (bytes.length == 0) {
            throw new NpyFormatException(source, "file is empty");
        }
        if (bytes.length < 10) {
            throw new NpyFormatException(source, "file is truncated (" + bytes.length + " bytes, no complete header)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new NpyFormatException(source, "not a NumPy .npy file (bad magic string)");
            }
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buffer.getShort(8) & 0xffff;
            headerStart = 10;
        } else {
            if (bytes.length < 12) {
                throw new NpyFormatException(source, "file is truncated (no complete header length)");
            }
            headerLength = buffer.getInt(8) & 0xffffffffL;
            headerStart = 12;
        }
        if (headerLength > MAX_HEADER) {
            throw new NpyFormatException(source, "header length " + headerLength + " is implausible");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException(source, "file is truncated (header of " + headerLength + " bytes, file has "
                    + bytes.length + ")");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw new NpyFormatException(source, "header is not a dictionary: " + abbreviate(header));
        }
        Matcher keys = KEY.matcher(header);
        int keyCount = 0;
        while (keys.find()) {
            String key = keys.group(1);
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new NpyFormatException(source, "unexpected header key '" + key + "'");
            }
            keyCount++;
        }
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (keyCount != 3 || !descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new NpyFormatException(source, "header must hold descr, fortran_order and shape: " + abbreviate(header));
        }
        String dtype = descr.group(1);
        int itemSize;
        switch (dtype) {
            case "<f4": itemSize = 4; break;
            case "<f8": itemSize = 8; break;
            case ">f4": case ">f8":
                throw new NpyFormatException(source, "big-endian dtype '" + dtype + "' is not supported (save as little-endian)");
            default:
                throw new NpyFormatException(source, "unsupported dtype '" + dtype + "' (need float32 '<f4' or float64 '<f8')");
        }
        if (fortran.group(1).equals("True")) {
            throw new NpyFormatException(source, "Fortran-order arrays are not supported (save in C order)");
        }
        int[] shape = parseShape(shapeMatch.group(1), source);
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
            if (count > Integer.MAX_VALUE) {
                throw new NpyFormatException(source, String.format(java.util.Locale.ROOT,
                        "shape %s holds more than the limit of %,d elements", shapeText(shape), Integer.MAX_VALUE));
            }
        }
        long dataStart = headerStart + headerLength;
        long expected = count * itemSize;
        long actual = bytes.length - dataStart;
        if (actual < expected) {
            throw new NpyFormatException(source, "file is truncated: shape " + shapeText(shape) + " of " + dtype
                    + " needs " + expected + " data bytes, found " + actual);
        }
        if (actual > expected) {
            throw new NpyFormatException(source, (actual - expected) + " unexpected bytes after the data of shape "
                    + shapeText(shape));
        }
        float[] data = new float[(int) count];
        buffer.position((int) dataStart);
        if (itemSize == 4) {
            buffer.asFloatBuffer().get(data);
        } else {
            DoubleBuffer doubles = buffer.asDoubleBuffer();
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) doubles.get(i);
            }
        }
        return new NpyArray(shape, data, itemSize == 8);
    }

    private static int[] parseShape(String text, String source) throws NpyFormatException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split(",");
        int count = parts.length;
        if (parts[count - 1].isBlank()) {
            count--;
        }
        int[] shape = new int[count];
        for (int i = 0; i < count; i++) {
            String part = parts[i].strip();
            if (part.endsWith("L")) {
                part = part.substring(0, part.length() - 1);
            }
            try {
                long value = Long.parseLong(part);
                if (value < 0 || value > Integer.MAX_VALUE) {
                    throw new NpyFormatException(source, "shape dimension " + value + " is out of range");
                }
                shape[i] = (int) value;
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source, "shape (" + text + ") is not a tuple of integers");
            }
        }
        return shape;
    }

    /** Encodes a float32 array as a version 1.0 {@code .npy} file in C order. */
    public static byte[] toBytes(NpyArray array) {
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(shapeText(array.shape())).append(", }");
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        header.append(" ".repeat(padding)).append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length + 4 * array.data().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerBytes.length).put(headerBytes);
        out.asFloatBuffer().put(array.data());
        return out.array();
    }

    /** Writes a float32 array as a {@code .npy} stream. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        out.write(toBytes(array));
    }

    /** Writes a float32 array to a file atomically (temporary file in the same folder, then move). */
    public static void write(NpyArray array, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(array, out));
    }

    /** Shape as NumPy writes it: {@code (3,)}, {@code (3, 2)}, {@code ()}. */
    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(')').toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 77) + "...'";
    }
}
