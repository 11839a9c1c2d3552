package io.fluxion.core;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The default scheduler for Fluxion's ND4J and solver work: a bounded pool of daemon threads
 * (one per core), created on first use and shared by training and streams that were not
 * given a scheduler of their own.
 */
public final class ComputeScheduler {

    private ComputeScheduler() {
    }

    private static final class Holder {
        static final Scheduler SHARED = Schedulers.newParallel("fluxion-compute",
                Math.max(1, Runtime.getRuntime().availableProcessors()), true);
    }

    /** @return the shared compute scheduler. */
    public static Scheduler shared() {
        return Holder.SHARED;
    }
}
