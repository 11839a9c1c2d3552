package io.fluxion.core.train;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.data.PointSource;

/**
 * The network size, steps and batch a data set gets when the user names none (the {@code train}
 * command and the server's training jobs): 3 × 128 and 3 000 steps for 2-D data; 3 × 256 and
 * 4 000 steps for 3-D surfaces, which are thin sets; 4 × 256 and 2 000 steps per class (4 000 to
 * 16 000) for labelled data, which learns every class and the unconditional field at once;
 * 4 000 steps when training from a source point set; 4 × 256, 6 000 steps at batch 2 048 and
 * learning rate 10⁻³ for a picture, whose fine detail a smaller net or shorter run blurs (the
 * bundled flower's recipe: about a minute on 2 cores). Batch 1 024, or 256 from a source (the
 * exact OT coupling costs O(batch³) a step); learning rate 2·10⁻³ but for pictures.
 */
public final class TrainingDefaults {

    private TrainingDefaults() {
    }

    /**
     * @param data       the data set
     * @param fromSource true when the model transports a source point set instead of noise
     * @return a builder with width, depth, steps and batch size set, the rest at their defaults
     */
    public static TrainingConfig.Builder forData(PointSource data, boolean fromSource) {
        boolean threeD = data.dimension() == 3;
        int classes = data instanceof LabelledSource labelled ? labelled.classes() : 0;
        boolean picture = Datasets.isPicture(data);
        return TrainingConfig.builder()
                .width(threeD || classes > 0 || picture ? 256 : 128)
                .depth(classes > 0 || picture ? 4 : 3)
                .steps(steps(data, fromSource))
                .batchSize(fromSource ? 256 : picture ? 2048 : 1024)
                .learningRate(picture ? 1e-3 : 2e-3);
    }


    /** @return the default training steps for the data set */
    public static int steps(PointSource data, boolean fromSource) {
        int classes = data instanceof LabelledSource labelled ? labelled.classes() : 0;
        if (classes > 0) {
            return Math.max(4000, Math.min(16_000, 2000 * classes));
        }
        if (Datasets.isPicture(data) && !fromSource) {
            return 6000;
        }
        return data.dimension() == 3 || fromSource ? 4000 : 3000;
    }
}
