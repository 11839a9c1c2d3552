package io.fluxion.demo;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.sample.Sampler;
import io.fluxion.render.GifRecorder;
import io.fluxion.render.Screenshots;
import io.fluxion.render.software.SoftwareRenderer;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion show}: particles flowing from noise (t = 0) to data (t = 1). The OpenGL window
 * is not built yet; this renders the flow with the pure-Java renderer into an animated GIF and
 * a PNG of the last frame, which is also what the window will fall back to without a display.
 */
@Command(name = "show", description = "Watch particles flow from noise into data (headless: writes a GIF and a PNG).")
final class ShowCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file (default: the bundled checkerboard)") Path modelFile;
    @Option(names = "--data", description = "a Gaussian-mixture data set (eight-gaussians) shown with its exact field")
    String data;
    @Option(names = "--particles", defaultValue = "10000") int particles;
    @Option(names = "--solver", defaultValue = "heun") String solver;
    @Option(names = "--frames", defaultValue = "40", description = "solver steps, one frame each") int frames;
    @Option(names = "--size", defaultValue = "480", description = "image width and height in pixels") int size;
    @Option(names = "--out", defaultValue = "fluxion-show.gif") Path out;
    @Option(names = "--seed", defaultValue = "0") long seed;

    @Override
    public Integer call() throws Exception {
        if (particles < 1 || frames < 1 || size < 16) {
            throw new IllegalArgumentException("need --particles >= 1, --frames >= 1 and --size >= 16");
        }
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        Model model = model();
        if (model.dimension() != 2) {
            throw new IllegalArgumentException("model " + model.name() + " has d = " + model.dimension()
                    + "; show draws 2-D models");
        }
        String reason = GraphicsEnvironment.isHeadless() ? "no display" : "the OpenGL window is not built yet";
        Path png = pngBeside(out);
        console.printf("%s: rendering headless into %s and %s%n", reason, out, png);

        Normalization normalization = model.normalization();
        Sampler sampler = new Sampler(model.field(), OdeSolvers.byName(solver), TimeGrid.uniform(frames));
        float[] state = new float[2 * particles];
        sampler.drawSource(state, particles, new SplittableRandom(seed));
        float[] shown = new float[2 * particles];
        float[] previous = new float[2 * particles];
        float[] colours = new float[3 * particles];
        SoftwareRenderer renderer = new SoftwareRenderer(size, size);
        renderer.setCamera(0, 0, 4.5);
        // about 10·particles/size² light lands on a covered pixel; aim for 1 − e^(−1.5) brightness there
        renderer.setExposure(0.15f * size * size / particles);
        GifRecorder gif = new GifRecorder(60);
        long[] simulationNanos = {0};
        long[] last = {System.nanoTime()};
        BufferedImage[] lastFrame = new BufferedImage[1];
        sampler.trajectory(state, particles, (index, fraction, x, n) -> {
            simulationNanos[0] += System.nanoTime() - last[0];
            System.arraycopy(x, 0, shown, 0, 2 * n);
            normalization.toData(shown, n);
            colourBySpeed(shown, previous, colours, n, index == 0);
            System.arraycopy(shown, 0, previous, 0, 2 * n);
            renderer.clear();
            renderer.splat(shown, colours, n, 1f);
            lastFrame[0] = renderer.resolve();
            gif.add(lastFrame[0]);
            last[0] = System.nanoTime();
        });
        for (int hold = 0; hold < 12; hold++) {
            gif.add(lastFrame[0]);
        }
        gif.write(out);
        Screenshots.savePng(lastFrame[0], png);
        double seconds = (System.nanoTime() - start) / 1e9;
        console.printf(Locale.ROOT, "%s: %d particles, %d frames (%s, NFE %d), simulation %.1f ms per frame, "
                        + "total %.1f s%n", model.name(), particles, frames + 1, solver,
                sampler.lastResult().functionEvaluations(), simulationNanos[0] / 1e6 / frames, seconds);
        return 0;
    }

    private Model model() throws Exception {
        if (modelFile != null && data != null) {
            throw new IllegalArgumentException("give --model or --data, not both");
        }
        if (modelFile != null) {
            return ModelFiles.load(modelFile);
        }
        if (data != null) {
            PointSource source = Datasets.byName(data);
            if (!(source instanceof GaussianMixture)) {
                throw new IllegalArgumentException("--data " + data + ": only Gaussian mixtures (eight-gaussians) have an exact "
                        + "field; train a model first (fluxion train --data " + data + " --out model.fluxion)");
            }
            return new Model(source.name(), new GaussianMixtureField((GaussianMixture) source, Schedules.condOt(0)),
                    Schedules.condOt(0), Normalization.identity(2), Map.of());
        }
        return BundledModels.load(BundledModels.NAMES.get(0));
    }

    /** Colours by displacement since the previous frame: slow blue to fast orange. */
    private static void colourBySpeed(float[] now, float[] before, float[] colours, int n, boolean first) {
        for (int i = 0; i < n; i++) {
            float speed = first ? 0 : (float) Math.hypot(now[2 * i] - before[2 * i], now[2 * i + 1] - before[2 * i + 1]);
            float u = Math.min(1f, speed * 8f);
            colours[3 * i] = 0.25f + 0.75f * u;
            colours[3 * i + 1] = 0.45f + 0.2f * u;
            colours[3 * i + 2] = 1f - 0.7f * u;
        }
    }

    private static Path pngBeside(Path gif) {
        String name = gif.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path parent = gif.toAbsolutePath().getParent();
        return parent.resolve(stem + ".png");
    }
}
