package io.fluxion.demo.cli;

import io.fluxion.core.coupling.Couplings;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.MeshFill;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TimeSampling;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.core.train.TrainingDefaults;
import io.fluxion.core.train.TrainingEvent;
import io.fluxion.demo.bench.Bench;
import io.fluxion.demo.show.ShownModel;
import io.fluxion.render.Screenshots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion train}: trains a velocity network on a data set and saves the model file. */
@Command(name = "train", description = "Train a flow-matching model and save it.",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion train --data moons --out moons.fluxion",
            "  fluxion train --data photo.png --out photo.fluxion",
            "  fluxion train --data shape.obj --fill volume --out shape.fluxion",
            "  fluxion train --data points.csv --labels --out classes.fluxion",
            "  fluxion train --data moons --source eight-gaussians --out morph.fluxion"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true,
            description = "a data set: checkerboard, eight-gaussians, moons, spirals, rings, text:WORDS; 3-D: torus-knot, shell, galaxy, "
                    + "helix, text3d:WORDS; or a file: FILE.csv, FILE.npy, IMAGE.png, MESH.obj/.ply/.gltf/.glb")
    String data;
    @Option(names = "--fill", defaultValue = "surface",
            description = "for a mesh: points on its surface (surface) or inside it (volume, closed meshes)")
    String fill;
    @Option(names = "--labels", description = "the data file's last column is a class 0..K-1 (a conditional model)")
    boolean labels;
    @Option(names = "--label-dropout", defaultValue = "0.1",
            description = "labelled data: share of rows trained without their label (for guidance)") double labelDropout;

    @Option(names = "--source", description = "train from this point set (any --data form) instead of noise: the model "
            + "transports its points to the data (sample --from); exact OT coupling by default")
    String sourceData;

    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Option(names = "--width", description = "hidden width (default 128; 256 for 3-D, labelled data or a picture)")
    Integer width;
    @Option(names = "--depth", description = "hidden layers (default 3; 4 for labelled data or a picture)") Integer depth;
    @Option(names = "--activation", defaultValue = "silu", description = "silu, relu or tanh") String activation;
    @Option(names = "--fourier", defaultValue = "0", description = "sinusoidal time features (0: t concatenated)") int fourier;
    @Option(names = "--steps", description = "training steps (default 3000; 4000 for 3-D data or with --source; "
            + "6000 for a picture; 2000 per class for labelled data, 4000 to 16000)") Integer steps;
    @Option(names = "--batch", description = "minibatch size (default 1024; 2048 for a picture; 256 with --source, "
            + "where the exact OT coupling costs O(batch^3) a step)") Integer batch;
    @Option(names = "--lr", description = "learning rate (default 2e-3; 1e-3 for a picture)") Double learningRate;
    @Option(names = "--warmup", defaultValue = "0") int warmup;
    @Option(names = "--no-cosine", description = "keep the learning rate constant") boolean noCosine;
    @Option(names = "--weight-decay", defaultValue = "0") double weightDecay;
    @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the weights, 0 for none") double ema;
    @Option(names = "--coupling", description = "independent, exact-ot, sinkhorn[:EPS] (default: independent; exact-ot with --source)")
    String coupling;
    @Option(names = "--schedule", defaultValue = "condot(sigmaMin=0.0)") String schedule;
    @Option(names = "--time-sampling", defaultValue = "uniform", description = "uniform or logit-normal") String timeSampling;
    @Option(names = "--data-rms", defaultValue = "2", description = "RMS of the data in model coordinates") double dataRms;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--name", description = "model name (default: the data's)") String name;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(out); // before the training, not after it
        PointSource source = labels ? Datasets.labelledFile(Path.of(data)) : Datasets.byName(data, MeshFill.byName(fill));
        PointSource from = sourceData == null ? null : Datasets.byName(sourceData, MeshFill.byName(fill));
        if (from != null && from.dimension() != source.dimension()) {
            throw new IllegalArgumentException("--source " + sourceData + " has d = " + from.dimension() + " but --data "
                    + data + " has d = " + source.dimension());
        }
        String coupling = this.coupling != null ? this.coupling : from != null ? "exact-ot" : "independent";
        Couplings.byName(coupling); // validates the name before training
        TrainingConfig.Builder builder = TrainingDefaults.forData(source, from != null);
        if (width != null) {
            builder.width(width);
        }
        if (depth != null) {
            builder.depth(depth);
        }
        if (batch != null) {
            builder.batchSize(batch);
        }
        if (learningRate != null) {
            builder.learningRate(learningRate);
        }
        int steps = this.steps != null ? this.steps : TrainingDefaults.steps(source, from != null);
        TrainingConfig config = builder.activation(Activation.byName(activation))
                .fourierFrequencies(fourier).steps(steps).warmupSteps(warmup)
                .cosineDecay(!noCosine).weightDecay(weightDecay).emaDecay(ema)
                .coupling(() -> Couplings.byName(coupling)).schedule(Schedules.parse(schedule))
                .timeSampling(timeSampling(timeSampling)).labelDropout(labelDropout).dataRms(dataRms).seed(seed).modelName(name)
                .reportEvery(Math.max(1, steps / 200)).build();
        PrintWriter err = spec.commandLine().getErr();
        int[] curveSteps = new int[256];
        double[] curveLosses = new double[256];
        int[] points = {0};
        long started = System.nanoTime();
        TrainingEvent last = CfmTrainer.train(from, source, config)
                .doOnNext(event -> {
                    progress(err, event);
                    if (points[0] < curveSteps.length) {
                        curveSteps[points[0]] = event.step();
                        curveLosses[points[0]++] = event.loss();
                    }
                })
                .blockLast();
        err.println();
        double trainingSeconds = (System.nanoTime() - started) / 1e9;
        Model model = last.model();
        ModelFiles.save(model, out);
        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "saved %s (%s, %d steps, final loss %.4f, %.1f steps/s)%n", out,
                model.name(), steps, last.loss(), last.stepsPerSecond());
        if (from == null) {
            console.printf(Locale.ROOT, "quality after %.1f s of training: W2 %.2f x the data-vs-data floor (n = 1000, RK4 25 steps)%n",
                    trainingSeconds, Bench.meanW2(model, source, 1000, 1) / Bench.meanFloor(source, 1000, 1));
        }
        Path lossPng = beside(out, "-loss.png");
        Screenshots.savePng(Plots.lossCurve(curveSteps, curveLosses, points[0], model.name() + ": CFM loss"), lossPng);
        console.println("loss curve: " + lossPng);
        if (model.dimension() == 2) {
            int n = 4000;
            float[] samples = from == null
                    ? model.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(seed + 1))
                    : model.transport(from.sample(n, seed + 1), n, OdeSolvers.rk4(), TimeGrid.uniform(25));
            float[] data = new float[2 * n];
            source.sample(data, n, new SplittableRandom(seed + 2));
            Path scatterPng = beside(out, "-samples.png");
            Screenshots.savePng(Plots.samplesBesideData(samples, data, n, ShownModel.viewHalfHeight(model), model.name()),
                    scatterPng);
            console.println("samples beside the data: " + scatterPng);
        }
        return 0;
    }

    /** FILE.fluxion → FILE + suffix, in the same folder. */
    private static Path beside(Path file, String suffix) {
        String name = file.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return file.toAbsolutePath().resolveSibling(stem + suffix);
    }

    static TimeSampling timeSampling(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "uniform": return TimeSampling.uniform();
            case "logit-normal": return TimeSampling.logitNormal(0, 1);
            default: throw new IllegalArgumentException("unknown time sampling '" + name + "' (known: uniform, logit-normal)");
        }
    }

    static void progress(PrintWriter err, TrainingEvent event) {
        int width = 30;
        int filled = (int) ((long) width * event.step() / event.totalSteps());
        err.printf(Locale.ROOT, "\r[%s%s] step %d/%d  loss %.4f  %.1f steps/s  ETA %ds   ", "#".repeat(filled),
                " ".repeat(width - filled), event.step(), event.totalSteps(), event.loss(), event.stepsPerSecond(),
                event.remaining().toSeconds());
        err.flush();
    }
}
