package io.fluxion.core.model;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.io.NpyFormatException;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads model files: a zip holding {@code model.json} (format, version, architecture,
 * path schedule, data normalisation, training metadata, the tensor list) and one NumPy
 * {@code .npy} per tensor ({@code layer0.weight.npy} [in, out], {@code layer0.bias.npy} [out], …),
 * so Python can read them and PyTorch weights can be packed into the same format
 * ({@code tools/pack_pytorch.py}).
 *
 * <p>Saving is atomic (temporary file, then move). Loading validates everything before
 * building the model: a CRC-32 of the whole file kept in the zip comment (any flipped byte
 * fails; zips without a comment, as other tools write them, are still checked entry by entry), the zip's
 * end record and central directory against the entries read (a file truncated at any length
 * fails), every entry's CRC, the
 * format version, each tensor's presence, shape and finiteness (through Fluxion's own
 * {@link Npy} reader; ND4J never parses the files), and no extra entries. Any problem is a
 * {@link ModelFormatException} naming the file. Stateless and thread-safe.
 */
public final class ModelFiles {

    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT = "fluxion-model";
    static final String MANIFEST = "model.json";
    private static final long MAX_FILE_BYTES = 1L << 30;
    /** The largest {@code model.json}: a manifest holds settings and metadata, never weights. */
    private static final long MAX_MANIFEST_BYTES = 1L << 20;
    /** Zip comment: this prefix and the CRC-32 (8 hex digits) of every byte of the file before the digits. */
    static final String CHECKSUM_PREFIX = "fluxion-crc32:";
    private static final int CHECKSUM_LENGTH = CHECKSUM_PREFIX.length() + 8;

    private ModelFiles() {
    }

    /**
     * Writes the model to {@code file} atomically; an existing file is replaced only once the
     * new one is complete.
     *
     * @throws IllegalArgumentException when the model is not a network (baked and analytic fields have no file form)
     */
    public static void save(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * The bytes of the model file.
     *
     * @throws IllegalArgumentException when the model is not a network (baked and analytic fields have no file form)
     */
    public static byte[] toBytes(Model model) throws IOException {
        MlpVelocityField field = MlpVelocityField.of(model.field()).orElseThrow(() -> new IllegalArgumentException(
                "model " + model.name() + " is not a network (" + model.field() + "); only network models can be saved"));
        MlpArchitecture architecture = field.architecture();
        List<float[]> tensors = field.parameters().toTensors();
        List<Object> tensorList = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            tensorList.add(tensorEntry(MlpParameters.tensorName(l, true), architecture.layerInputs(l),
                    architecture.layerOutputs(l)));
            tensorList.add(tensorEntry(MlpParameters.tensorName(l, false), architecture.layerOutputs(l)));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("name", model.name());
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("type", "mlp");
        arch.put("dimension", architecture.dimension());
        arch.put("width", architecture.width());
        arch.put("depth", architecture.depth());
        arch.put("activation", architecture.activation().label());
        arch.put("fourierFrequencies", architecture.fourierFrequencies());
        arch.put("weightLayout", "[in, out]: a layer computes x·W + b");
        manifest.put("architecture", arch);
        manifest.put("path", Map.of("schedule", model.schedule().describe()));
        Map<String, Object> normalization = new LinkedHashMap<>();
        List<Object> mean = new ArrayList<>();
        for (float m : model.normalization().mean()) {
            mean.add((double) m);
        }
        normalization.put("mean", mean);
        normalization.put("scale", (double) model.normalization().scale());
        manifest.put("normalization", normalization);
        manifest.put("training", new LinkedHashMap<>(model.metadata()));
        manifest.put("tensors", tensorList);

        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            zip.setComment(CHECKSUM_PREFIX + "00000000");
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(Json.write(manifest).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (int l = 0; l < architecture.layers(); l++) {
                writeTensor(zip, MlpParameters.tensorName(l, true), tensors.get(2 * l),
                        architecture.layerInputs(l), architecture.layerOutputs(l));
                writeTensor(zip, MlpParameters.tensorName(l, false), tensors.get(2 * l + 1), architecture.layerOutputs(l));
            }
        }
        byte[] bytes = buffer.toByteArray();
        String checksum = String.format(java.util.Locale.ROOT, "%08x", wholeFileCrc(bytes, bytes.length - 8));
        byte[] digits = checksum.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, bytes, bytes.length - digits.length, digits.length);
        return bytes;
    }

