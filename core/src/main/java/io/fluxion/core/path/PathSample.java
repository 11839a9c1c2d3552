package io.fluxion.core.path;

/**
 * Points x_t [n, d] on a path and their conditional target velocities u_t [n, d], row-major.
 * The record owns the two arrays it was given.
 */
public record PathSample(float[] xt, float[] ut) {
}
