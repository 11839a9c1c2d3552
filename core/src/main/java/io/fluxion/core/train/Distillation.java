package io.fluxion.core.train;

import io.fluxion.core.model.Model;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Distillation into K Euler steps: the student learns, at each of K grid times t_j = j/K, the
 * velocity whose single Euler step lands where the teacher's RK4 solve over [t_j, t_{j+1}] lands
 * (the target of one round of progressive distillation, Salimans and Ho, "Progressive
 * Distillation for Fast Sampling of Diffusion Models", arXiv 2202.00512, reached in one round by
 * solving the teacher's interval with RK4). With a reflowed teacher (straight paths, {@link Reflow})
 * this is reflow followed by distillation, as Liu et al. (arXiv 2209.03003) do. The student keeps
 * the teacher's normalisation and records that it samples with K Euler steps.
 */
public final class Distillation {

    private Distillation() {
    }

    /**
     * @param k        the student's Euler steps, 1..64
     * @param count    noise points carried by the teacher (each gives K rows), ≥ 1 024
     * @param substeps RK4 steps of the teacher per interval, ≥ 1
     * @return a cold flux like {@link CfmTrainer#train}: the teacher's targets are drawn on
     *         {@code boundedElastic} at subscription, then training runs on the config's scheduler
     */
    public static Flux<TrainingEvent> train(Model teacher, int k, int count, int substeps, TrainingConfig config) {
        return train(teacher, k, count, substeps, 1.0, config);
    }

    /**
     * {@link #train(Model, int, int, int, TrainingConfig)} of a conditional teacher with
     * classifier-free guidance {@code guidance} (1: each class's own field): the student learns
     * every class at that guidance, and the unconditional field, and is sampled with guidance 1.
     */
    public static Flux<TrainingEvent> train(Model teacher, int k, int count, int substeps, double guidance,
                                            TrainingConfig config) {
        Objects.requireNonNull(teacher, "teacher");
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("distill: guidance must be finite, got " + guidance);
        }
        Objects.requireNonNull(config, "config");
        if (k < 1 || k > 64 || count < 1024 || (long) count * k > 1 << 24 || substeps < 1 || substeps > 10_000) {
            throw new IllegalArgumentException("distill: need 1 <= K <= 64, 1024 <= points with points x K <= 2^24 and "
                    + "1 <= teacher steps <= 10000; got K = " + k + ", " + count + " points, " + substeps + " steps");
        }
        return Mono.fromCallable(() -> TeacherSteps.of(teacher, k, count, substeps, guidance, config.seed()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(targets -> CfmTrainer.train(targets, config))
                .map(event -> event.model() == null ? event : new TrainingEvent(event.step(), event.totalSteps(),
                        event.loss(), event.stepsPerSecond(), event.remaining(), Reflow.fewStep(event.model(), teacher,
                        k + "-step", Map.of("distilledFrom", teacher.name(), "distillPoints", Integer.toString(count),
                                "distillGuidance", Double.toString(guidance)), k)));
    }
}
