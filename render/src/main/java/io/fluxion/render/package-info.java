/**
 * Rendering of particle frames with OpenGL through LWJGL: {@link io.fluxion.render.GlContext}
 * (a GLFW window, or headless EGL), {@link io.fluxion.render.ParticleRenderer} (point sprites from a
 * persistent-mapped ring, or CPU density splats for large counts; trails; 2-D and orbit cameras),
 * {@link io.fluxion.render.Hud}, {@link io.fluxion.render.FrameMailbox} (the bridge from a
 * {@code Flux<ParticleFrame>}), image output ({@link io.fluxion.render.Screenshots},
 * {@link io.fluxion.render.GifRecorder}) and the pure-Java fallback renderer
 * ({@link io.fluxion.render.software.SoftwareRenderer}) for machines with no GL at all.
 */
package io.fluxion.render;
