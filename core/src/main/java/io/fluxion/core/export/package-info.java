/**
 * What a model learns, written for game engines: the velocity at a chosen flow time sampled on
 * a 3-D grid ({@link io.fluxion.core.export.VelocityGrid}) as Unreal's FGA vector field, Unity's
 * {@code .vf} volume, or a NumPy {@code .npy} array; and samples as a Unity VFX Graph point
 * cache ({@code .pCache}). Each format is written to its public specification, atomically.
 */
package io.fluxion.core.export;
