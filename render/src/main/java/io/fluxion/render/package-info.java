/**
 * Rendering of particle frames: image output ({@link io.fluxion.render.Screenshots},
 * {@link io.fluxion.render.GifRecorder}) and the pure-Java fallback renderer
 * ({@link io.fluxion.render.software.SoftwareRenderer}). The OpenGL renderer comes with issue 5.
 */
package io.fluxion.render;
