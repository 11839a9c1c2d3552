package io.fluxion.core.stream;

import io.fluxion.core.store.ModelLease;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The leases of one stream subscription: the one in use and the newest one not taken yet.
 * Subscribes to a flux of leases and owns every lease it receives from then on: a pending lease
 * replaced by a newer one is closed, {@link #take()} closes the one it replaces, and
 * {@link #close()} closes both and stops the subscription; a lease that arrives after that is
 * closed at once.
 *
 * <p>Ownership of the slot itself passes to the stream's state: {@link #adopt()} (by the state
 * factory, on the compute thread) and {@link #closeUnlessAdopted()} (by the subscription's end,
 * on any thread) settle who closes it, so it is closed exactly once, by the state's
 * {@code close()} after its last frame or here when no state was made. Thread-safe.
 */
final class LeaseSlot {

    private final Sinks.Empty<Void> arrival = Sinks.empty();
    private final Disposable upstream;
    private ModelLease pending;
    private ModelLease current;
    private Throwable failure;
    private boolean closed;
    private boolean adopted;

    private LeaseSlot(Flux<ModelLease> leases) {
        this.upstream = leases.subscribe(this::offer, this::fail, this::ended);
    }

    /** A slot fed by {@code leases}, subscribed now. */
    static LeaseSlot subscribe(Flux<ModelLease> leases) {
        return new LeaseSlot(leases);
    }

    /** Completes when the first lease has arrived; errors when the leases fail or end first. */
    Mono<Void> firstArrival() {
        return arrival.asMono();
    }

    private void offer(ModelLease lease) {
        ModelLease replaced;
        synchronized (this) {
            if (closed) {
                replaced = lease;
            } else {
                replaced = pending;
                pending = lease;
            }
        }
        if (replaced != null) {
            replaced.close();
        }
        arrival.tryEmitEmpty();
    }

    private void fail(Throwable error) {
        synchronized (this) {
            failure = error;
        }
        arrival.tryEmitError(error);
    }

    private void ended() {
        arrival.tryEmitError(new IllegalStateException("the model stream ended before its first model"));
    }

    /** @return the error the leases ended with, or null */
    synchronized Throwable failure() {
        return failure;
    }

    /**
     * Makes the newest pending lease the current one and closes the one it replaces.
     *
     * @return the new current lease, or null when nothing newer arrived
     */
    ModelLease take() {
        ModelLease replaced;
        ModelLease taken;
        synchronized (this) {
            if (pending == null || closed) {
                return null;
            }
            replaced = current;
            current = pending;
            pending = null;
            taken = current;
        }
        if (replaced != null) {
            replaced.close();
        }
        return taken;
    }

    /** @return true when the caller now owns the slot; false when it was closed already (the stream ended) */
    synchronized boolean adopt() {
        if (closed) {
            return false;
        }
        adopted = true;
        return true;
    }

    /** Closes the slot unless a stream state adopted it (that state closes it). */
    void closeUnlessAdopted() {
        synchronized (this) {
            if (adopted) {
                return;
            }
        }
        close();
    }

    /** Stops the subscription and closes the leases held; idempotent. */
    void close() {
        ModelLease first;
        ModelLease second;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            first = pending;
            second = current;
            pending = null;
            current = null;
        }
        upstream.dispose();
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }
}
