/**
 * How Fluxion's work shares the machine: {@link io.fluxion.core.compute.ComputeScheduler} (one
 * thread per core, one first-in first-out queue), {@link io.fluxion.core.compute.Slices} (cold
 * generators whose every frame or training step is a task of its own, so streams and training
 * runs share the cores fairly) and {@code ParallelRanges} (splits one batch over the cores; used
 * inside the library, not part of its API).
 */
package io.fluxion.core.compute;
