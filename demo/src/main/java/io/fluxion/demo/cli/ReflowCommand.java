package io.fluxion.demo.cli;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.train.Reflow;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingEvent;
import io.fluxion.demo.show.ShownModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion reflow}: a straighter student trained on pairs drawn by a teacher's ODE (rectified flow). */
@Command(name = "reflow", description = "Train a straighter model on pairs drawn by a teacher's ODE (rectified flow), "
        + "for sampling in few Euler steps.",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion reflow --model moons.fluxion --out moons-reflow.fluxion",
            "  fluxion show --model moons-reflow.fluxion"})
public final class ReflowCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "the teacher: a model file or a bundled model's name") String model;
    @Option(names = "--out", required = true, description = "the student's model file") Path out;
    @Option(names = "--pairs", defaultValue = "65536", description = "pairs drawn by the teacher, 1024..2^24") int pairs;
    @Option(names = "--teacher-steps", defaultValue = "25", description = "RK4 steps of the teacher per pair") int teacherSteps;
    @Option(names = "--sample-steps", defaultValue = "2", description = "the Euler steps the student is made for (recorded "
            + "in its file; sample uses them by default)") int sampleSteps;
    @Option(names = "--steps", defaultValue = "3000", description = "training steps") int steps;
    @Option(names = "--batch", defaultValue = "1024") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") double learningRate;
    @Option(names = "--width", description = "the student's width (default: the teacher's)") Integer width;
    @Option(names = "--depth", description = "the student's depth (default: the teacher's)") Integer depth;
    @Option(names = "--seed", defaultValue = "0") long seed;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(out);
        Model teacher = ShownModel.load(model);
        if (!teacher.labelNames().isEmpty()) {
            throw new IllegalArgumentException("reflow: model " + teacher.name() + " is conditional; reflow one class of it "
                    + "is not supported yet");
        }
        MlpArchitecture shape = MlpVelocityField.of(teacher.field()).map(MlpVelocityField::architecture)
                .orElse(MlpArchitecture.of(teacher.dimension(), 256, 3));
        TrainingConfig config = TrainingConfig.builder().width(width != null ? width : shape.width())
                .depth(depth != null ? depth : shape.depth()).steps(steps).batchSize(batch).learningRate(learningRate)
                .seed(seed).reportEvery(Math.max(1, steps / 200)).build();
        PrintWriter err = spec.commandLine().getErr();
        TrainingEvent last = Reflow.train(teacher, pairs, teacherSteps, sampleSteps, config)
                .doOnNext(event -> TrainCommand.progress(err, event)).blockLast();
        err.println();
        Model student = last.model();
        ModelFiles.save(student, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "saved %s (%s: %d pairs from %s, %d steps, final loss %.4f); sample it "
                + "with %d Euler steps%n", out, student.name(), pairs, teacher.name(), steps, last.loss(), sampleSteps);
        return 0;
    }
}
