package io.fluxion.core.compute;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/** The flux behind {@link Slices#generate}; see there for the contract. */
final class SlicedFlux<S, T> extends Flux<T> {

    private final Callable<S> stateFactory;
    private final BiConsumer<S, SynchronousSink<T>> slice;
    private final Consumer<? super S> dispose;
    private final Consumer<? super T> discard;
    private final Scheduler scheduler;

    SlicedFlux(Callable<S> stateFactory, BiConsumer<S, SynchronousSink<T>> slice, Consumer<? super S> dispose,
               Consumer<? super T> discard, Scheduler scheduler) {
        this.stateFactory = stateFactory;
        this.slice = slice;
        this.dispose = dispose;
        this.discard = discard;
        this.scheduler = scheduler;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        actual.onSubscribe(new Loop<>(actual, this));
    }

    /**
     * One subscription. {@code work} is non-zero while a slice is queued or running: request and
     * cancel increment it and queue a slice only when it was zero; a slice that ends with no
     * demand left sets it back to zero unless a request came in meanwhile. Fields without
     * {@code volatile} are touched only by slices, which never overlap.
     */
    private static final class Loop<S, T> implements Subscription, Runnable, SynchronousSink<T> {
        private final CoreSubscriber<? super T> actual;
        private final SlicedFlux<S, T> parent;
        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private S state;
        private boolean started;
        private boolean finished;
        private boolean emitted;
        private boolean completed;
        private Throwable failure;

        Loop(CoreSubscriber<? super T> actual, SlicedFlux<S, T> parent) {
            this.actual = actual;
            this.parent = parent;
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested.getAndUpdate(r -> Operators.addCap(r, n));
                signalWork();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            signalWork();
        }

        private void signalWork() {
            if (work.getAndIncrement() == 0) {
                submit();
            }
        }

        private void submit() {
            try {
                parent.scheduler.schedule(this);
            } catch (RejectedExecutionException e) {
                // the scheduler is shut down: end here (no slice is running when this happens)
                failure = e;
                finish();
            }
        }

        @Override
        public void run() {
            if (finished) {
                return;
            }
            if (cancelled) {
                finish();
                return;
            }
            if (!started) {
                started = true;
                try {
                    state = parent.stateFactory.call();
                } catch (Throwable e) {
                    failure = e;
                    finish();
                    return;
                }
            }
            if (requested.get() > 0) {
                emitted = false;
                try {
                    parent.slice.accept(state, this);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                if (emitted && requested.get() != Long.MAX_VALUE) {
                    requested.decrementAndGet();
                }
                if (failure != null || completed) {
                    finish();
                    return;
                }
            }
            while (true) {
                int seen = work.get();
                if (cancelled || requested.get() > 0) {
                    work.set(1);
                    submit();
                    return;
                }
                if (work.compareAndSet(seen, 0)) {
                    return;
                }
            }
        }

        /** Disposes of the state, then signals the end (unless cancelled). Runs once. */
        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (state != null) {
                try {
                    parent.dispose.accept(state);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                state = null;
            }
            if (cancelled) {
                return;
            }
            if (failure != null) {
                actual.onError(failure);
            } else {
                actual.onComplete();
            }
        }

        @Override
        public void next(T element) {
            if (completed || failure != null) {
                throw new IllegalStateException("a slice emitted after the stream ended");
            }
            if (emitted) {
                throw new IllegalStateException("a slice emitted more than one element");
            }
            emitted = true;
            if (cancelled) {
                parent.discard.accept(element);
                return;
            }
            actual.onNext(element);
        }

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public void error(Throwable e) {
            if (failure == null && !completed) {
                failure = e;
            }
        }

        @Override
        @Deprecated
        public Context currentContext() {
            return actual.currentContext();
        }
    }
}
