/**
 * Sampling and likelihood: {@link io.fluxion.core.sample.Sampler} (noise integrated to data),
 * {@link io.fluxion.core.sample.Likelihood} (log-densities by the instantaneous change of
 * variables, exact or Hutchinson divergence) and the augmented field that carries log-densities
 * along a flow.
 */
package io.fluxion.core.sample;
