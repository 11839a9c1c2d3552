package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Straightness;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReflowTest {

    @Test
    void theStudentIsStraighterAndOneEulerStepComesCloser() {
        GaussianMixture target = Datasets.eightGaussians();
        Model teacher = new Model("eight", new GaussianMixtureField(target, Schedules.condOt(0)), Schedules.condOt(0),
                Normalization.identity(2), Map.of());
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(800).learningRate(2e-3)
                .seed(1).reportEvery(800).build();
        Model student = Reflow.train(teacher, 8192, 20, 1, config).blockLast().model();
        assertEquals("1", student.metadata().get(Model.SAMPLE_STEPS_KEY));
        assertEquals("euler", student.metadata().get(Model.SAMPLE_SOLVER_KEY));
        assertEquals("eight", student.metadata().get("reflowOf"));
        double teacherStraightness = Straightness.of(teacher.field(), 500, 16, new SplittableRandom(2));
        double studentStraightness = Straightness.of(student.field(), 500, 16, new SplittableRandom(2));
        int n = 1000;
        float[] data = target.sample(n, 5);
        double teacherW2 = Wasserstein.exact(teacher.sample(n, OdeSolvers.euler(), TimeGrid.uniform(1), new SplittableRandom(3)),
                data, n, 2);
        double studentW2 = Wasserstein.exact(student.sample(n, OdeSolvers.euler(), TimeGrid.uniform(1), new SplittableRandom(3)),
                data, n, 2);
        System.out.printf("straightness teacher %.4f, student %.4f; W2 at one Euler step: teacher %.3f, student %.3f%n",
                teacherStraightness, studentStraightness, teacherW2, studentW2);
        assertTrue(studentStraightness < 0.25 * teacherStraightness, "straighter");
        assertTrue(studentW2 < 0.5 * teacherW2, "one Euler step comes closer");
        assertThrows(IllegalArgumentException.class, () -> Reflow.train(teacher, 10, 20, 1, config));
        assertThrows(IllegalArgumentException.class, () -> Reflow.train(teacher, 4096, 20, 0, config));
    }
}
