package io.fluxion.core.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Names a model for the {@link ModelStore}: a model file on disk, or a model file on the class
 * path (the bundled models). Immutable; equal keys share one cache entry.
 *
 * @param file     a model file, or null
 * @param resource a class-path resource such as {@code /models/checkerboard.fluxion}, or null
 */
public record ModelKey(Path file, String resource) {

    public ModelKey {
        if ((file == null) == (resource == null)) {
            throw new IllegalArgumentException("ModelKey: give exactly one of a file and a resource");
        }
        file = file == null ? null : file.toAbsolutePath().normalize();
    }

    public static ModelKey file(Path file) {
        return new ModelKey(Objects.requireNonNull(file, "file"), null);
    }

    /** A bundled model, {@code /models/NAME.fluxion} on the class path. */
    public static ModelKey bundled(String name) {
        return new ModelKey(null, "/models/" + Objects.requireNonNull(name, "name") + ".fluxion");
    }

    @Override
    public String toString() {
        return file != null ? file.toString() : "classpath:" + resource;
    }
}
