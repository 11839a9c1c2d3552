package io.fluxion.core.model;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.io.NpyFormatException;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads model files: a zip ({@link ModelArchive}, with a CRC-32 of the whole file)
 * holding {@code model.json} ({@link ModelManifest}: format, version, architecture, path schedule,
 * data normalisation, training metadata, the tensor list) and one NumPy {@code .npy} per tensor
 * ({@code layer0.weight.npy} [in, out], {@code layer0.bias.npy} [out], …), so Python can read
 * them and PyTorch weights can be packed into the same format ({@code tools/pack_pytorch.py}).
 *
 * <p>Saving is atomic (temporary file, then move). Loading validates everything before building
 * the model: the archive (sizes before allocation, checksums, truncation), the manifest (every
 * field), each tensor's presence, shape and finiteness (through Fluxion's own {@link Npy} reader;
 * ND4J never parses the files), and no extra entries. Any problem is a
 * {@link ModelFormatException} naming the file. Stateless and thread-safe.
 */
public final class ModelFiles {

    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT = "fluxion-model";
    static final String MANIFEST = "model.json";
    /** The largest {@code model.json}: a manifest holds settings and metadata, never weights. */
    private static final long MAX_MANIFEST_BYTES = 1L << 20;

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
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MANIFEST, ModelManifest.of(model, architecture).toJson());
        for (int l = 0; l < architecture.layers(); l++) {
            entries.put(MlpParameters.tensorName(l, true) + ".npy", Npy.toBytes(NpyArray.of(tensors.get(2 * l),
                    architecture.layerInputs(l), architecture.layerOutputs(l))));
            entries.put(MlpParameters.tensorName(l, false) + ".npy", Npy.toBytes(NpyArray.of(tensors.get(2 * l + 1),
                    architecture.layerOutputs(l))));
        }
        return ModelArchive.write(entries);
    }

    /**
     * Loads a model file.
     *
     * @throws NoSuchFileException  when it does not exist
     * @throws ModelFormatException when it is not a valid model file
     */
    public static Model load(Path file) throws IOException {
        return load(ModelArchive.readFile(file), file.toString());
    }

    /**
     * Loads a model from the bytes of a model file.
     *
     * @param source the name used in error messages
     */
    public static Model load(byte[] bytes, String source) throws ModelFormatException {
        Map<String, byte[]> entries = new LinkedHashMap<>(ModelArchive.read(bytes, source,
                Map.of(MANIFEST, MAX_MANIFEST_BYTES)));
        byte[] manifestBytes = entries.remove(MANIFEST);
        if (manifestBytes == null) {
            throw new ModelFormatException(source, "no " + MANIFEST + " in the file");
        }
        ModelManifest manifest = ModelManifest.parse(manifestBytes, source);
        MlpArchitecture architecture = manifest.architecture();
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
        return new Model(manifest.name(), new MlpVelocityField(parameters), manifest.schedule(), manifest.normalization(),
                manifest.metadata());
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
}
