package io.fluxion.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.sample.Morph;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's "Steering an effect" section, run as written (a short training, so the shapes are rough). */
class SteeringEffectsTest {

    @Test
    void runsAsWritten() {
        // snippet-start
        // one network for four shapes: labelled data trains a conditional model
        LabelledSource shapes = Datasets.toys();   // checkerboard, moons, spirals, rings
        TrainingConfig config = TrainingConfig.builder().width(64).batchSize(256).steps(300).build();
        Model model = CfmTrainer.train(shapes, config).blockLast().model();

        // one class, with classifier-free guidance (1: the class's own field)
        Model moons = model.conditioned(shapes.labelOf("moons"), 1.5);
        int n = 1000;
        float[] particles = moons.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(20), new SplittableRandom(0));

        // morph the live particles into another class: no retraining, no jumps, 2 x 30 frames
        Model rings = model.conditioned(shapes.labelOf("rings"), 1.0);
        Morph morph = new Morph(moons, rings, particles, n, OdeSolvers.rk4(), 30);
        float[] frame = new float[2 * n];
        while (!morph.isDone()) {
            morph.next(frame);   // draw frame: [n, 2] positions in data coordinates
        }
        // snippet-end
        assertEquals(60, morph.frames());
        double radius = 0;
        for (int i = 0; i < n; i++) {
            radius += Math.hypot(frame[2 * i], frame[2 * i + 1]) / n;
        }
        assertTrue(radius > 0.5 && radius < 2.5, "the particles ended among the rings: mean radius " + radius);
    }
}
