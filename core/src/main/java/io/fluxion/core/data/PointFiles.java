package io.fluxion.core.data;

import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.io.NpyFormatException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads point files into a {@link PointCloud}: CSV (comma-separated numbers, one point a
 * line, an optional header line, blank lines and {@code #} comments skipped) and NumPy
 * {@code .npy} ([n, d] or [n], float32 or float64, C order). Every problem (empty file,
 * ragged rows, text where a number belongs, NaN or infinite values, a bad {@code .npy}
 * header or length) is a {@link DataFormatException} naming the file and, for CSV, the
 * line and column.
 */
final class PointFiles {

    /** The most values (points × columns) a point file may hold: 400 MB as floats. */
    static final long MAX_VALUES = 100_000_000L;
    /** The longest line of a CSV file, in characters (1 025 columns of 60 characters fit). */
    static final int MAX_LINE_CHARS = 1 << 16;

    private PointFiles() {
    }

    static PointCloud read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * @param labelled the last column is a class label: points far from the rest are found by the
     *                 other columns only (a label is validated by the labelled reader instead)
     */
    static PointCloud read(Path file, boolean labelled) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + ": " + (Files.isDirectory(file) ? "is a folder"
                    : "is not a regular file (a device or a pipe)") + ", not a point file");
        }
        if (lower.endsWith(".npy")) {
            return readNpy(file, labelled);
        }
        if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
            return readCsv(file, labelled);
        }
        throw new DataFormatException(file + ": unknown point file type (expected .csv or .npy)");
    }

    static PointCloud readNpy(Path file, boolean labelled) throws IOException {
        if (Files.size(file) > MAX_VALUES * Double.BYTES + (1 << 20)) {
            throw new DataFormatException(String.format(Locale.ROOT, "%s: %,d bytes, more than the limit of %,d values "
                    + "a point file may hold", file, Files.size(file), MAX_VALUES));
        }
        NpyArray array;
        try {
            array = Npy.read(file);
        } catch (NpyFormatException e) {
            throw new DataFormatException(e.getMessage(), e);
        }
        int[] shape = array.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new DataFormatException(file + ": expected an array of shape (n, d) or (n,), got " + array.shapeText());
        }
        int n = shape[0];
        int d = shape.length == 2 ? shape[1] : 1;
        if ((long) n * d > MAX_VALUES) {
            throw new DataFormatException(String.format(Locale.ROOT, "%s: shape %s holds more than the limit of %,d values",
                    file, array.shapeText(), MAX_VALUES));
        }
        if (n == 0 || d == 0) {
            throw new DataFormatException(file + ": array of shape " + array.shapeText() + " holds no points");
        }
        float[] data = array.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new DataFormatException(file + ": value " + data[i] + " at row " + (i / d) + ", column " + (i % d)
                        + " is not finite");
            }
        }
        float[] kept = FarPoints.removeFar(data, n, d, labelled ? d - 1 : d, file.toString(), row -> "row " + row);
        return new PointCloud("file:" + file.getFileName(), kept, null, kept.length / d, d);
    }

    static PointCloud readCsv(Path file, boolean labelled) throws IOException {
        if (Files.size(file) == 0) {
            throw new DataFormatException(file + ": file is empty");
        }
        FloatList values = new FloatList();
        int[] lineOf = new int[1024]; // the line of each row, for messages
        int columns = -1;
        int rows = 0;
        int lineNumber = 0;
        boolean sawContent = false;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(reader, file);
            String line;
            while ((line = lines.next(lineNumber + 1)) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split(",", -1);
                if (!sawContent) {
                    sawContent = true;
                    if (!looksNumeric(fields[0].strip())) {
                        columns = fields.length; // header line: names the columns
                        continue;
                    }
                }
                if (columns < 0) {
                    columns = fields.length;
                } else if (fields.length != columns) {
                    throw new DataFormatException(file + ":" + lineNumber + ": expected " + columns + " columns, found "
                            + fields.length);
                }
                if ((long) (rows + 1) * columns > MAX_VALUES) {
                    throw new DataFormatException(String.format(Locale.ROOT, "%s:%d: more than the limit of %,d values a "
                            + "point file may hold", file, lineNumber, MAX_VALUES));
                }
                for (int c = 0; c < fields.length; c++) {
                    String field = fields[c].strip();
                    float value;
                    try {
                        value = Float.parseFloat(field);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + ":" + lineNumber + ": column " + (c + 1) + " is not a number: '"
                                + field + "'");
                    }
                    if (!Float.isFinite(value)) {
                        throw new DataFormatException(file + ":" + lineNumber + ": column " + (c + 1) + " is not finite: '"
                                + field + "'");
                    }
                    values.add(value);
                }
                if (rows == lineOf.length) {
                    lineOf = Arrays.copyOf(lineOf, 2 * rows);
                }
                lineOf[rows] = lineNumber;
                rows++;
            }
        } catch (MalformedInputException e) {
            throw new DataFormatException(file + ": not a UTF-8 text file near line " + (lineNumber + 1), e);
        }
        if (rows == 0) {
            throw new DataFormatException(file + ": no data rows");
        }
        int[] lines = lineOf;
        float[] kept = FarPoints.removeFar(values.toArray(), rows, columns, labelled ? columns - 1 : columns, file.toString(),
                row -> "line " + lines[row]);
        return new PointCloud("file:" + file.getFileName(), kept, null, kept.length / columns, columns);
    }

    /**
     * Lines of a text file, each refused when longer than {@link #MAX_LINE_CHARS} before it is held
     * whole (a file of one huge line cannot exhaust the heap). Lines end at {@code \n},
     * {@code \r\n} or {@code \r}.
     */
    private static final class Lines {
        private final Reader in;
        private final Path file;
        private final char[] chunk = new char[1 << 16];
        private final StringBuilder line = new StringBuilder();
        private int at;
        private int end;
        private boolean skipNewline;

        Lines(Reader in, Path file) {
            this.in = in;
            this.file = file;
        }

        /** The next line, or null at the end of the file; {@code number} names it in the error. */
        String next(int number) throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (at == end) {
                    end = in.read(chunk, 0, chunk.length);
                    at = 0;
                    if (end < 0) {
                        end = 0;
                        return any ? line.toString() : null;
                    }
                }
                any = true;
                char c = chunk[at++];
                if (skipNewline) {
                    skipNewline = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                if (c == '\n' || c == '\r') {
                    skipNewline = c == '\r';
                    return line.toString();
                }
                if (line.length() == MAX_LINE_CHARS) {
                    throw new DataFormatException(String.format(Locale.ROOT, "%s:%d: a line longer than the limit of %,d "
                            + "characters", file, number, MAX_LINE_CHARS));
                }
                line.append(c);
            }
        }
    }

    private static boolean looksNumeric(String field) {
        try {
            Float.parseFloat(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
