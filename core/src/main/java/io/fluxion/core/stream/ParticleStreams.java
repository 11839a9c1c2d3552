package io.fluxion.core.stream;

import io.fluxion.core.compute.Slices;
import io.fluxion.core.model.Model;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelLease;
import io.fluxion.core.store.ModelStore;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

/**
 * The Reactor surface of Fluxion: cold, lazy, demand-driven streams of {@link ParticleFrame}s.
 *
 * <p>Each subscription gets its own state (particles, solver, buffers, a small frame pool),
 * made on the spec's scheduler when the model arrives. One frame is computed per request, and
 * each frame is a task of its own on the scheduler ({@link Slices}): after every frame the
 * thread goes back to the scheduler, so any number of streams share the cores fairly whatever
 * their subscribers do, and a slow subscriber slows its stream instead of growing memory. The
 * state, its frame pool and the model's lease are released exactly once on complete, error or
 * cancel: before {@code onComplete}/{@code onError} reach the subscriber, and after the frame
 * in progress when cancelled. An {@link Error} (say, {@code OutOfMemoryError}) while computing a
 * frame ends the stream with that error.
 *
 * <p>Models: the overloads taking a {@link ModelStore} and a {@link ModelKey} lease the model
 * for as long as the stream runs, which is how a stream should get a stored model. Those taking
 * a {@code Mono<Model>} or {@code Flux<Model>} use the model as given: keeping it alive is the
 * caller's business.
 *
 * <p>Consumers must {@link ParticleFrame#release() release} every frame they receive;
 * {@link #latest} does that for frames a renderer never sees.
 */
public final class ParticleStreams {

    private ParticleStreams() {
    }

    /**
     * Endless (or {@code spec.frames()}) batches of finished samples at t = 1, in data
     * coordinates, with velocities and optional log-densities.
     *
     * @throws IllegalArgumentException at assembly when the spec asks for the reverse direction
     */
    public static Flux<ParticleFrame> samples(Mono<Model> model, StreamSpec spec) {
        Objects.requireNonNull(model, "model");
        return samples(model.map(ModelLease::of).flux(), spec);
    }

