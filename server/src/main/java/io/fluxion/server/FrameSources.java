package io.fluxion.server;

import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelLease;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.stream.ClassMix;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.Placement;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.core.stream.TextEffect;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns {@link StreamSettings} into a frame stream of a stored model: first {@link #resolve}
 * (the model exists, the label names one of its classes), then {@link #frames}. Emitters follow
 * the model file's hot reloads; every stream leases its model while it runs. Thread-safe.
 */
final class FrameSources {

    /** An emitter particle's flow from noise to data, and how long it then holds its place. */
    static final double FLOW_SECONDS = 2.0;
    static final double HOLD_SECONDS = 1.0;

    /** Settings checked against the model: its key and the class index (-1 for none). */
    record Resolved(StreamSettings settings, ModelKey key, int label) {
    }

    private final ModelStore store;
    private final ModelCatalog catalog;

    FrameSources(ModelStore store, ModelCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** @return the settings checked against the model (errors: {@link ApiException} 400/404, or the load's failure) */
    Mono<Resolved> resolve(StreamSettings settings) {
        return Mono.fromCallable(() -> catalog.key(settings.model()))
                .flatMap(key -> store.get(key).map(model -> {
                    checkText(model, settings);
                    return new Resolved(settings, key, labelIndex(model, settings));
                }));
    }

    /** Text mode needs a conditional 2-D network (a glyph model). @throws ApiException 400 otherwise */
    private static void checkText(Model model, StreamSettings settings) {
        if (settings.mode() == StreamSettings.Mode.TEXT && (model.labelNames().isEmpty() || model.dimension() != 2)) {
            throw ApiException.badRequest("mode text needs a conditional 2-D glyph model (one class per character, such as "
                    + "glyphs); " + settings.model() + " is not one");
        }
    }

    /** The label's index in the model, -1 without a label. @throws ApiException 400 for an unknown class */
    static int labelIndex(Model model, StreamSettings settings) {
        if (settings.label() == null) {
            return -1;
        }
        List<String> names = model.labelNames();
        if (names.isEmpty()) {
            throw ApiException.badRequest("label: model " + settings.model() + " is not conditional (trained without labels)");
        }
        try {
            return LabelledSource.labelOf(names, settings.label(), settings.model());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("label: " + e.getMessage());
        }
    }

    /**
     * The frames the resolved settings ask for, endless, one per request, on the compute scheduler.
     *
     * @param textEffect told the live text effect of a text stream when it starts, to change its words
     */
    Flux<ParticleFrame> frames(Resolved resolved, Consumer<TextEffect> textEffect) {
        StreamSettings settings = resolved.settings();
        return switch (settings.mode()) {
            case TEXT -> Flux.usingWhen(store.lease(resolved.key()), lease -> {
                TextEffect effect = new TextEffect(lease.model(), settings.text(), new TextEffect.Spec(settings.particles(),
                        Math.max(2, (int) Math.round(1.5 * settings.fps())), settings.guidance(), 0.2, Placement.identity(),
                        settings.seed()));
                textEffect.accept(effect);
                return effect.frames();
            }, lease -> Mono.fromRunnable(lease::close));
            case EMITTER -> ParticleStreams.emitter(store, resolved.key(), emitterSpec(resolved));
            case TRAJECTORY, SAMPLES -> {
                Flux<ModelLease> lease = store.lease(resolved.key())
                        .map(held -> resolved.label() < 0 ? held : held.map(model -> model.conditioned(resolved.label(),
                                settings.guidance())))
                        .flux();
                StreamSpec spec = batchSpec(settings);
                yield settings.mode() == StreamSettings.Mode.TRAJECTORY ? ParticleStreams.leasedTrajectory(lease, spec)
                        : ParticleStreams.leasedSamples(lease, spec);
            }
        };
    }

    /**
     * Batches of {@code particles}; naming no solver or steps, the stream takes those the model's
     * file records ({@link StreamSpec#withModelDefaults}).
     */
    private static StreamSpec batchSpec(StreamSettings settings) {
        return StreamSpec.builder().particles(settings.particles()).frames(Long.MAX_VALUE).velocities(false)
                .seed(settings.seed()).build();
    }

    static EmitterSpec emitterSpec(Resolved resolved) {
        StreamSettings settings = resolved.settings();
        int particles = settings.particles();
        EmitterSpec.Builder spec = EmitterSpec.builder().maxParticles(particles)
                .spawnRate(particles / (FLOW_SECONDS + HOLD_SECONDS)).flowSeconds(FLOW_SECONDS)
                .atEnd(EmitterSpec.AtEnd.HOLD).holdSeconds(HOLD_SECONDS).solver(EmitterSpec.FrameSolver.HEUN)
                .frameSeconds(1.0 / settings.fps()).clockDriven(true).seed(settings.seed());
        if (resolved.label() >= 0) {
            spec.classes(ClassMix.of(resolved.label(), settings.guidance()));
        }
        return spec.build();
    }
}
