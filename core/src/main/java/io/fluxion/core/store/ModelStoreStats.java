package io.fluxion.core.store;

/**
 * Counts of a {@link ModelStore}: cache hits and misses, successful and failed loads,
 * evictions, models whose weights were freed, models cached now and their parameter bytes,
 * and open leases.
 */
public record ModelStoreStats(long hits, long misses, long loads, long failedLoads, long evictions, long freed,
                              long cached, long cachedBytes, long openLeases) {
}
