/**
 * The velocity-field API: {@link io.fluxion.core.field.VelocityField} (batches as row-major
 * {@code float[]}, caller-owned), {@link io.fluxion.core.field.DivergenceField} (exact divergence
 * for log-densities), and the fields that are not networks: the exact field of a Gaussian mixture
 * and a network baked onto a grid. Networks are in {@link io.fluxion.core.nn}.
 */
package io.fluxion.core.field;
