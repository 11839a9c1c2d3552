/**
 * Distances between point sets for judging samples: exact and sliced Wasserstein-2, maximum
 * mean discrepancy and energy distance.
 */
package io.fluxion.core.metrics;
