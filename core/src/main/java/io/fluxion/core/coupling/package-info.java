/**
 * Pairings of source and data points within a minibatch: independent, exact optimal transport
 * (the Hungarian algorithm) and entropic OT (Sinkhorn); see Tong et al., "Improving and
 * generalizing flow-based generative models with minibatch optimal transport", arXiv 2302.00482.
 */
package io.fluxion.core.coupling;
