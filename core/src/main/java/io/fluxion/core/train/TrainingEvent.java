package io.fluxion.core.train;

import io.fluxion.core.model.Model;
import java.time.Duration;

/**
 * Progress of a training run: after {@code step} of {@code totalSteps}, the mean loss since the
 * previous event, the throughput and the estimated time left. The last event of a run carries
 * the trained {@link Model} ({@link #isCompleted()}).
 */
public record TrainingEvent(int step, int totalSteps, double loss, double stepsPerSecond, Duration remaining,
                            Model model) {

    /** @return true for the final event, which carries the model. */
    public boolean isCompleted() {
        return model != null;
    }
}
