/**
 * Conditional flow matching training as a cold {@code Flux} of
 * {@link io.fluxion.core.train.TrainingEvent}s ({@link io.fluxion.core.train.CfmTrainer}), set up
 * by {@link io.fluxion.core.train.TrainingConfig}: time sampling, loss weights, couplings, EMA.
 */
package io.fluxion.core.train;
