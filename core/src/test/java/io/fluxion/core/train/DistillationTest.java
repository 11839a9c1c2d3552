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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistillationTest {

    @Test
    void twoEulerStepsOfTheStudentLandWhereTheTeachersOdeDoes() {
        GaussianMixture target = Datasets.eightGaussians();
        Model teacher = new Model("eight", new GaussianMixtureField(target, Schedules.condOt(0)), Schedules.condOt(0),
                Normalization.identity(2), Map.of());
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(800).learningRate(2e-3)
                .seed(1).reportEvery(800).build();
        Model student = Distillation.train(teacher, 2, 4096, 10, config).blockLast().model();
        assertEquals("2", student.metadata().get(Model.SAMPLE_STEPS_KEY));
        assertEquals("eight", student.metadata().get("distilledFrom"));
        int n = 1000;
        float[] data = target.sample(n, 5);
        double teacherW2 = Wasserstein.exact(teacher.sample(n, OdeSolvers.euler(), TimeGrid.uniform(2), new SplittableRandom(3)),
                data, n, 2);
        double studentW2 = Wasserstein.exact(student.sample(n, OdeSolvers.euler(), TimeGrid.uniform(2), new SplittableRandom(3)),
                data, n, 2);
        double floor = Wasserstein.exact(target.sample(n, 6), data, n, 2);
        System.out.printf("two Euler steps: teacher W2 %.3f, student %.3f, floor %.3f%n", teacherW2, studentW2, floor);
        assertTrue(studentW2 < 0.6 * teacherW2, "the student's two steps come far closer than the teacher's");
        assertThrows(IllegalArgumentException.class, () -> Distillation.train(teacher, 0, 4096, 10, config));
        assertThrows(IllegalArgumentException.class, () -> Distillation.train(teacher, 65, 4096, 10, config));
    }

    @Test
    void aConditionalTeacherDistilsIntoAConditionalStudent() {
        Model teacher = CfmTrainer.train(ConditionalTrainingTest.twoBlobs(), TrainingConfig.builder().width(64).depth(2)
                .batchSize(256).steps(600).seed(3).reportEvery(600).build()).blockLast().model();
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(600).seed(1)
                .reportEvery(600).build();
        Model student = Distillation.train(teacher, 1, 4096, 10, config).blockLast().model();
        assertEquals(List.of("left", "right"), student.labelNames(), "the student keeps the teacher's classes");
        int n = 500;
        for (String side : new String[] {"left", "right"}) {
            Model one = student.conditioned(student.labelNames().indexOf(side), 1.0);
            float[] samples = one.sample(n, OdeSolvers.euler(), TimeGrid.uniform(1), new SplittableRandom(4));
            double meanX = 0;
            for (int i = 0; i < n; i++) {
                meanX += samples[2 * i] / n;
            }
            System.out.printf("conditional student, one Euler step, class %s: mean x %.2f%n", side, meanX);
            assertEquals(side.equals("left") ? -3 : 3, meanX, 0.6, "one step lands on the class's blob");
        }
    }
}
