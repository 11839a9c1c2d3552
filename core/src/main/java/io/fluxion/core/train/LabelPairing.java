package io.fluxion.core.train;

import io.fluxion.core.coupling.Coupling;
import java.util.random.RandomGenerator;

/**
 * Pairs a labelled minibatch class by class: the rows of x1 of each class are gathered with as
 * many rows of x0, the coupling pairs them, and both go back to the rows they came from. So a
 * minibatch OT coupling never pairs a noise point with data of another class, and conditional
 * paths stay as straight as unconditional ones (Tong et al., "Improving and generalizing
 * flow-based generative models with minibatch optimal transport", arXiv 2302.00482; the
 * condition-aware coupling of Cheng et al., "C²OT", arXiv 2503.10636, is the same idea with a
 * condition term in the cost). Scratch is kept between calls; one per training run.
 */
final class LabelPairing {

    private final int d;
    private final int[] counts;
    private final int[] rows;
    private final float[] group0;
    private final float[] group1;

    LabelPairing(int batch, int d, int classes) {
        this.d = d;
        this.counts = new int[classes];
        this.rows = new int[batch];
        this.group0 = new float[batch * d];
        this.group1 = new float[batch * d];
    }

    /** Reorders x0's rows so that each class's rows are paired by {@code coupling} within the class. */
    void pair(Coupling coupling, float[] x0, float[] x1, int[] labels, RandomGenerator random) {
        java.util.Arrays.fill(counts, 0);
        for (int label : labels) {
            counts[label]++;
        }
        for (int k = 0; k < counts.length; k++) {
            int m = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    rows[m] = i;
                    System.arraycopy(x0, i * d, group0, m * d, d);
                    System.arraycopy(x1, i * d, group1, m * d, d);
                    m++;
                }
            }
            if (m == 0) {
                continue;
            }
            if (m > 1) {
                coupling.pair(group0, group1, m, d, random);
            }
            for (int r = 0; r < m; r++) {
                System.arraycopy(group0, r * d, x0, rows[r] * d, d);
            }
        }
    }
}
