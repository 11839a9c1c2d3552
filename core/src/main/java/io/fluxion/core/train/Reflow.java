package io.fluxion.core.train;

import io.fluxion.core.model.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reflow (k-rectified flow: Liu, Gong and Liu, "Flow Straight and Fast: Learning to Generate and
 * Transfer Data with Rectified Flow", arXiv 2209.03003): a student is trained by flow matching on
 * pairs drawn by a teacher's ODE, noise z with the point x1 the teacher carries it to. The pairs
 * cross less than independent ones, so the student's paths are straighter and few Euler steps
 * follow them. The student keeps the teacher's normalisation (its noise is the teacher's) and
 * records in its metadata the teacher and the step count and solver it is meant to sample with.
 */
public final class Reflow {

    private Reflow() {
    }

    /** @return the solver the model's file says it is made for ({@link Model#SAMPLE_SOLVER_KEY}), else {@code rk4} */
    public static String sampleSolver(Model model) {
        return model.recordedSolver().orElse("rk4");
    }

    /** @return the steps the model's file says it is made for ({@link Model#SAMPLE_STEPS_KEY}), else 25 (also for a malformed value) */
    public static int sampleSteps(Model model) {
        return model.recordedSteps().orElse(25);
    }

    /**
     * @param teacher       any model (network, baked or exact field)
     * @param pairs         pairs drawn once before training, ≥ 1 024
     * @param teacherSteps  RK4 steps of the teacher per pair, ≥ 1
     * @param sampleSteps   the Euler steps the student is meant for (recorded), ≥ 1
     * @param config        the student's training (its normalisation is the teacher's)
     * @return a cold flux like {@link CfmTrainer#train}: the pairs are drawn on {@code boundedElastic}
     *         at subscription, then training runs on the config's scheduler
     */
    public static Flux<TrainingEvent> train(Model teacher, int pairs, int teacherSteps, int sampleSteps, TrainingConfig config) {
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(config, "config");
        if (pairs < 1024 || pairs > 1 << 24 || teacherSteps < 1 || teacherSteps > 10_000 || sampleSteps < 1 || sampleSteps > 64) {
            throw new IllegalArgumentException("reflow: need 1024 <= pairs <= 2^24, 1 <= teacher steps <= 10000 and "
                    + "1 <= sample steps <= 64; got " + pairs + ", " + teacherSteps + ", " + sampleSteps);
        }
        return Mono.fromCallable(() -> TeacherPairs.of(teacher, pairs, teacherSteps, config.seed()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(drawn -> CfmTrainer.train(drawn, config))
                .map(event -> event.model() == null ? event : new TrainingEvent(event.step(), event.totalSteps(),
                        event.loss(), event.stepsPerSecond(), event.remaining(), fewStep(event.model(), teacher, "reflow",
                        Map.of("reflowOf", teacher.name(), "reflowPairs", Integer.toString(pairs), "reflowTeacherSteps",
                                Integer.toString(teacherSteps)), sampleSteps)));
    }

    /**
     * The student as a few-step model: named after its teacher and method, its metadata naming the
     * teacher and the Euler steps it is made for.
     */
    static Model fewStep(Model student, Model teacher, String method, Map<String, String> about, int sampleSteps) {
        Map<String, String> metadata = new LinkedHashMap<>(student.metadata());
        metadata.putAll(about);
        metadata.put(Model.SAMPLE_SOLVER_KEY, "euler");
        metadata.put(Model.SAMPLE_STEPS_KEY, Integer.toString(sampleSteps));
        return new Model(teacher.name() + " (" + method + ")", student.field(), student.schedule(), student.normalization(),
                metadata);
    }
}
