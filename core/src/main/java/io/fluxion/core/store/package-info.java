/**
 * Loaded models shared between streams: {@link io.fluxion.core.store.ModelStore} (a Caffeine
 * cache bounded by bytes, one load per key, hot reload that keeps the last good model),
 * {@link io.fluxion.core.store.ModelLease} (holds a model's weights) and
 * {@link io.fluxion.core.store.ModelEvent} (what happened to a model).
 */
package io.fluxion.core.store;
