package io.fluxion.server;

import io.fluxion.core.model.Model;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.train.Reflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models a server offers, by name: the bundled ones (class path, read-only) and the
 * {@code NAME.fluxion} files directly inside the models folder, listed afresh on every call so
 * that files written by another instance sharing the folder appear at once. A name is letters,
 * digits, '.', '_' and '-', at most 64, not starting with '.'; a file whose real path leaves the
 * folder (a link out of it) is not served. Thread-safe (holds no mutable state).
 */
final class ModelCatalog {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    static final String SUFFIX = ".fluxion";

    private final Path folder;
    private final List<String> bundled;

    ModelCatalog(Path folder, List<String> bundled) throws IOException {
        this.folder = folder.toRealPath();
        this.bundled = List.copyOf(bundled);
    }

    Path folder() {
        return folder;
    }

    /** @throws ApiException 400 when {@code name} is not a valid model name */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("model name must be 1-64 letters, digits, '.', '_' or '-' (not starting with '.'), got '"
                    + abbreviate(name) + "'");
        }
        return name;
    }

    boolean isBundled(String name) {
        return bundled.contains(name);
    }

    /** @return the key of the named model; @throws ApiException 400 for a bad name, 404 for an unknown one */
    ModelKey key(String name) {
        checkName(name);
        if (bundled.contains(name)) {
            return ModelKey.bundled(name);
        }
        Path file = folder.resolve(name + SUFFIX);
        if (!Files.isRegularFile(file) || !inside(file)) {
            throw ApiException.notFound("no model '" + name + "' (GET /api/models lists them)");
        }
        return ModelKey.file(file);
    }

    /** @return the file a training job writes the named model to */
    Path fileFor(String name) {
        return folder.resolve(checkName(name) + SUFFIX);
    }

    /** @return every name served: bundled first, then the folder's files in name order */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>(bundled);
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.forEach(file -> {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(SUFFIX)) {
                    String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                    if (NAME.matcher(name).matches() && !bundled.contains(name) && Files.isRegularFile(file) && inside(file)) {
                        files.add(name);
                    }
                }
            });
        }
        names.addAll(files);
        return names;
    }

    /** The JSON description of a model: name, dimension, labels, steps, solver, source. */
    Map<String, Object> describe(String name, Model model) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("dimension", model.dimension());
        info.put("labels", model.labelNames());
        info.put("steps", Reflow.sampleSteps(model));
        info.put("solver", Reflow.sampleSolver(model));
        info.put("trainingSteps", model.metadata().getOrDefault("steps", null));
        info.put("source", bundled.contains(name) ? "bundled" : name + SUFFIX);
        return info;
    }

    private boolean inside(Path file) {
        try {
            return file.toRealPath().getParent().equals(folder);
        } catch (IOException e) {
            return false;
        }
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
