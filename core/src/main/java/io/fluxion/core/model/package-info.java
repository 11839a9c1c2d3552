/**
 * A trained model ({@link io.fluxion.core.model.Model}: field, schedule, normalisation, metadata)
 * and its file format ({@link io.fluxion.core.model.ModelFiles}: a zip of a JSON manifest and one
 * {@code .npy} per tensor, with a whole-file checksum).
 */
package io.fluxion.core.model;
