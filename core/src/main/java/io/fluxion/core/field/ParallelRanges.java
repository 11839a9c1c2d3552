package io.fluxion.core.field;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits [0, count) into contiguous parts, one per core (at most eight), each of at least
 * {@code minPerPart} items: part 0 runs on the calling thread, the others on the common fork-join
 * pool, and {@link #run} returns when all are done. Used by the Java kernels (SiLU, the small-net
 * forward pass, the baked field) and to split ND4J networks' batches (each part runs the whole
 * network on its rows, see {@link BlasThreads}); a few small task objects per call, no buffers.
 *
 * <p>A call made from inside a part runs on its thread, unsplit: the outer split already has every
 * core busy (the SiLU kernels inside a network split by rows, for example).
 */
final class ParallelRanges {

    private static final int PARTS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Per thread: how many parts it is running now (more than one only when a pool thread helps while it joins). */
    private static final ThreadLocal<int[]> INSIDE = ThreadLocal.withInitial(() -> new int[1]);

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

    /** How many parts {@link #run} makes of {@code count} items at {@code minPerPart} each (1 inside a part). */
    static int parts(int count, int minPerPart) {
        if (INSIDE.get()[0] > 0 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            return 1;
        }
        return Math.max(1, Math.min(PARTS, count / Math.max(1, minPerPart)));
    }

    static void run(int count, int minPerPart, Body body) {
        int parts = parts(count, minPerPart);
        if (parts == 1) {
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
                    runPart(body, part, from, to);
                }
            };
            tasks[p - 1].fork();
        }
        runPart(body, 0, 0, (int) ((long) count / parts));
        for (RecursiveAction task : tasks) {
            task.join();
        }
    }

    private static void runPart(Body body, int part, int from, int to) {
        int[] inside = INSIDE.get();
        inside[0]++;
        try {
            body.run(part, from, to);
        } finally {
            inside[0]--;
        }
    }
}
