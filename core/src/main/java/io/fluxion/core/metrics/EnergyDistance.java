package io.fluxion.core.metrics;

/**
 * The energy distance 2·E|X − Y| − E|X − X'| − E|Y − Y'| between the empirical measures of
 * a [n, d] and b [m, d] (row-major; V-statistics, so ≥ 0 and 0 for identical sets).
 * Stateless and thread-safe; O((n + m)²·d).
 */
public final class EnergyDistance {

    private EnergyDistance() {
    }

    public static double of(float[] a, int n, float[] b, int m, int d) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("EnergyDistance: sets must be non-empty, got n=" + n + ", m=" + m);
        }
        Wasserstein.requireLength(a, n, d, "a");
        Wasserstein.requireLength(b, m, d, "b");
        double cross = meanDistance(a, n, b, m, d);
        double within = meanDistance(a, n, a, n, d) + meanDistance(b, m, b, m, d);
        return Math.max(0, 2 * cross - within);
    }

    private static double meanDistance(float[] a, int n, float[] b, int m, int d) {
        return PairMeans.mean(a, n, b, m, d, Math::sqrt);
    }
}
