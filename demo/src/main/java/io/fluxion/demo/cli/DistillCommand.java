package io.fluxion.demo.cli;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.train.Distillation;
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

/** {@code fluxion distill}: a student network that samples in K Euler steps what its teacher's ODE does. */
@Command(name = "distill", description = "Distil a network model into one that samples in K Euler steps "
        + "(best from a reflowed teacher: fluxion reflow first).",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion distill --model moons-reflow.fluxion --steps 1 --out moons-1step.fluxion",
            "  fluxion distill --model glyphs --steps 2 --guidance 2 --out glyphs-2step.fluxion"})
public final class DistillCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "the teacher: a network model file or a bundled model's name")
    String model;
    @Option(names = "--steps", required = true, description = "K, the student's Euler steps, 1..64") int k;
    @Option(names = "--out", required = true, description = "the student's model file") Path out;
    @Option(names = "--points", defaultValue = "32768", description = "noise points the teacher carries (K rows each)")
    int points;
    @Option(names = "--teacher-steps", defaultValue = "25", description = "RK4 steps of the teacher over the whole flow")
    int teacherSteps;
    @Option(names = "--train-steps", defaultValue = "3000", description = "training steps") int trainSteps;
    @Option(names = "--batch", defaultValue = "1024") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") double learningRate;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--guidance", defaultValue = "1", description = "a conditional teacher: the classifier-free guidance "
            + "each class is distilled at (the student then samples a class with guidance 1)") double guidance;

    @Override
    public Integer call() throws Exception {
        if (k < 1 || k > 64) {
            throw new IllegalArgumentException("--steps must be in 1..64, got " + k);
        }
        AtomicFiles.checkWritable(out);
        Model teacher = ShownModel.load(model);
        MlpArchitecture shape = MlpVelocityField.of(teacher.field()).map(MlpVelocityField::architecture)
                .orElseThrow(() -> new IllegalArgumentException("distill: model " + teacher.name() + " is not a network ("
                        + teacher.field() + "); distil a trained model"));
        if (!Double.isFinite(guidance) || Math.abs(guidance) > 1000) {
            throw new IllegalArgumentException("--guidance must be a finite number of magnitude at most 1000, got " + guidance);
        }
        if (guidance != 1 && !shape.isConditional()) {
            throw new IllegalArgumentException("--guidance needs a conditional teacher; " + teacher.name() + " has no classes");
        }
        TrainingConfig config = TrainingConfig.builder().width(shape.width()).depth(shape.depth()).steps(trainSteps)
                .batchSize(batch).learningRate(learningRate).seed(seed).reportEvery(Math.max(1, trainSteps / 200)).build();
        int substeps = Math.max(1, (int) Math.ceil((double) teacherSteps / k));
        PrintWriter err = spec.commandLine().getErr();
        TrainingEvent last = Distillation.train(teacher, k, points, substeps, guidance, config)
                .doOnNext(event -> TrainCommand.progress(err, event)).blockLast();
        err.println();
        Model student = last.model();
        ModelFiles.save(student, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "saved %s (%s: %d Euler steps, %d points carried by %s, %d training "
                + "steps, final loss %.4f)%n", out, student.name(), k, points, teacher.name(), trainSteps, last.loss());
        return 0;
    }
}
