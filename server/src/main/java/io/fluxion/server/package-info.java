/**
 * Fluxion over the network: {@link io.fluxion.server.FluxionServer} (HTTP, WebSocket and
 * server-sent events on Reactor Netty), its {@link io.fluxion.server.ServerConfig}, and the wire
 * layout of a particle frame, {@link io.fluxion.server.FrameCodec}. Everything else here is
 * internal: settings, frame sources, shared spectator emitters, training jobs, uploads, batches.
 */
package io.fluxion.server;
