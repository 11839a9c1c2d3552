package io.fluxion.demo.show;

import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.store.ModelLease;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How {@code show} and {@code record} evaluate a network model: the exact net, or its field baked
 * onto a grid (see {@code Model.baked}): 128² × 33 in 2-D, 64³ × 17 in 3-D (53.5 MB); {@code auto}
 * bakes networks when the flow costs three times the bake's evaluations or more (and at least
 * 10⁶): a bake delays the first frame by its whole cost (0.6 s for the 2-D 4 × 256 net on 2 cores),
 * the exact net only by one step's.
 */
public enum FieldChoice {
    AUTO, EXACT, BAKED;

    /** Grid points per axis for a d-dimensional model. */
    static int resolution(int d) {
        return d == 2 ? 128 : 64;
    }

    /** Time slices for a d-dimensional model. */
    static int timeSlices(int d) {
        return d == 2 ? 33 : 17;
    }

    /** Evaluations of the net a bake costs. */
    static long bakeEvaluations(int d) {
        return (long) Math.pow(resolution(d), d) * timeSlices(d);
    }

    /** "128^2 x 33" */
    static String gridText(int d) {
        return resolution(d) + "^" + d + " x " + timeSlices(d);
    }

    public static FieldChoice parse(String name) {
        for (FieldChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(name)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("unknown --field '" + name + "' (auto, exact or baked)");
    }

    /** Whether to bake this model when the flow costs {@code evaluations} network evaluations in all. */
    boolean bakes(Model model, long evaluations) {
        boolean network = MlpVelocityField.of(model.field()).isPresent();
        return switch (this) {
            case EXACT -> false;
            case BAKED -> network;
            case AUTO -> network && evaluations >= Math.max(1_000_000L, 3 * bakeEvaluations(model.dimension()));
        };
    }

    static Model bake(Model model) {
        int d = model.dimension();
        return model.baked(resolution(d), timeSlices(d)).withName(model.name() + " (baked)");
    }

    /**
     * The leased model now, then (for networks, when this choice bakes) its baked field once
     * ready, off the caller's thread. The bake runs while the exact model's lease is the
     * emitter's current one: the emitter closes it only after taking the baked model. A bake that
     * fails (the stream was cancelled and the model freed under it) leaves the exact model shown.
     */
    Flux<ModelLease> exactThenBaked(ModelLease lease) {
        Model model = lease.model();
        if (this == EXACT || MlpVelocityField.of(model.field()).isEmpty()) {
            return Flux.just(lease);
        }
        return Flux.concat(Mono.just(lease), Mono.fromCallable(() -> ModelLease.of(bake(model)))
                .onErrorResume(e -> Mono.empty())
                .subscribeOn(Schedulers.boundedElastic()));
    }

    String describe() {
        return name().toLowerCase(Locale.ROOT);
    }
}
