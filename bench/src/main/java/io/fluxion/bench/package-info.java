/**
 * JMH micro-benchmarks of the hot paths: the forward pass (ND4J against the Vector API pass), one
 * solver step (network or baked field) and the minibatch couplings.
 */
package io.fluxion.bench;
