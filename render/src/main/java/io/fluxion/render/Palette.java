package io.fluxion.render;

/** Three-stop colour ramps (RGB in [0, 1]) for speed and time colouring, linear between stops. */
public enum Palette {
    /** Deep blue → violet → warm orange. */
    EMBER(0.20f, 0.35f, 1.00f, 0.75f, 0.30f, 0.85f, 1.00f, 0.60f, 0.20f),
    /** Teal → pale cyan → white. */
    ICE(0.05f, 0.45f, 0.60f, 0.40f, 0.85f, 1.00f, 1.00f, 1.00f, 1.00f),
    /** Viridis-like: purple → teal → yellow. */
    VIRIDIS(0.27f, 0.00f, 0.33f, 0.13f, 0.57f, 0.55f, 0.99f, 0.91f, 0.14f);

    private final float[] stops;

    Palette(float... stops) {
        this.stops = stops;
    }

    /** A copy of the three stops, 9 floats (r, g, b per stop). */
    public float[] stops() {
        return stops.clone();
    }

    /** Writes the colour at u ∈ [0, 1] (clamped) into out[offset .. offset+2]. */
    public void colourAt(float u, float[] out, int offset) {
        float v = Math.max(0f, Math.min(1f, u)) * 2f;
        int low = v < 1f ? 0 : 3;
        float f = v < 1f ? v : v - 1f;
        for (int c = 0; c < 3; c++) {
            out[offset + c] = stops[low + c] + (stops[low + 3 + c] - stops[low + c]) * f;
        }
    }

    /** The palette called {@code name} (case-insensitive). */
    public static Palette byName(String name) {
        for (Palette palette : values()) {
            if (palette.name().equalsIgnoreCase(name)) {
                return palette;
            }
        }
        throw new IllegalArgumentException("unknown palette '" + name + "' (ember, ice, viridis)");
    }

    /** The next palette in declaration order, wrapping around. */
    public Palette next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
