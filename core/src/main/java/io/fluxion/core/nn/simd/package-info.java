/**
 * Internal: the forward pass of SiLU networks in plain Java with the JDK's Vector API (blocked
 * products with the bias and SiLU fused, a rational SiLU without exponentials), and the check of
 * whether {@code jdk.incubator.vector} is present. Not part of the API.
 */
package io.fluxion.core.nn.simd;
