package io.fluxion.core.train;

import io.fluxion.core.data.PointSource;
import io.fluxion.core.compute.Slices;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Conditional flow matching training of a velocity MLP (Lipman et al., "Flow Matching for Generative Modeling",
 * arXiv 2210.02747; Tong et al., "Improving and generalizing flow-based generative models with
 * minibatch optimal transport", arXiv 2302.00482) as a cold
 * {@link Flux} of {@link TrainingEvent}s.
 *
 * <p>Each subscription starts its own run on the config's scheduler: it allocates its buffers,
 * takes one optimisation step per task on that scheduler ({@link Slices}: training shares the
 * cores fairly with running streams), emits a progress event every {@code reportEvery} steps
 * (one event per request: a slow subscriber pauses training rather than buffering events), and
 * ends with one completed event carrying the model. Cancelling stops the run before its next
 * step and frees its buffers; so do errors (a diverging loss ends the stream with an error naming
 * the step), including {@link Error}s such as {@code OutOfMemoryError}, which reach the
 * subscriber's {@code onError}. Buffers are freed before the completed event's
 * {@code onComplete} and before {@code onError}.
 */
public final class CfmTrainer {

    private CfmTrainer() {
    }

    /**
     * @param data   the data (t = 1) side, sampled fresh every step
     * @param config the training settings
     * @return a cold flux of progress events ending with the completed event
     */
    public static Flux<TrainingEvent> train(PointSource data, TrainingConfig config) {
        return train(null, data, config);
    }

    /**
     * Data-to-data flow matching: the t = 0 side is a point set instead of N(0, I) (Tong et al.,
     * arXiv 2302.00482, section 3: any source distribution; with the exact OT coupling the learned
     * flow approximates the OT map between the two sets). Source points go through the same
     * normalisation as the data; the model's metadata names the source
     * ({@link io.fluxion.core.model.Model#SOURCE_KEY}), and it transports given points rather than
     * noise.
     *
     * @param source the t = 0 side, or null for N(0, I)
     * @throws IllegalArgumentException when source and data differ in dimension
     */
    public static Flux<TrainingEvent> train(PointSource source, PointSource data, TrainingConfig config) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        if (source != null && source.dimension() != data.dimension()) {
            throw new IllegalArgumentException("the source " + source.name() + " has d = " + source.dimension()
                    + " but the data " + data.name() + " has d = " + data.dimension());
        }
        return Slices.<TrainingRun, TrainingEvent>generate(
                () -> new TrainingRun(source, data, config),
                (run, sink) -> {
                    double loss = run.runStep();
                    if (run.isDone()) {
                        sink.next(run.completed(loss));
                        sink.complete();
                    } else if (run.step() % config.reportEvery() == 0) {
                        sink.next(run.progress());
                    }
                },
                TrainingRun::close,
                event -> { // the completed event of a run cancelled as it finished: nobody will use its model
                    if (event.model() != null) {
                        event.model().field().close();
                    }
                },
                config.scheduler());
    }
}
