package io.fluxion.core.field;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits [0, count) into contiguous parts, one per core (at most eight), each of at least
 * {@code minPerPart} items: part 0 runs on the calling thread, the others on the common fork-join
 * pool, and {@link #run} returns when all are done. Used by the Java kernels (SiLU, the small-net
 * forward pass, the baked field); a few small task objects per call, no buffers.
 */
final class ParallelRanges {

    private static final int PARTS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private ParallelRanges() {
    }

    /** The most parts a range is split into (the number of per-part accumulators a caller needs). */
    static int maxParts() {
        return PARTS;
    }

    /** Work on items [from, to) as part {@code part} (0 ≤ part < {@link #maxParts()}). */
    @FunctionalInterface
    interface Body {
        void run(int part, int from, int to);
    }

    static void run(int count, int minPerPart, Body body) {
        int parts = Math.max(1, Math.min(PARTS, count / Math.max(1, minPerPart)));
        if (parts == 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            body.run(0, 0, count);
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            int from = (int) ((long) count * p / parts);
            int to = (int) ((long) count * (p + 1) / parts);
            tasks[p - 1] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(part, from, to);
                }
            };
            tasks[p - 1].fork();
        }
        body.run(0, 0, (int) ((long) count / parts));
        for (RecursiveAction task : tasks) {
            task.join();
        }
    }
}
