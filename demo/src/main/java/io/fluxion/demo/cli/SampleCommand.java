package io.fluxion.demo.cli;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointCloud;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.sample.Sampler;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.demo.show.ShownModel;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion sample}: draws samples from a model (noise carried to t = 1) into a CSV or .npy
 * file of [n, d] rows; with {@code --reverse}, carries data points ({@code --data}) back to noise
 * instead; with {@code --log-density}, adds a last column: log p of the data-side point under the
 * model (nats, data coordinates; exact divergence for network models).
 */
@Command(name = "sample", description = {"Draw samples from a model into FILE.csv or FILE.npy.",
    "--reverse carries --data points back to noise; --log-density adds log p (data side) as a last column."},
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion sample --model moons.fluxion --n 10000 --out samples.npy",
            "  fluxion sample --model flower --n 5000 --solver rk4 --steps 20 --out flower.csv",
            "  fluxion sample --model moons.fluxion --data moons --reverse --out noise.npy",
            "  fluxion sample --model moons.fluxion --n 1000 --log-density --out scored.csv"})
public final class SampleCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file, or a bundled model's name (default: checkerboard)") String model;
    @Option(names = "--n", defaultValue = "10000") int count;
    @Option(names = "--solver", description = "euler, midpoint, heun, rk4 or dopri5 (default: what the model was made "
            + "for, else rk4)") String solverOption;
    @Option(names = "--steps", description = "solver steps (default: what the model was made for, else 25)") Integer stepsOption;
    String solver;
    int steps;
    @Option(names = "--reverse", description = "carry --data points from t = 1 back to noise at t = 0") boolean reverse;
    @Option(names = "--data", description = "with --reverse: the points (a data set name, FILE.csv, FILE.npy or IMAGE.png)")
    String data;
    @Option(names = "--from", description = "transport these points (any --data form) along the flow instead of noise: "
            + "what a model trained with --source does")
    String from;
    @Option(names = "--log-density", description = "add log p of the data-side point as a last column") boolean logDensity;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--out", required = true, description = "FILE.csv or FILE.npy") Path out;

    @Mixin
    LabelOptions labelOptions = new LabelOptions();

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(out);
        if (count < 1 || count > StreamSpec.MAX_PARTICLES) {
            throw new IllegalArgumentException("--n must be in [1, " + StreamSpec.MAX_PARTICLES + "], got " + count);
        }
        String file = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!file.endsWith(".csv") && !file.endsWith(".npy")) {
            throw new IllegalArgumentException("--out " + out + ": must end in .csv or .npy");
        }
        if (reverse != (data != null)) {
            throw new IllegalArgumentException(reverse ? "--reverse needs --data (the points to carry back to noise)"
                    : "--data is only used with --reverse");
        }
        Model chosen = labelOptions.apply(ShownModel.load(model));
        SolverChoice choice = SolverChoice.of(chosen, solverOption, stepsOption);
        solver = choice.solver();
        steps = choice.steps();
        int d = chosen.dimension();
        if (from != null && reverse) {
            throw new IllegalArgumentException("give --from or --reverse, not both");
        }
        if (from == null && !reverse && chosen.sourceName() != null) {
            throw new IllegalArgumentException("model " + chosen.name() + " was trained from the points of "
                    + chosen.sourceName() + ", not noise: give --from POINTS to transport");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Sampler sampler = new Sampler(chosen.field(), OdeSolvers.byName(solver), TimeGrid.uniform(steps));
        float[] dataSide;
        float[] rows;
        if (from != null) {
            PointSource source = Datasets.byName(from);
            if (source.dimension() != d) {
                throw new IllegalArgumentException("--from " + from + " has d = " + source.dimension() + " but model "
                        + chosen.name() + " has d = " + d);
            }
            float[] points = source instanceof PointCloud cloud && cloud.size() == count ? cloud.points()
                    : source.sample(count, seed);
            rows = chosen.transport(points, count, OdeSolvers.byName(solver), TimeGrid.uniform(steps));
            dataSide = rows;
        } else if (reverse) {
            PointSource source = Datasets.byName(data);
            if (source.dimension() != d) {
                throw new IllegalArgumentException("--data " + data + " has d = " + source.dimension() + " but model "
                        + chosen.name() + " has d = " + d);
            }
            dataSide = new float[count * d];
            source.sample(dataSide, count, random);
            rows = dataSide.clone();
            chosen.normalization().toModel(rows, count);
            sampler.toNoise(rows, count);
        } else {
            rows = sampler.sample(count, random);
            chosen.normalization().toData(rows, count);
            dataSide = rows;
        }
        int columns = logDensity ? d + 1 : d;
        float[] table = logDensity ? withLogDensity(chosen, dataSide, rows, count, d) : rows;
        write(table, count, columns, d);
        int nfe = OdeSolvers.byName(solver).evaluationsPerStep() * steps;
        spec.commandLine().getOut().printf("wrote %d %s of %s to %s (%s, %d steps: NFE %d)%n", count,
                reverse ? "noise points carried back from " + data : from != null ? "points transported from " + from
                        : "samples", chosen.name(), out, solver, steps, nfe);
        return 0;
    }

    /** [n, d + 1]: the rows, then log p of the data-side points in data coordinates. */
    private float[] withLogDensity(Model chosen, float[] dataSide, float[] rows, int n, int d) {
        double[] logDensities = new double[n];
        chosen.logDensity(dataSide, n, logDensities, OdeSolvers.byName(solver), TimeGrid.uniform(steps));
        float[] table = new float[n * (d + 1)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, i * d, table, i * (d + 1), d);
            table[i * (d + 1) + d] = (float) logDensities[i];
        }
        return table;
    }

    private void write(float[] table, int n, int columns, int d) throws IOException {
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.write(NpyArray.of(table, n, columns), out);
            return;
        }
        AtomicFiles.write(out, stream -> {
            // row by row through a buffer: the text of millions of rows is never held whole
            Writer text = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            for (int j = 0; j < d; j++) {
                text.append(j == 0 ? "" : ",").append(reverse ? "z" : "x").append(Integer.toString(j));
            }
            text.append(columns > d ? ",log_density" : "").append('\n');
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < columns; j++) {
                    text.append(j == 0 ? "" : ",").append(Float.toString(table[i * columns + j]));
                }
                text.append('\n');
            }
            text.flush();
        });
    }
}
