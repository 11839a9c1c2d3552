/**
 * Workloads of {@code fluxion bench} that need more than a few lines: the FMA peak, the streams
 * sharing the cores, and the renderer.
 */
package io.fluxion.demo.bench;
