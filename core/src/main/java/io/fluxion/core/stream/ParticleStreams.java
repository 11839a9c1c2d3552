package io.fluxion.core.stream;

import io.fluxion.core.model.Model;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor surface of Fluxion: cold, lazy, demand-driven streams of {@link ParticleFrame}s.
 *
 * <p>Each subscription gets its own state (particles, solver, buffers, a small frame pool),
 * made on the spec's scheduler when the model arrives; one frame is computed per request
 * ({@code Flux.generate}), so a slow subscriber slows the stream instead of growing memory.
 * The state is dropped exactly once on complete, error or cancel. Consumers must
 * {@link ParticleFrame#release() release} every frame they receive; {@link #latest} does that
 * for frames a renderer never sees.
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
        Objects.requireNonNull(spec, "spec");
        if (spec.reverse()) {
            throw new IllegalArgumentException("samples: the reverse direction applies to trajectory and emitter streams");
        }
        return model.flatMapMany(m -> Flux.<ParticleFrame, BatchStream>generate(
                        () -> new BatchStream(m, spec),
                        (state, sink) -> {
                            state.nextSample(sink);
                            return state;
                        },
                        BatchStream::close)
                .subscribeOn(spec.scheduler()));
    }

    /**
     * One frame per solver step as a batch flows from t = 0 to 1 (from 1 to 0 with
     * {@code reverse}: model samples dissolving into noise): {@code steps + 1} frames, or
     * {@code spec.frames()} frames looping over fresh batches.
     */
    public static Flux<ParticleFrame> trajectory(Mono<Model> model, StreamSpec spec) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spec, "spec");
        return model.flatMapMany(m -> Flux.<ParticleFrame, BatchStream>generate(
                        () -> new BatchStream(m, spec),
                        (state, sink) -> {
                            state.nextTrajectoryFrame(sink);
                            return state;
                        },
                        BatchStream::close)
                .subscribeOn(spec.scheduler()));
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
     * {@code models} ends with the stream.
     */
    public static Flux<ParticleFrame> emitter(Flux<Model> models, EmitterSpec spec) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(spec, "spec");
        return Flux.defer(() -> {
            java.util.concurrent.atomic.AtomicReference<Model> latest = new java.util.concurrent.atomic.AtomicReference<>();
            reactor.core.Disposable.Swap watch = reactor.core.Disposables.swap();
            Flux<Model> shared = models.doOnNext(latest::set).replay(1).autoConnect(1, watch::update);
            return shared.next().flatMapMany(first -> Flux.<ParticleFrame, EmitterState>generate(
                            () -> new EmitterState(latest, spec, watch::dispose),
                            (state, sink) -> {
                                state.next(sink);
                                return state;
                            },
                            EmitterState::close)
                    .subscribeOn(spec.scheduler()))
                    .doFinally(signal -> watch.dispose());
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
