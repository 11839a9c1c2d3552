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
 * onto a 128² × 33 grid (see {@code Model.baked}); {@code auto} bakes networks when the work is
 * large enough to repay the bake (about 5 s for a 4 × 256 net on 2 cores).
 */
public enum FieldChoice {
    AUTO, EXACT, BAKED;

    static final int RESOLUTION = 128;
    static final int TIME_SLICES = 33;

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
            case AUTO -> network && evaluations >= 1_000_000L;
        };
    }

    static Model bake(Model model) {
        return model.baked(RESOLUTION, TIME_SLICES).withName(model.name() + " (baked)");
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