    /** {@link #samples(Mono, StreamSpec)} of a stored model, leased while the stream runs. */
    public static Flux<ParticleFrame> samples(ModelStore store, ModelKey key, StreamSpec spec) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        return samples(store.lease(key).flux(), spec);
    }

    /**
     * {@link #samples(Mono, StreamSpec)} of the first model {@code lease} emits, which the stream
     * owns and closes when it ends (a model derived from a stored one: {@link ModelLease#map}).
     */
    public static Flux<ParticleFrame> leasedSamples(Flux<ModelLease> lease, StreamSpec spec) {
        return samples(Objects.requireNonNull(lease, "lease"), spec);
    }

    private static Flux<ParticleFrame> samples(Flux<ModelLease> lease, StreamSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.reverse()) {
            throw new IllegalArgumentException("samples: the reverse direction applies to trajectory and emitter streams");
        }
        return batches(lease, spec, BatchStream::nextSample);
    }

    /** A {@link BatchStream} on the one model {@code lease} gives, one {@code frame} per request. */
    private static Flux<ParticleFrame> batches(Flux<ModelLease> lease, StreamSpec spec,
                                               BiConsumer<BatchStream, SynchronousSink<ParticleFrame>> frame) {
        return leased(lease, slot -> new BatchStream(slot.take().model(), spec), frame, BatchStream::close, spec.scheduler());
    }

    /**
     * One frame per solver step as a batch flows from t = 0 to 1 (from 1 to 0 with
     * {@code reverse}: model samples dissolving into noise): {@code steps + 1} frames, or
     * {@code spec.frames()} frames looping over fresh batches.
     */
    public static Flux<ParticleFrame> trajectory(Mono<Model> model, StreamSpec spec) {
        Objects.requireNonNull(model, "model");
        return trajectory(model.map(ModelLease::of).flux(), spec);
    }

    /** {@link #trajectory(Mono, StreamSpec)} of a stored model, leased while the stream runs. */
    public static Flux<ParticleFrame> trajectory(ModelStore store, ModelKey key, StreamSpec spec) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        return trajectory(store.lease(key).flux(), spec);
    }

    /** {@link #trajectory(Mono, StreamSpec)} of the first model {@code lease} emits, owned like {@link #leasedSamples}. */
    public static Flux<ParticleFrame> leasedTrajectory(Flux<ModelLease> lease, StreamSpec spec) {
        return trajectory(Objects.requireNonNull(lease, "lease"), spec);
    }

    private static Flux<ParticleFrame> trajectory(Flux<ModelLease> lease, StreamSpec spec) {
        return batches(lease, Objects.requireNonNull(spec, "spec"), BatchStream::nextTrajectoryFrame);
    }

    /** A live particle system driven by one model; see {@link EmitterSpec}. */
    public static Flux<ParticleFrame> emitter(Mono<Model> model, EmitterSpec spec) {
        Objects.requireNonNull(model, "model");
        return emitter(model.flux(), spec);
    }

    /**
     * A live particle system that switches to each newer model {@code models} emits (hot reload),
     * at the next frame and without a gap: live particles keep their positions and times and
     * continue along the new field. Emits one frame per request; the subscription to
     * {@code models} ends with the stream. An error from {@code models} ends the stream at the
     * next frame; its completion does not (the emitter carries on with the last model).
     */
    public static Flux<ParticleFrame> emitter(Flux<Model> models, EmitterSpec spec) {
        Objects.requireNonNull(models, "models");
        return leasedEmitter(models.map(ModelLease::of), spec);
    }

    /**
     * A live particle system on a stored model that follows its hot reloads
     * ({@link ModelStore#watch}), holding a lease on each version while it is in use. A version
     * that fails to load leaves the emitter running on the last good one (the store reports the
     * failure on {@link ModelStore#events()}).
     */
    public static Flux<ParticleFrame> emitter(ModelStore store, ModelKey key, EmitterSpec spec) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        return leasedEmitter(store.watch(key), spec);
    }

    /**
     * {@link #emitter(Flux, EmitterSpec)} for leased models: the stream owns every lease
     * {@code leases} emits, closes each one when a newer one replaces it (after the frame that
     * used it) or when the stream ends, and closes one that arrives after that.
     */
    public static Flux<ParticleFrame> leasedEmitter(Flux<ModelLease> leases, EmitterSpec spec) {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(spec, "spec");
        return leased(leases, slot -> new EmitterState(slot, spec), EmitterState::next, EmitterState::close,
                spec.scheduler());
    }

    /**
     * A frame stream whose state owns a {@link LeaseSlot}: waits for the first lease, makes the
     * state on the scheduler (which adopts the slot), and closes the slot with the state, or here
     * when the stream ends before a state was made.
     */
    private static <S> Flux<ParticleFrame> leased(Flux<ModelLease> leases, Function<LeaseSlot, S> state,
                                                  BiConsumer<S, SynchronousSink<ParticleFrame>> frame,
                                                  Consumer<S> close, Scheduler scheduler) {
        return Flux.defer(() -> {
            LeaseSlot slot = LeaseSlot.subscribe(leases);
            return slot.firstArrival()
                    .thenMany(Slices.<S, ParticleFrame>generate(
                            () -> {
                                if (!slot.adopt()) {
                                    throw new CancellationException("the stream ended before it started");
                                }
                                try {
                                    return state.apply(slot);
                                } catch (Throwable e) {
                                    slot.close();
                                    throw e;
                                }
                            },
                            frame,
                            s -> {
                                try {
                                    close.accept(s);
                                } finally {
                                    slot.close();
                                }
                            },
                            ParticleFrame::release,
                            scheduler))
                    .doFinally(signal -> slot.closeUnlessAdopted());
        });
    }

    /**
     * For renderers: requests frames as fast as they come and keeps only the newest one not yet
     * taken; every frame replaced, left over at cancel, or finished after the cancel is released.
     */
    public static Flux<ParticleFrame> latest(Flux<ParticleFrame> frames) {
        return Flux.defer(() -> {
            InFlightFrames inFlight = new InFlightFrames();
            return frames.doOnNext(inFlight::produced)
                    .onBackpressureLatest()
                    .doOnDiscard(ParticleFrame.class, inFlight::dropped)
                    .doOnNext(inFlight::delivered)
                    .doFinally(signal -> inFlight.finish());
        });
    }
}
