/**
 * Velocity networks: the architecture ({@link io.fluxion.core.nn.MlpArchitecture}), the weights
 * ({@link io.fluxion.core.nn.MlpParameters}, a heap array; the ND4J engine copies them off the
 * heap only when it runs) and {@link io.fluxion.core.nn.MlpVelocityField}, the
 * front that runs a network on the faster engine for it: the plain-Java Vector API pass
 * ({@link io.fluxion.core.nn.simd}) for SiLU nets up to 512 wide when {@code jdk.incubator.vector}
 * is present, ND4J ({@link io.fluxion.core.nn.nd4j}) otherwise, and always for the divergence
 * and for training.
 */
package io.fluxion.core.nn;
