package io.fluxion.core.model;

import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code model.json} says of a model: its name, the network's architecture, the path
 * schedule, the data normalisation and the training metadata. {@link #parse} checks every field
 * (type, presence, range, format name and version) and names the file and the field of the first
 * problem; {@link #toJson} writes it with the tensor list a reader in another language needs.
 * Immutable.
 *
 * @param name          the model's name
 * @param architecture  the network's sizes and activation
 * @param schedule      the path schedule it was trained on
 * @param normalization the map between model and data coordinates
 * @param metadata      training settings and results, as strings (read-only)
 */
public record ModelManifest(String name, MlpArchitecture architecture, Schedule schedule, Normalization normalization,
                            Map<String, String> metadata) {

    public ModelManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(normalization, "normalization");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The manifest of a network model. */
    static ModelManifest of(Model model, MlpArchitecture architecture) {
        return new ModelManifest(model.name(), architecture, model.schedule(), model.normalization(), model.metadata());
    }

    /** The JSON of {@code model.json}, UTF-8. */
    byte[] toJson() {
        List<Object> tensors = new ArrayList<>();
        for (int l = 0; l < architecture.layers(); l++) {
            tensors.add(tensorEntry(MlpParameters.tensorName(l, true), architecture.layerInputs(l),
                    architecture.layerOutputs(l)));
            tensors.add(tensorEntry(MlpParameters.tensorName(l, false), architecture.layerOutputs(l)));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", ModelFiles.FORMAT);
        manifest.put("formatVersion", ModelFiles.FORMAT_VERSION);
        manifest.put("name", name);
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("type", "mlp");
        arch.put("dimension", architecture.dimension());
        arch.put("width", architecture.width());
        arch.put("depth", architecture.depth());
        arch.put("activation", architecture.activation().label());
        arch.put("fourierFrequencies", architecture.fourierFrequencies());
        if (architecture.isConditional()) {
            arch.put("labels", architecture.labels()); // one-hot inputs after the time features
        }
        arch.put("weightLayout", "[in, out]: a layer computes x·W + b");
        manifest.put("architecture", arch);
        manifest.put("path", Map.of("schedule", schedule.describe()));
        Map<String, Object> norm = new LinkedHashMap<>();
        List<Object> mean = new ArrayList<>();
        for (float m : normalization.mean()) {
            mean.add((double) m);
        }
        norm.put("mean", mean);
        norm.put("scale", (double) normalization.scale());
        manifest.put("normalization", norm);
        manifest.put("training", new LinkedHashMap<>(metadata));
        manifest.put("tensors", tensors);
        return Json.write(manifest).getBytes(StandardCharsets.UTF_8);
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

    /**
     * Reads and checks {@code model.json}.
     *
     * @param source the file's name, for error messages
     * @throws ModelFormatException naming the file and the field
     */
    static ModelManifest parse(byte[] json, String source) throws ModelFormatException {
        Map<String, Object> manifest;
        try {
            Object parsed = Json.parse(new String(json, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map)) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " is not a JSON object");
            }
            manifest = Fields.castMap(parsed);
        } catch (Json.SyntaxException e) {
            throw new ModelFormatException(source, ModelFiles.MANIFEST + " is not valid JSON: " + e.getMessage(), e);
        }
        Fields fields = new Fields(source);
        if (!ModelFiles.FORMAT.equals(fields.string(manifest, "format"))) {
            throw new ModelFormatException(source, "not a Fluxion model (format '" + manifest.get("format") + "')");
        }
        int version = fields.integer(manifest, "formatVersion");
        if (version != ModelFiles.FORMAT_VERSION) {
            throw new ModelFormatException(source, "unknown format version " + version + " (this Fluxion reads version "
                    + ModelFiles.FORMAT_VERSION + ")");
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
                    fields.integer(arch, "fourierFrequencies"), arch.containsKey("labels") ? fields.integer(arch, "labels") : 0);
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
            if (!(meanList.get(j) instanceof Double value)) {
                throw new ModelFormatException(source, "normalization.mean[" + j + "] is not a number");
            }
            mean[j] = value.floatValue();
        }
        Normalization normalization;
        try {
            normalization = new Normalization(mean, (float) fields.number(norm, "scale"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source, e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (manifest.get("training") instanceof Map<?, ?> training) {
            for (Map.Entry<?, ?> entry : training.entrySet()) {
                metadata.put(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
            }
        }
        int classes = architecture.labels();
        if (classes > 0) {
            String names = metadata.get(Model.LABELS_KEY);
            if (names == null) {
                StringBuilder numbers = new StringBuilder();
                for (int k = 0; k < classes; k++) {
                    numbers.append(k == 0 ? "" : "\n").append(k);
                }
                metadata.put(Model.LABELS_KEY, numbers.toString());
            } else if (names.split("\n", -1).length != classes) {
                throw new ModelFormatException(source, "the net takes " + classes + " labels but training." + Model.LABELS_KEY
                        + " names " + names.split("\n", -1).length);
            }
        }
        return new ModelManifest(name, architecture, schedule, normalization, metadata);
    }

    /** Typed access to manifest fields, with errors naming the field. */
    private static final class Fields {
        private final String source;

        Fields(String source) {
            this.source = source;
        }

        @SuppressWarnings("unchecked")
        static <T> T castMap(Object value) {
            return (T) value;
        }

        private Object required(Map<String, Object> map, String key) throws ModelFormatException {
            if (!map.containsKey(key) || map.get(key) == null) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " lacks the field '" + key + "'");
            }
            return map.get(key);
        }

        String string(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof String)) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " field '" + key + "' is not a string: " + value);
            }
            return (String) value;
        }

        double number(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof Double)) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " field '" + key + "' is not a number: " + value);
            }
            return (Double) value;
        }

        int integer(Map<String, Object> map, String key) throws ModelFormatException {
            double value = number(map, key);
            if (value != Math.rint(value) || Math.abs(value) > 1e9) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " field '" + key + "' is not an integer: " + value);
            }
            return (int) value;
        }

        Map<String, Object> object(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof Map)) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " field '" + key + "' is not an object");
            }
            return castMap(value);
        }

        List<Object> list(Map<String, Object> map, String key) throws ModelFormatException {
            Object value = required(map, key);
            if (!(value instanceof List)) {
                throw new ModelFormatException(source, ModelFiles.MANIFEST + " field '" + key + "' is not a list");
            }
            return castMap(value);
        }
    }
}
