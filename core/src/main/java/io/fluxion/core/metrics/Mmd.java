package io.fluxion.core.metrics;

/**
 * Maximum mean discrepancy with the RBF kernel k(x, y) = exp(−|x − y|²/(2h²)) between
 * a [n, d] and b [m, d] (row-major). Stateless and thread-safe; O((n + m)²·d).
 */
public final class Mmd {

    private Mmd() {
    }

    /**
     * The biased (V-statistic) estimate of MMD², mean k(a, a') + mean k(b, b') − 2·mean k(a, b),
     * which is ≥ 0 and exactly 0 for identical sets.
     *
     * @param bandwidth h &gt; 0
     */
    public static double squared(float[] a, int n, float[] b, int m, int d, double bandwidth) {
        if (!(bandwidth > 0) || n < 1 || m < 1) {
            throw new IllegalArgumentException("Mmd: need bandwidth > 0 and non-empty sets, got h=" + bandwidth
                    + ", n=" + n + ", m=" + m);
        }
        Wasserstein.requireLength(a, n, d, "a");
        Wasserstein.requireLength(b, m, d, "b");
        double gamma = 1 / (2 * bandwidth * bandwidth);
        double aa = meanKernel(a, n, a, n, d, gamma);
        double bb = meanKernel(b, m, b, m, d, gamma);
        double ab = meanKernel(a, n, b, m, d, gamma);
        return Math.max(0, aa + bb - 2 * ab);
    }

    private static double meanKernel(float[] a, int n, float[] b, int m, int d, double gamma) {
        return PairMeans.mean(a, n, b, m, d, squared -> Math.exp(-gamma * squared));
    }
}
