package io.fluxion.core.train;

import io.fluxion.core.data.PointSource;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Conditional flow matching training of a velocity MLP (seed 000, seed 003 §3.2) as a cold
 * {@link Flux} of {@link TrainingEvent}s.
 *
 * <p>Each subscription starts its own run on the config's scheduler: it allocates its buffers,
 * emits a progress event every {@code reportEvery} steps (one event per request: a slow
 * subscriber pauses training rather than buffering events), and ends with one completed event
 * carrying the model. Cancelling stops the run before its next step and frees its buffers;
 * so do errors (a diverging loss ends the stream with an error naming the step).
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
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        return Flux.<TrainingEvent, RunState>generate(
                        () -> new RunState(new TrainingRun(data, config)),
                        (state, sink) -> {
                            TrainingRun run = state.run;
                            if (state.finished) {
                                sink.complete();
                                return state;
                            }
                            double loss = Double.NaN;
                            int target = Math.min(config.steps(), run.step() + config.reportEvery());
                            while (run.step() < target) {
                                loss = run.runStep();
                            }
                            if (run.isDone()) {
                                state.finished = true;
                                sink.next(run.completed(loss));
                            } else {
                                sink.next(run.progress());
                            }
                            return state;
                        },
                        state -> state.run.close())
                .subscribeOn(config.scheduler());
    }

    /** Per-subscriber state: the run, and whether its completed event went out. */
    private static final class RunState {
        final TrainingRun run;
        boolean finished;

        RunState(TrainingRun run) {
            this.run = run;
        }
    }
}
