/**
 * Internal: the ND4J engine of the networks (evaluators and their buffers, batches split over the
 * cores with single-threaded BLAS, hand-written backpropagation, SiLU kernels on ND4J's off-heap
 * buffers). Not part of the API: names and signatures change without notice.
 */
package io.fluxion.core.nn.nd4j;
