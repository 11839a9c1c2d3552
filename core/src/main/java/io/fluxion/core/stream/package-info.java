/**
 * Reactive particle streams for games: {@link io.fluxion.core.stream.ParticleStreams} (samples,
 * trajectories, live emitters, newest-frame delivery) of pooled
 * {@link io.fluxion.core.stream.ParticleFrame}s, specified by
 * {@link io.fluxion.core.stream.StreamSpec} and {@link io.fluxion.core.stream.EmitterSpec}.
 */
package io.fluxion.core.stream;
