package io.fluxion.core.compute;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

/**
 * Cold, demand-driven generators that share a scheduler fairly: the work of one subscription is
 * cut into slices (a frame, a training step), and each slice is a task of its own on the
 * scheduler. After a slice the thread goes back to the scheduler, and the next slice is queued
 * only while the subscriber has demand, so a subscriber that requests again from inside
 * {@code onNext} cannot keep a thread for itself, and k generators on c threads each get about
 * c/k of them.
 *
 * <p>Like {@code Flux.generate}, each subscription makes its state (on the scheduler, before the
 * first slice), runs slices one at a time (never two at once, each seeing the previous one's
 * writes, so the state needs no locks), and disposes of the state exactly once. Unlike it:
 * <ul>
 *   <li>a slice may emit one element, complete, fail, or do none of these (a step of work that
 *       produces nothing yet); the next slice follows while there is demand;</li>
 *   <li>the state is disposed of <em>before</em> the subscriber sees {@code onComplete} or
 *       {@code onError}, so a subscriber that saw the end can count on resources being back;
 *       after a cancel it is disposed of on the scheduler once the running slice, if any, ends;</li>
 *   <li>anything a slice, the state factory or the disposer throws, {@link Error}s such as
 *       {@code OutOfMemoryError} included, ends the stream with that error (Reactor's own
 *       generators rethrow such errors on the scheduler thread, where the subscriber never hears
 *       of them);</li>
 *   <li>an element emitted after the subscriber cancelled is handed to {@code discard} instead.</li>
 * </ul>
 * Errors after a cancel are dropped silently: nobody listens, and they are usually the cancel's
 * own consequence.
 */
public final class Slices {

    private Slices() {
    }

    /**
     * @param state    makes one subscription's state; runs on the scheduler
     * @param slice    one slice of work: at most one {@code sink.next}, or {@code complete}/{@code error}
     * @param dispose  frees the state; runs once, on the scheduler or the thread that ended the stream
     * @param discard  takes an element that could not be delivered (e.g. releases a pooled frame)
     * @param scheduler where slices run
     * @param <S> the state's type
     * @param <T> the elements' type
     * @return a cold flux; each subscription has its own state
     */
    public static <S, T> Flux<T> generate(Callable<S> state, BiConsumer<S, SynchronousSink<T>> slice, Consumer<? super S> dispose,
                                          Consumer<? super T> discard, Scheduler scheduler) {
        return new SlicedFlux<>(Objects.requireNonNull(state, "state"), Objects.requireNonNull(slice, "slice"),
                Objects.requireNonNull(dispose, "dispose"), Objects.requireNonNull(discard, "discard"),
                Objects.requireNonNull(scheduler, "scheduler"));
    }
}
