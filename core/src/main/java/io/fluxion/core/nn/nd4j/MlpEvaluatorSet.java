package io.fluxion.core.nn.nd4j;

import io.fluxion.core.compute.ParallelRanges;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;

/**
 * The ND4J inference buffers one call of {@link MlpVelocityField} works in: an {@link MlpEvaluator}
 * per part of the batch split over the cores ({@link ParallelRanges}, rows [from, to) per part,
 * see {@link BlasThreads}), each grown by doubling to the most rows its part has had. The field
 * lends a set to one call at a time from a pool, so concurrent callers never share buffers, and
 * there are never more sets than calls that have run at once (pool threads that come and go leave
 * nothing behind, as thread-local buffers would).
 */
public final class MlpEvaluatorSet {

    private final MlpArchitecture architecture;
    private final MlpEvaluator[] evaluators = new MlpEvaluator[ParallelRanges.maxParts()];

    public MlpEvaluatorSet(MlpArchitecture architecture) {
        this.architecture = architecture;
    }

    /**
     * v(x_i, t_i, label_i) into out [n, d]; times null means every row at {@code sharedTime}, labels
     * null no label.
     */
    public void evaluate(Nd4jParameters parameters, float[] x, int n, float sharedTime, float[] times, int[] labels,
                         float[] out) {
        int block = blockRows();
        ParallelRanges.run(n, BlasThreads.minRowsPerPart(n), (part, from, to) -> {
            for (int start = from; start < to; start += block) {
                evaluator(part, Math.min(block, to - start)).evaluate(parameters, x, start, sharedTime, times, labels, out);
            }
        });
    }

    /** v and its exact divergence, split like {@link #evaluate}. */
    public void evaluateWithDivergence(Nd4jParameters parameters, float[] x, int n, float[] times, float[] out,
                                float[] divergence) {
        int block = blockRows();
        ParallelRanges.run(n, BlasThreads.minRowsPerPart(n), (part, from, to) -> {
            for (int start = from; start < to; start += block) {
                evaluator(part, Math.min(block, to - start)).evaluateWithDivergence(parameters, x, start, times, out, divergence);
            }
        });
    }

    /**
     * The most rows one evaluator holds: a hidden activation of {@link #MAX_ACTIVATION_FLOATS}
     * (a wide net with many rows would otherwise need buffers past 2^31 elements); a part with
     * more rows runs in blocks.
     */
    private int blockRows() {
        return (int) Math.max(1, MAX_ACTIVATION_FLOATS / architecture.width());
    }

    /** The largest hidden activation one evaluator allocates, in floats (64 MB). */
    static final long MAX_ACTIVATION_FLOATS = 1L << 24;

    private MlpEvaluator evaluator(int part, int rows) {
        MlpEvaluator evaluator = evaluators[part];
        if (evaluator == null || evaluator.capacity < rows) {
            int capacity = evaluator == null ? rows
                    : Math.max(rows, (int) Math.min(Integer.MAX_VALUE / 2, 2L * evaluator.capacity));
            if (evaluator != null) {
                evaluator.close();
            }
            evaluator = new MlpEvaluator(architecture, capacity);
            evaluators[part] = evaluator;
        }
        evaluator.rows(rows);
        return evaluator;
    }

    /** Frees every part's native buffers now; the set must not be used afterwards. */
    public void close() {
        for (int p = 0; p < evaluators.length; p++) {
            if (evaluators[p] != null) {
                evaluators[p].close();
                evaluators[p] = null;
            }
        }
    }
}
