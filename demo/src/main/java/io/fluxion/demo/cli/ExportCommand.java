package io.fluxion.demo.cli;

import io.fluxion.core.export.EngineFiles;
import io.fluxion.core.export.VelocityGrid;
import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.demo.show.ShownModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion export}: a 3-D model's velocity at chosen flow times on a grid for Unreal (FGA),
 * Unity ({@code .vf}) or anything else ({@code .npy}), or samples as a Unity VFX Graph point
 * cache ({@code .pCache}).
 */
@Command(name = "export", description = "Export a 3-D model for game engines: its velocity field (fga, vf, npy) "
        + "or samples (pcache).",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion export --model torus-knot --format fga --out knot.fga",
            "  fluxion export --model shape.fluxion --format vf --out shape.vf",
            "  fluxion export --model pawn --format pcache --n 65536 --out pawn.pcache"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file, or a bundled model's name") String model;
    @Option(names = "--format", required = true, description = "fga (Unreal), vf (Unity VFX Graph), npy, or pcache "
            + "(samples as a Unity point cache)") String format;
    @Option(names = "--out", required = true, description = "the file to write; with several --times, FILE-t0.500.EXT "
            + "for each") Path out;
    @Option(names = "--times", defaultValue = "0.9", split = ",",
            description = "flow times of the velocity slices, in [0, 1] (default 0.9: the field that pulls into the shape)")
    double[] times;
    @Option(names = "--resolution", defaultValue = "32", description = "grid points per axis, 2..256") int resolution;
    @Option(names = "--bounds", split = ",", description = "the grid box in data coordinates: minX,minY,minZ,maxX,maxY,maxZ "
            + "(default: the samples' box, 10 %% larger each side)") float[] bounds;
    @Option(names = "--n", defaultValue = "65536", description = "pcache: points to sample") int n;
    @Option(names = "--seed", defaultValue = "0") long seed;

    @Mixin
    LabelOptions labelOptions = new LabelOptions();

    @Override
    public Integer call() throws Exception {
        String kind = format.toLowerCase(Locale.ROOT);
        if (!kind.equals("fga") && !kind.equals("vf") && !kind.equals("npy") && !kind.equals("pcache")) {
            throw new IllegalArgumentException("--format: unknown '" + format + "' (known: fga, vf, npy, pcache)");
        }
        if (resolution < 2 || resolution > VelocityGrid.MAX_RESOLUTION) {
            throw new IllegalArgumentException("--resolution must be in 2.." + VelocityGrid.MAX_RESOLUTION + ", got " + resolution);
        }
        for (double t : times) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("--times: flow times must be in [0, 1], got " + t);
            }
        }
        if (n < 1 || n > StreamSpec.MAX_PARTICLES) {
            throw new IllegalArgumentException("--n must be in 1.." + StreamSpec.MAX_PARTICLES + ", got " + n);
        }
        if (bounds != null && bounds.length != 6) {
            throw new IllegalArgumentException("--bounds needs 6 numbers minX,minY,minZ,maxX,maxY,maxZ, got " + bounds.length);
        }
        AtomicFiles.checkWritable(out);
        Model chosen = labelOptions.apply(ShownModel.load(model));
        if (chosen.dimension() != 3) {
            throw new IllegalArgumentException("export writes 3-D fields and point caches; model " + chosen.name()
                    + " has d = " + chosen.dimension());
        }
        PrintWriter console = spec.commandLine().getOut();
        if (kind.equals("pcache")) {
            float[] samples = chosen.sample(n, OdeSolvers.rk4(), TimeGrid.uniform(25), new SplittableRandom(seed));
            float[][] box = box(samples, n, 0f);
            float[] colours = new float[3 * n];
            for (int i = 0; i < 3 * n; i++) {
                int axis = i % 3;
                colours[i] = (samples[i] - box[0][axis]) / Math.max(1e-12f, box[1][axis] - box[0][axis]);
            }
            EngineFiles.writePointCache(samples, colours, n, out);
            console.printf(Locale.ROOT, "wrote %s: %,d samples of %s (RK4, 25 steps), coloured by position in their box "
                    + "(x red, y green, z blue); left-handed y up (z negated)%n", out, n, chosen.name());
            return 0;
        }
        float[][] box = bounds != null ? new float[][] {{bounds[0], bounds[1], bounds[2]}, {bounds[3], bounds[4], bounds[5]}}
                : box(chosen.sample(4000, OdeSolvers.euler(), TimeGrid.uniform(16), new SplittableRandom(seed)), 4000, 0.1f);
        for (double t : times) {
            Path file = times.length == 1 ? out : slicePath(out, t);
            VelocityGrid grid = VelocityGrid.sample(chosen, t, resolution, box[0], box[1]);
            switch (kind) {
                case "fga" -> EngineFiles.writeFga(grid, file);
                case "vf" -> EngineFiles.writeVectorField(grid, file);
                default -> EngineFiles.writeNpy(grid, file);
            }
            console.printf(Locale.ROOT, "wrote %s: velocity of %s at t = %.3f on a %d^3 grid over x [%.4g, %.4g], "
                            + "y [%.4g, %.4g], z [%.4g, %.4g] (data coordinates%s)%n", file, chosen.name(), t, resolution,
                    box[0][0], box[1][0], box[0][1], box[1][1], box[0][2], box[1][2], switch (kind) {
                        case "fga" -> "; Unreal X, Y, Z = x, z, y";
                        case "vf" -> "; Unity x, y, z = x, y, -z";
                        default -> "";
                    });
        }
        return 0;
    }

    /** FILE.EXT → FILE-t0.500.EXT beside it. */
    static Path slicePath(Path file, double t) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(String.format(Locale.ROOT, "%s-t%.3f%s", stem, t, extension));
    }

    /** The points' bounding box [min, max], each side pushed out by {@code margin} × its extent. */
    private static float[][] box(float[] points, int count, float margin) {
        float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < 3 * count; i++) {
            if (Float.isFinite(points[i])) {
                lo[i % 3] = Math.min(lo[i % 3], points[i]);
                hi[i % 3] = Math.max(hi[i % 3], points[i]);
            }
        }
        for (int axis = 0; axis < 3; axis++) {
            float extent = Math.max(hi[axis] - lo[axis], 1e-3f);
            lo[axis] -= margin * extent;
            hi[axis] += margin * extent;
        }
        return new float[][] {lo, hi};
    }
}
