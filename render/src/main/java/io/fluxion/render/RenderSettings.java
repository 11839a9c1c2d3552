package io.fluxion.render;

import java.util.Objects;

/**
 * What {@link ParticleRenderer} draws and how; read every frame, so changes apply at the next one.
 * Mutable; render thread only.
 */
public final class RenderSettings {

    private ColourMode colourMode = ColourMode.SPEED;
    private Palette palette = Palette.EMBER;
    private float pointSize = 2f;
    private float brightness = 1f;
    private float speedScale = 0.25f;
    private boolean trails;
    private float trailFade = 0.85f;
    private int densityThreshold = 50_000;

    public ColourMode colourMode() { return colourMode; }
    public Palette palette() { return palette; }
    public float pointSize() { return pointSize; }
    public float brightness() { return brightness; }
    public float speedScale() { return speedScale; }
    public boolean trails() { return trails; }
    public float trailFade() { return trailFade; }
    public int densityThreshold() { return densityThreshold; }

    public RenderSettings colourMode(ColourMode value) {
        colourMode = Objects.requireNonNull(value, "colourMode");
        return this;
    }

    public RenderSettings palette(Palette value) {
        palette = Objects.requireNonNull(value, "palette");
        return this;
    }

    /** Point sprite diameter in pixels, 1..64. */
    public RenderSettings pointSize(float pixels) {
        pointSize = check("pointSize", pixels, 1, 64);
        return this;
    }

    /** Overall light multiplier (1: a covered area reaches about 80 % brightness whatever the count). */
    public RenderSettings brightness(float value) {
        brightness = check("brightness", value, 0.01f, 100);
        return this;
    }

    /** Speed mapped to the palette's top, as its reciprocal: u = |v|·speedScale. */
    public RenderSettings speedScale(float value) {
        speedScale = check("speedScale", value, 1e-4f, 1e4f);
        return this;
    }

    public RenderSettings trails(boolean value) {
        trails = value;
        return this;
    }

    /** Fraction of the previous frames' light kept each frame when trails are on, 0..0.99. */
    public RenderSettings trailFade(float value) {
        trailFade = check("trailFade", value, 0, 0.99f);
        return this;
    }

    /** Above this many particles the density renderer (CPU splat, one resolve pass) is used. */
    public RenderSettings densityThreshold(int particles) {
        if (particles < 0) {
            throw new IllegalArgumentException("densityThreshold must be >= 0, got " + particles);
        }
        densityThreshold = particles;
        return this;
    }

    private static float check(String name, float value, float min, float max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }
}
