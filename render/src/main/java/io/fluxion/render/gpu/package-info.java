/**
 * The flow on the GPU: {@link io.fluxion.render.gpu.GpuFlow} evaluates a network or a baked field
 * in an OpenGL compute shader and steps (or runs an emitter of) particles that never leave GPU
 * memory; the renderer draws them from there.
 */
package io.fluxion.render.gpu;
