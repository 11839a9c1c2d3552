/**
 * Optimisers for training: {@link io.fluxion.core.train.optim.Adam} (Kingma and Ba, "Adam: A
 * Method for Stochastic Optimization", arXiv 1412.6980, with decoupled weight decay as in
 * Loshchilov and Hutter, "Decoupled Weight Decay Regularization", arXiv 1711.05101).
 */
package io.fluxion.core.train.optim;
