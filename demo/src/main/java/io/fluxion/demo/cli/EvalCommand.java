package io.fluxion.demo.cli;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.data.MeshFill;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.metrics.Mmd;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.sample.DensityFlowField;
import io.fluxion.core.sample.Morph;
import io.fluxion.core.sample.Sampler;
import io.fluxion.core.sample.Straightness;
import io.fluxion.demo.show.ShownModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion eval}: how close a model's samples are to fresh data. Prints, one per line, the
 * exact W2 between n samples and n data points and the same for two independent data draws (the
 * floor at this sample size), their ratio, sliced W2, MMD² (RBF, bandwidth: median data distance),
 * the mean negative log-likelihood of data points (nats, data coordinates; exact divergence for
 * MLP models) and the NFE spent per sample.
 */
@Command(name = "eval", description = "Score a model against data: W2, sliced W2, MMD, NLL, NFE.",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion eval --model moons.fluxion --data moons",
            "  fluxion eval --model spirals-reflow --data spirals --solver euler --steps 2"})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file, or a bundled model's name (default: checkerboard)") String model;
    @Option(names = "--data", required = true,
            description = "a data set: checkerboard, eight-gaussians, moons, spirals, rings, text:WORDS; 3-D: torus-knot, shell, galaxy, "
                    + "helix, text3d:WORDS; or a file: FILE.csv, FILE.npy, IMAGE.png, MESH.obj/.ply/.gltf/.glb")
    String data;
    @Option(names = "--fill", defaultValue = "surface",
            description = "for a mesh: points on its surface (surface) or inside it (volume, closed meshes)")
    String fill;
    @Option(names = "--from", description = "a model trained with --source: the source points it transports (any --data "
            + "form); adds the map's mean squared displacement against the exact OT cost")
    String from;
    @Option(names = "--morph-from", description = "samples of this model (file or bundled name) are morphed into the "
            + "model at run time (Morph: one flow time, no retraining) and compared with the data")
    String morphFrom;
    @Option(names = "--morph-from-label", description = "with --label: morph from this class of the same model instead")
    String morphFromLabel;
    @Option(names = "--labels", description = "the data file's last column is a class 0..K-1 (a conditional model)")
    boolean labels;
    @Option(names = "--n", defaultValue = "1000", description = "samples and data points (exact W2: at most 8192)") int n;
    @Option(names = "--solver", description = "euler, midpoint, heun, rk4 or dopri5 (default: what the model was made "
            + "for, else rk4)") String solverOption;
    @Option(names = "--steps", description = "solver steps (default: what the model was made for, else 25)") Integer stepsOption;
    String solver;
    int steps;
    @Option(names = "--nll-points", defaultValue = "500", description = "data points for the NLL (0: skip)") int nllPoints;
    @Option(names = "--seed", defaultValue = "0") long seed;

    @Mixin
    LabelOptions labelOptions = new LabelOptions();

    @Override
    public Integer call() throws Exception {
        if (n < 2 || n > Wasserstein.MAX_EXACT_POINTS) {
            throw new IllegalArgumentException("--n must be in 2.." + Wasserstein.MAX_EXACT_POINTS + ", got " + n);
        }
        if (nllPoints < 0) {
            throw new IllegalArgumentException("--nll-points must be >= 0, got " + nllPoints);
        }
        Model base = ShownModel.load(model);
        Model chosen = labelOptions.apply(base);
        SolverChoice choice = SolverChoice.of(chosen, solverOption, stepsOption);
        solver = choice.solver();
        steps = choice.steps();
        Model morphSource = null;
        if (morphFromLabel != null) {
            if (morphFrom != null || labelOptions.label == null) {
                throw new IllegalArgumentException("--morph-from-label needs --label (the class to morph into) and no --morph-from");
            }
            morphSource = base.conditioned(LabelOptions.labelOf(base.labelNames(), morphFromLabel, base.name()),
                    labelOptions.guidance);
        } else if (morphFrom != null) {
            morphSource = ShownModel.load(morphFrom);
        }
        PointSource source = labels ? Datasets.labelledFile(Path.of(data)) : Datasets.byName(data, MeshFill.byName(fill));
        if (labelOptions.label != null) {
            if (!(source instanceof LabelledSource labelled)) {
                throw new IllegalArgumentException("--label: the data " + source.name() + " has no classes (give --labels for a "
                        + "file whose last column is the class, or a labelled set)");
            }
            source = labelled.ofLabel(LabelOptions.labelOf(labelled.labelNames(), labelOptions.label, source.name()));
        }
        int d = chosen.dimension();
        if (source.dimension() != d) {
            throw new IllegalArgumentException("--data " + data + " has d = " + source.dimension() + " but model "
                    + chosen.name() + " has d = " + d);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Sampler sampler = new Sampler(chosen.field(), OdeSolvers.byName(solver), TimeGrid.uniform(steps));
        if (from == null && chosen.sourceName() != null) {
            throw new IllegalArgumentException("model " + chosen.name() + " was trained from the points of " + chosen.sourceName()
                    + ": give --from POINTS");
        }
        PointSource origin = from == null ? null : Datasets.byName(from, MeshFill.byName(fill));
        if (origin != null && origin.dimension() != d) {
            throw new IllegalArgumentException("--from " + from + " has d = " + origin.dimension() + " but model "
                    + chosen.name() + " has d = " + d);
        }
        float[] starts = origin == null ? null : origin.sample(n, seed + 7);
        float[] samples;
        if (morphSource != null) {
            if (morphSource.dimension() != d) {
                throw new IllegalArgumentException("--morph-from " + morphSource.name() + " has d = " + morphSource.dimension()
                        + " but model " + chosen.name() + " has d = " + d);
            }
            float[] before = morphSource.sample(n, OdeSolvers.byName(solver), TimeGrid.uniform(steps), random);
            Morph morph = new Morph(morphSource, chosen, before, n, OdeSolvers.byName(solver), steps);
            samples = new float[n * d];
            while (!morph.isDone()) {
                morph.next(samples);
            }
            out().printf(Locale.ROOT, "morphed %d samples of %s into %s over %d frames%n", n, morphSource.name(), chosen.name(),
                    morph.frames());
        } else if (starts != null) {
            samples = chosen.transport(starts, n, OdeSolvers.byName(solver), TimeGrid.uniform(steps));
        } else {
            samples = sampler.sample(n, random);
            chosen.normalization().toData(samples, n);
        }
        int nfe = starts != null || morphSource != null ? OdeSolvers.byName(solver).evaluationsPerStep() * steps
                : sampler.lastResult().functionEvaluations();
        float[] fresh = new float[n * d];
        float[] other = new float[n * d];
        source.sample(fresh, n, random);
        source.sample(other, n, random);

        PrintWriter out = spec.commandLine().getOut();
        double w2 = Wasserstein.exact(samples, fresh, n, d);
        double floor = Wasserstein.exact(other, fresh, n, d);
        double bandwidth = medianDistance(fresh, Math.min(n, 1000), d);
        out.printf(Locale.ROOT, "model %s vs data %s, n = %d, %s %d steps%n", chosen.name(), source.name(), n, solver, steps);
        out.printf(Locale.ROOT, "W2 samples-data     %.4f%n", w2);
        out.printf(Locale.ROOT, "W2 data-data        %.4f%n", floor);
        out.printf(Locale.ROOT, "W2 ratio            %.3f%n", w2 / floor);
        if (starts != null) {
            double displacement = 0;
            for (int k = 0; k < n * d; k++) {
                double step = samples[k] - starts[k];
                displacement += step * step;
            }
            displacement /= n;
            double otCost = Math.pow(Wasserstein.exact(starts, fresh, n, d), 2);
            out.printf(Locale.ROOT, "mean squared displacement %.4f%n", displacement);
            out.printf(Locale.ROOT, "exact OT cost (W2^2) %.4f (source points vs fresh data)%n", otCost);
            out.printf(Locale.ROOT, "displacement ratio  %.3f%n", displacement / otCost);
        }
        out.printf(Locale.ROOT, "sliced W2           %.4f (data-data %.4f)%n",
                Wasserstein.sliced(samples, n, fresh, n, d, 256, seed), Wasserstein.sliced(other, n, fresh, n, d, 256, seed));
        out.printf(Locale.ROOT, "MMD^2 (h = %.3f)    %.5f (data-data %.5f)%n", bandwidth,
                Mmd.squared(samples, n, fresh, n, d, bandwidth), Mmd.squared(other, n, fresh, n, d, bandwidth));
        if (nllPoints > 0) {
            int m = Math.min(nllPoints, n);
            double[] logDensity = new double[m];
            OdeResult cost = chosen.logDensity(fresh, m, logDensity, OdeSolvers.byName(solver), TimeGrid.uniform(steps));
            double sum = 0;
            for (double value : logDensity) {
                sum += value;
            }
            out.printf(Locale.ROOT, "NLL                 %.4f nats (%s divergence, NFE %d)%n", -sum / m,
                    DensityFlowField.supports(chosen.field()) ? "exact" : "Hutchinson", cost.functionEvaluations());
        }
        out.printf(Locale.ROOT, "NFE per sample      %d%n", nfe);
        out.printf(Locale.ROOT, "straightness        %.4f (Liu et al.; 0: straight paths, model coordinates)%n",
                Straightness.of(chosen.field(), Math.min(n, 1000), 32, new SplittableRandom(seed + 11)));
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static double medianDistance(float[] points, int n, int d) {
        double[] distances = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sum = 0;
                for (int c = 0; c < d; c++) {
                    double diff = points[i * d + c] - points[j * d + c];
                    sum += diff * diff;
                }
                distances[k++] = Math.sqrt(sum);
            }
        }
        Arrays.sort(distances);
        return Math.max(1e-6, distances[distances.length / 2]);
    }
}
