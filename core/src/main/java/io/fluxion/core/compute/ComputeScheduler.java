package io.fluxion.core.compute;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The default scheduler for Fluxion's streams and training runs: one daemon thread per core
 * taking tasks from one shared first-in, first-out queue, created on first use.
 *
 * <p>Fluxion's streams and trainers ({@link Slices}) submit one bounded task at a time (a frame,
 * a training step) and submit the next only after it ends, so every running stream and training
 * run waits its turn behind the others: with k of them on c cores each progresses at about c/k
 * of the machine, however many there are and whatever their subscribers do. The queue holds at
 * most one task per running stream. It is a work queue, not a timer: use Reactor's own
 * schedulers for delays and intervals. Thread-safe.
 */
public final class ComputeScheduler {

    private ComputeScheduler() {
    }

    private static final class Holder {
        static final Scheduler SHARED = create("fluxion-compute", Runtime.getRuntime().availableProcessors());
    }

    /** @return the shared compute scheduler. */
    public static Scheduler shared() {
        return Holder.SHARED;
    }

    /**
     * A scheduler like {@link #shared()} with its own threads (for an application that wants to
     * keep some streams apart from the others); dispose it when done.
     *
     * @param name    the threads' name prefix
     * @param threads the number of threads (at least 1)
     */
    public static Scheduler create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ComputeScheduler: threads must be >= 1, got " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        return Schedulers.fromExecutorService(executor, name);
    }
}
