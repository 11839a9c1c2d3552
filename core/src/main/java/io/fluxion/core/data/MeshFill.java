package io.fluxion.core.data;

import java.util.Locale;

/** Where points are drawn from a mesh: on its surface (area-weighted) or inside it (closed meshes). */
public enum MeshFill {
    SURFACE,
    VOLUME;

    /** {@code surface} or {@code volume}, any case. */
    public static MeshFill byName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "surface" -> SURFACE;
            case "volume" -> VOLUME;
            default -> throw new IllegalArgumentException("--fill: unknown value '" + name + "' (known: surface, volume)");
        };
    }
}
