/**
 * Data sets as {@link io.fluxion.core.data.PointSource}s: the toy 2-D sets, Gaussian mixtures,
 * text and pictures drawn as points, and point files (CSV, {@code .npy}) read with validation.
 */
package io.fluxion.core.data;
