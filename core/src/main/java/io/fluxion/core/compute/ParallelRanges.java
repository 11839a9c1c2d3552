package io.fluxion.core.compute;

import io.fluxion.core.nn.nd4j.BlasThreads;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits [0, count) into contiguous parts, one per core (at most eight), each of at least
 * {@code minPerPart} items: part 0 runs on the calling thread, the others on the common fork-join
 * pool, and {@link #run} returns when all are done. Used by the Java kernels (SiLU, the plain-Java
 * forward pass, the baked field) and to split ND4J networks' batches (each part runs the whole
 * network on its rows, see {@link BlasThreads}); a few small task objects per call, no buffers.
 *
 * <p>A call made from inside a part runs on its thread, unsplit: the outer split already has every
 * core busy (the SiLU kernels inside a network split by rows, for example).
 */
public final class ParallelRanges {

    private static final int PARTS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Per thread: how many parts it is running now (more than one only when a pool thread helps while it joins). */
    private static final ThreadLocal<int[]> INSIDE = ThreadLocal.withInitial(() -> new int[1]);

    private ParallelRanges() {
    }

    /** The most parts a range is split into (the number of per-part accumulators a caller needs). */
    public static int maxParts() {
        return PARTS;
    }

    /** Work on items [from, to) as part {@code part} (0 ≤ part < {@link #maxParts()}). */
    @FunctionalInterface
    public interface Body {
        void run(int part, int from, int to);
    }

    /** How many parts {@link #run} makes of {@code count} items at {@code minPerPart} each (1 inside a part). */
    public static int parts(int count, int minPerPart) {
        if (INSIDE.get()[0] > 0 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            return 1;
        }
        return Math.max(1, Math.min(PARTS, count / Math.max(1, minPerPart)));
    }

    public static void run(int count, int minPerPart, Body body) {
        int parts = parts(count, minPerPart);
        if (parts == 1) {
            body.run(0, 0, count);
            return;
        }
        fork(parts, (part, from, to) -> body.run(part, (int) ((long) count * part / parts),
                (int) ((long) count * (part + 1) / parts)));
    }

    /**
     * Like {@link #run}, but each part takes chunks of {@code chunk} items in turn from a shared
     * counter until none is left, so a core slowed by other work (a shared machine) does less of
     * it instead of holding up the call. The body runs once per chunk; its part number is the part
     * that took the chunk, so per-part state stays on one thread. A short call allocates one
     * counter more than {@link #run}.
     */
    public static void runInChunks(int count, int chunk, Body body) {
        int chunks = (count + chunk - 1) / chunk;
        int parts = parts(chunks, 2);
        if (parts == 1) {
            body.run(0, 0, count);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        fork(parts, (part, unusedFrom, unusedTo) -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                body.run(part, c * chunk, Math.min(count, (c + 1) * chunk));
            }
        });
    }

    /** Runs part 0 here and parts 1..parts−1 on the pool; the body gets (part, 0, 0). */
    private static void fork(int parts, Body body) {
        RecursiveAction[] tasks = new RecursiveAction[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            tasks[p - 1] = new RecursiveAction() {
                @Override
                protected void compute() {
                    runPart(body, part);
                }
            };
            tasks[p - 1].fork();
        }
        runPart(body, 0);
        for (RecursiveAction task : tasks) {
            task.join();
        }
    }

    private static void runPart(Body body, int part) {
        int[] inside = INSIDE.get();
        inside[0]++;
        try {
            body.run(part, 0, 0);
        } finally {
            inside[0]--;
        }
    }
}