    private static long wholeFileCrc(byte[] bytes, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static Map<String, Object> tensorEntry(String name, int... shape) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        List<Object> dims = new ArrayList<>();
        for (int s : shape) {
            dims.add(s);
        }
        entry.put("shape", dims);
        return entry;
    }

    private static void writeTensor(ZipOutputStream zip, String name, float[] values, int... shape) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(Npy.toBytes(NpyArray.of(values, shape)));
        zip.closeEntry();
    }

    /**
     * Loads a model file.
     *
     * @throws NoSuchFileException  when it does not exist
     * @throws ModelFormatException when it is not a valid model file
     */
    public static Model load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(file.toString(), "file of " + size + " bytes is too large for a model");
        }
        return load(Files.readAllBytes(file), file.toString());
    }

    /**
     * Loads a model from the bytes of a model file.
     *
     * @param source the name used in error messages
     */
    public static Model load(byte[] bytes, String source) throws ModelFormatException {
        Map<String, byte[]> entries = readZip(bytes, source);
        byte[] manifestBytes = entries.remove(MANIFEST);
        if (manifestBytes == null) {
            throw new ModelFormatException(source, "no " + MANIFEST + " in the file");
        }
        Map<String, Object> manifest;
        try {
            Object parsed = Json.parse(new String(manifestBytes, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map)) {
                throw new ModelFormatException(source, MANIFEST + " is not a JSON object");
            }
            manifest = Manifest.castMap(parsed);
        } catch (Json.SyntaxException e) {
            throw new ModelFormatException(source, MANIFEST + " is not valid JSON: " + e.getMessage(), e);
        }
        Manifest fields = new Manifest(source);
        if (!FORMAT.equals(fields.string(manifest, "format"))) {
            throw new ModelFormatException(source, "not a Fluxion model (format '" + manifest.get("format") + "')");
        }
        int version = fields.integer(manifest, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(source, "unknown format version " + version + " (this Fluxion reads version "
                    + FORMAT_VERSION + ")");
        }
        String name = fields.string(manifest, "name");
        Map<String, Object> arch = fields.object(manifest, "architecture");
        if (!"mlp".equals(fields.string(arch, "type"))) {
            throw new ModelFormatException(source, "unknown architecture type '" + arch.get("type") + "'");
        }
        MlpArchitecture architecture;
        Schedule schedule;
        try {
            architecture = new MlpArchitecture(fields.integer(arch, "dimension"), fields.integer(arch, "width"),
                    fields.integer(arch, "depth"), Activation.byName(fields.string(arch, "activation")),
                    fields.integer(arch, "fourierFrequencies"));
            schedule = Schedules.parse(fields.string(fields.object(manifest, "path"), "schedule"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source, e.getMessage(), e);
        }
        Map<String, Object> norm = fields.object(manifest, "normalization");
        List<Object> meanList = fields.list(norm, "mean");
        if (meanList.size() != architecture.dimension()) {
            throw new ModelFormatException(source, "normalization.mean has " + meanList.size() + " entries, the model has d = "
                    + architecture.dimension());
        }
        float[] mean = new float[meanList.size()];
        for (int j = 0; j < mean.length; j++) {
            if (!(meanList.get(j) instanceof Double)) {
                throw new ModelFormatException(source, "normalization.mean[" + j + "] is not a number");
            }
            mean[j] = ((Double) meanList.get(j)).floatValue();
        }
        Normalization normalization;
        try {
            normalization = new Normalization(mean, (float) fields.number(norm, "scale"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source, e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Object training = manifest.get("training");
        if (training instanceof Map) {
            for (Map.Entry<String, Object> entry : Manifest.<Map<String, Object>>castMap(training).entrySet()) {
                metadata.put(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        List<float[]> tensors = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            tensors.add(tensor(entries, source, MlpParameters.tensorName(l, true), architecture.layerInputs(l),
                    architecture.layerOutputs(l)));
            tensors.add(tensor(entries, source, MlpParameters.tensorName(l, false), architecture.layerOutputs(l)));
        }
        if (!entries.isEmpty()) {
            throw new ModelFormatException(source, "unexpected entries " + entries.keySet() + " for a model of "
                    + architecture.layers() + " layers");
        }
        MlpParameters parameters = MlpParameters.fromTensors(architecture, tensors);
        return new Model(name, new MlpVelocityField(parameters), schedule, normalization, metadata);
    }

    private static float[] tensor(Map<String, byte[]> entries, String source, String name, int... shape)
            throws ModelFormatException {
        byte[] bytes = entries.remove(name + ".npy");
        if (bytes == null) {
            throw new ModelFormatException(source, "missing tensor " + name + ".npy");
        }
        NpyArray array;
        try {
            array = Npy.read(bytes, source + "!/" + name + ".npy");
        } catch (NpyFormatException e) {
            throw new ModelFormatException(source, "tensor " + e.getMessage(), e);
        }
        if (!Arrays.equals(array.shape(), shape)) {
            throw new ModelFormatException(source, "tensor " + name + " has shape " + array.shapeText() + ", expected "
                    + Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        }
        float[] values = array.data();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new ModelFormatException(source, "tensor " + name + " holds " + values[k] + " at index " + k);
            }
        }
        return values;
    }

    /** Reads every entry, checking CRCs, the end record and that the central directory agrees. */
    private static Map<String, byte[]> readZip(byte[] bytes, String source) throws ModelFormatException {
        if (bytes.length == 0) {
            throw new ModelFormatException(source, "file is empty");
        }
        CentralDirectory directory = CentralDirectory.read(bytes, source);
        long limit = maxUnpackedBytes();
        if (directory.totalSize > limit) {
            throw new ModelFormatException(source, "its entries unpack to " + directory.totalSize
                    + " bytes, more than the limit of " + limit + " (a third of the JVM's heap, at most 1 GiB)");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Long declared = directory.sizeByName.get(entry.getName());
                if (declared == null) {
                    throw new ModelFormatException(source, "entry " + entry.getName()
                            + " is not in the zip's central directory (corrupt file)");
                }
                if (entry.getName().equals(MANIFEST) && declared > MAX_MANIFEST_BYTES) {
                    throw new ModelFormatException(source, MANIFEST + " declares " + declared
                            + " bytes, more than the limit of " + MAX_MANIFEST_BYTES);
                }
                // one byte more than declared reveals an entry that unpacks to more than it claims
                byte[] content = zip.readNBytes((int) (declared + 1));
                if (content.length > declared) {
                    throw new ModelFormatException(source, "entry " + entry.getName() + " unpacks to more than the "
                            + declared + " bytes it declares (corrupt file or zip bomb)");
                }
                zip.closeEntry();
                if (entries.put(entry.getName(), content) != null) {
                    throw new ModelFormatException(source, "duplicate entry " + entry.getName());
                }
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(content);
                Long expected = directory.crcByName.get(entry.getName());
                if (expected == null || expected != crc.getValue()) {
                    throw new ModelFormatException(source, "entry " + entry.getName()
                            + " does not match the zip's central directory (corrupt file)");
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipInputStream's answer to an entry name that is not valid UTF-8
            throw new ModelFormatException(source, "corrupt zip: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new ModelFormatException(source, "file is truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException(source, "cannot read the zip: " + e.getMessage(), e);
        }
        if (entries.size() != directory.crcByName.size()) {
            throw new ModelFormatException(source, "the zip's central directory lists " + directory.crcByName.size()
                    + " entries, the file holds " + entries.size() + " (corrupt or truncated file)");
        }
        return entries;
    }

    /** Bytes a model file's entries may unpack to: a third of the heap, at most {@code MAX_FILE_BYTES}. */
    private static long maxUnpackedBytes() {
        return Math.min(MAX_FILE_BYTES, Runtime.getRuntime().maxMemory() / 3);
    }

    /** The zip's end-of-central-directory record and the names and CRCs it lists. */
    private static final class CentralDirectory {
        final Map<String, Long> crcByName = new LinkedHashMap<>();
        final Map<String, Long> sizeByName = new LinkedHashMap<>();
        long totalSize;

        static CentralDirectory read(byte[] bytes, String source) throws ModelFormatException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int end = -1;
            for (int at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
                if (buffer.getInt(at) == 0x06054b50 && at + 22 + (buffer.getShort(at + 20) & 0xffff) == bytes.length) {
                    end = at;
                    break;
                }
            }
            if (end < 0) {
                throw new ModelFormatException(source, bytes.length < 4 || buffer.getInt(0) != 0x04034b50
                        ? "not a model file (not a zip)" : "file is truncated (no zip end record)");
            }
            int archiveCommentLength = buffer.getShort(end + 20) & 0xffff;
            String comment = new String(bytes, end + 22, archiveCommentLength, StandardCharsets.ISO_8859_1);
            if (!comment.isEmpty()) {
                String expected = String.format(java.util.Locale.ROOT, "%08x", wholeFileCrc(bytes, end + 22
                        + CHECKSUM_PREFIX.length()));
                if (archiveCommentLength != CHECKSUM_LENGTH || !comment.equals(CHECKSUM_PREFIX + expected)) {
                    throw new ModelFormatException(source, "checksum mismatch (the file is corrupt)");
                }
            }
            int count = buffer.getShort(end + 10) & 0xffff;
            long directorySize = buffer.getInt(end + 12) & 0xffffffffL;
            long offset = buffer.getInt(end + 16) & 0xffffffffL;
            if (offset + directorySize != end) {
                throw new ModelFormatException(source, "corrupt zip end record");
            }
            CentralDirectory directory = new CentralDirectory();
            int at = (int) offset;
            for (int i = 0; i < count; i++) {
                if (at + 46 > end || buffer.getInt(at) != 0x02014b50) {
                    throw new ModelFormatException(source, "corrupt zip central directory");
                }
                long crc = buffer.getInt(at + 16) & 0xffffffffL;
                long uncompressed = buffer.getInt(at + 24) & 0xffffffffL;
                int nameLength = buffer.getShort(at + 28) & 0xffff;
                int extraLength = buffer.getShort(at + 30) & 0xffff;
                int commentLength = buffer.getShort(at + 32) & 0xffff;
                if (at + 46 + nameLength > end) {
                    throw new ModelFormatException(source, "corrupt zip central directory");
                }
                String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
                if (directory.crcByName.put(name, crc) != null) {
                    throw new ModelFormatException(source, "duplicate entry " + name);
                }
                directory.sizeByName.put(name, uncompressed);
                directory.totalSize += uncompressed;
                at += 46 + nameLength + extraLength + commentLength;
            }
            if (at != end) {
                throw new ModelFormatException(source, "corrupt zip central directory");
            }
            return directory;
        }
    }

    /** Typed access to manifest fields, with errors naming the field. */
    private static final class Manifest {
        private final String source;

        Manifest(String source) {
            this.source = source;
        }

        @SuppressWarnings("unchecked")
        static <T> T castMap(Object value) {
            return (T) value;
        }

        private Object required(Map<String, Object> map, String key) throws ModelFormatException {
            if (!map.containsKey(key) || map.get(key) == null) {
                throw new ModelFormatException(source, MANIFEST + " lacks the field '" + key + "'");
            }
            return map.get(key);
        }

        String string(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof String)) {
                throw new ModelFormatException(source, MANIFEST + " field '" + key + "' is not a string: " + value);
            }
            return (String) value;
        }

        double number(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof Double)) {
                throw new ModelFormatException(source, MANIFEST + " field '" + key + "' is not a number: " + value);
            }
            return (Double) value;
        }

        int integer(Map<String, Object> map, String key) throws ModelFormatException {
            double value = number(map, key);
            if (value != Math.rint(value) || Math.abs(value) > 1e9) {
                throw new ModelFormatException(source, MANIFEST + " field '" + key + "' is not an integer: " + value);
            }
            return (int) value;
        }

        Map<String, Object> object(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof Map)) {
                throw new ModelFormatException(source, MANIFEST + " field '" + key + "' is not an object");
            }
            return castMap(value);
        }

        List<Object> list(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof List)) {
                throw new ModelFormatException(source, MANIFEST + " field '" + key + "' is not a list");
            }
            return castMap(value);
        }
    }
}
