package io.fluxion.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.TestResources;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    static Model smallModel(long seed) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 8, 2);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("steps", "123");
        metadata.put("data", "checkerboard \"quoted\"");
        return new Model("small", new MlpVelocityField(MlpParameters.initialise(architecture, seed)),
                Schedules.cosine(), new Normalization(new float[] {0.25f, -1f}, 1.5f), metadata);
    }

    static float[] outputs(Model model) {
        SplittableRandom random = new SplittableRandom(99);
        int n = 64;
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            t[i] = i / (float) n;
        }
        float[] out = new float[2 * n];
        model.field().evaluate(x, n, t, out);
        return out;
    }

    @Test
    void roundTripGivesBitIdenticalOutputs(@TempDir Path folder) throws IOException {
        Model model = smallModel(1);
        Path file = folder.resolve("small.fluxion");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertArrayEquals(outputs(model), outputs(loaded));
        assertEquals("small", loaded.name());
        assertEquals(model.schedule().describe(), loaded.schedule().describe());
        assertArrayEquals(model.normalization().mean(), loaded.normalization().mean());
        assertEquals(model.normalization().scale(), loaded.normalization().scale());
        assertEquals(model.metadata(), loaded.metadata());
        assertEquals(((MlpVelocityField) model.field()).architecture(), ((MlpVelocityField) loaded.field()).architecture());
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntact(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("keep.fluxion");
        Model original = smallModel(1);
        ModelFiles.save(original, file);
        byte[] replacement = ModelFiles.toBytes(smallModel(2));
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(replacement, 0, replacement.length / 2);
            throw new IOException("simulated crash mid-save");
        }));
        assertArrayEquals(outputs(original), outputs(ModelFiles.load(file)));
        try (var listing = Files.list(folder)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(new Model("exact",
                new GaussianMixtureField(GaussianMixture.isotropic("g", new double[] {1}, new double[][] {{0, 0}},
                        new double[] {1}), Schedules.condOt(0)), Schedules.condOt(0), Normalization.identity(2),
                Map.of()), file));
        assertArrayEquals(outputs(original), outputs(ModelFiles.load(file)));
    }

    @Test
    void everyTruncationFailsWithTheFileName() throws IOException {
        byte[] whole = ModelFiles.toBytes(smallModel(3));
        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(whole, length);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(prefix, "cut.fluxion"),
                    "length " + length);
            assertTrue(e.getMessage().startsWith("cut.fluxion: "), e.getMessage());
        }
    }

    @Test
    void emptyFileSaysSo() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(new byte[0], "e.fluxion"));
        assertEquals("e.fluxion: file is empty", e.getMessage());
    }

    @Test
    void everyFlippedBitIsRejected() throws IOException {
        byte[] whole = ModelFiles.toBytes(smallModel(4));
        for (int position = 0; position < whole.length; position++) {
            byte[] damaged = whole.clone();
            damaged[position] ^= (byte) (1 << (position % 8));
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> ModelFiles.load(damaged, "flipped.fluxion"), "flip at byte " + position);
            assertTrue(e.getMessage().startsWith("flipped.fluxion: "), e.getMessage());
        }
    }

    /** The entries of a model file, to tamper with. */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return buffer.toByteArray();
    }

    private static void assertRejected(Map<String, byte[]> entries, String expected) throws IOException {
        byte[] bytes = zip(entries);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(bytes, "bad.fluxion"));
        assertTrue(e.getMessage().startsWith("bad.fluxion: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void badContentsAreNamed() throws IOException {
        Map<String, byte[]> good = entries(ModelFiles.toBytes(smallModel(5)));
        String manifest = new String(good.get("model.json"), StandardCharsets.UTF_8);

        Map<String, byte[]> version = new LinkedHashMap<>(good);
        version.put("model.json", manifest.replace("\"formatVersion\": 1", "\"formatVersion\": 2").getBytes(StandardCharsets.UTF_8));
        assertRejected(version, "unknown format version 2");

        Map<String, byte[]> missing = new LinkedHashMap<>(good);
        missing.remove("layer1.bias.npy");
        assertRejected(missing, "missing tensor layer1.bias.npy");

        Map<String, byte[]> extra = new LinkedHashMap<>(good);
        extra.put("layer9.weight.npy", Npy.toBytes(NpyArray.of(new float[4], 2, 2)));
        assertRejected(extra, "unexpected entries [layer9.weight.npy]");

        Map<String, byte[]> shape = new LinkedHashMap<>(good);
        shape.put("layer1.weight.npy", Npy.toBytes(NpyArray.of(new float[8 * 8], 4, 16)));
        assertRejected(shape, "tensor layer1.weight has shape (4, 16), expected (8, 8)");

        Map<String, byte[]> bigEndian = new LinkedHashMap<>(good);
        bigEndian.put("layer0.bias.npy", TestResources.npyFixture("big_endian.npy"));
        assertRejected(bigEndian, "big-endian");

        Map<String, byte[]> fortran = new LinkedHashMap<>(good);
        fortran.put("layer0.bias.npy", TestResources.npyFixture("fortran.npy"));
        assertRejected(fortran, "Fortran-order");

        Map<String, byte[]> nan = new LinkedHashMap<>(good);
        float[] bias = new float[8];
        bias[3] = Float.NaN;
        nan.put("layer0.bias.npy", Npy.toBytes(NpyArray.of(bias, 8)));
        assertRejected(nan, "tensor layer0.bias holds NaN at index 3");

        Map<String, byte[]> noManifest = new LinkedHashMap<>(good);
        noManifest.remove("model.json");
        assertRejected(noManifest, "no model.json");

        Map<String, byte[]> badJson = new LinkedHashMap<>(good);
        badJson.put("model.json", manifest.substring(0, 40).getBytes(StandardCharsets.UTF_8));
        assertRejected(badJson, "model.json is not valid JSON");

        Map<String, byte[]> deep = new LinkedHashMap<>(good);
        deep.put("model.json", "[".repeat(200_000).getBytes(StandardCharsets.UTF_8));
        assertRejected(deep, "nested deeper than 64 levels");

        Map<String, byte[]> huge = new LinkedHashMap<>(good);
        huge.put("model.json", (" ".repeat(2 << 20) + manifest).getBytes(StandardCharsets.UTF_8));
        assertRejected(huge, "model.json declares 2097");

        Map<String, byte[]> badSchedule = new LinkedHashMap<>(good);
        badSchedule.put("model.json", manifest.replace("\"cosine\"", "\"warp\"").getBytes(StandardCharsets.UTF_8));
        assertRejected(badSchedule, "unknown schedule 'warp'");

        ModelFormatException notZip = assertThrows(ModelFormatException.class,
                () -> ModelFiles.load("just some text, not a zip at all".getBytes(StandardCharsets.UTF_8), "text.fluxion"));
        assertTrue(notZip.getMessage().contains("not a model file"), notZip.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path folder) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFiles.load(folder.resolve("nope.fluxion")));
        assertTrue(e.getMessage().contains("nope.fluxion"));
    }

    /** A device or pipe has no size to check first: /dev/zero would be read until the heap runs out. */
    @Test
    void aDeviceIsNotReadAsAModel() {
        Path device = Path.of("/dev/zero");
        if (Files.exists(device)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(device));
            assertTrue(e.getMessage().contains("/dev/zero: is not a regular file"), e.getMessage());
        }
    }

    @Test
    void pytorchWeightsPackedByTheScriptGiveTheReferenceOutputs() throws IOException {
        byte[] file;
        try (InputStream in = getClass().getResourceAsStream("/models/pytorch_packed.fluxion")) {
            file = in.readAllBytes();
        }
        Model model = ModelFiles.load(file, "pytorch_packed.fluxion");
        assertEquals("pytorch-fixture", model.name());
        assertArrayEquals(new float[] {0.5f, -0.25f}, model.normalization().mean());
        assertEquals(2f, model.normalization().scale());
        NpyArray inputs;
        NpyArray expected;
        try (InputStream in = getClass().getResourceAsStream("/models/pytorch_inputs.npy");
             InputStream out = getClass().getResourceAsStream("/models/pytorch_expected.npy")) {
            inputs = Npy.read(in.readAllBytes(), "pytorch_inputs.npy");
            expected = Npy.read(out.readAllBytes(), "pytorch_expected.npy");
        }
        int n = inputs.shape()[0];
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = inputs.data()[3 * i];
            x[2 * i + 1] = inputs.data()[3 * i + 1];
            t[i] = inputs.data()[3 * i + 2];
        }
        float[] out = new float[2 * n];
        model.field().evaluate(x, n, t, out);
        for (int k = 0; k < out.length; k++) {
            assertEquals(expected.data()[k], out[k], 1e-5, "output " + k);
        }
    }
}
