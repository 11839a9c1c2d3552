package io.fluxion.render;

/** How {@link ParticleRenderer} colours a particle. */
public enum ColourMode {
    /** By speed |v| through the palette (slow: first stop, fast: last). */
    SPEED,
    /** By flow time t through the palette (noise at t = 0: first stop, data at t = 1: last). */
    TIME,
    /** By the data's own colour at the particle's position (a {@link ColourMap}), blended in as t → 1. */
    DATA
}
