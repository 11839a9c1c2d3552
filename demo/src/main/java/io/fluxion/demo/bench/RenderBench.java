package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.render.GlContext;
import io.fluxion.render.GlUnavailableException;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.RenderSettings;
import io.fluxion.render.Screenshots;
import io.fluxion.render.gpu.GpuFlow;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.lwjgl.opengl.GL11;

/**
 * The renderer's own cost (workload R of {@code fluxion bench}): checkerboard particles drawn into
 * a headless 1024² surface, as point sprites and as density, at 10⁴, 10⁵ and 10⁶ particles;
 * milliseconds per frame (upload, draw, tone-map, glFinish), median of the repetitions, and the
 * path the renderer picks by itself. Also the read-back of one frame.
 */
public final class RenderBench {

    private static final int SIZE = 1024;
    private static final int[] COUNTS = {10_000, 100_000, 1_000_000};

    private RenderBench() {
    }

    public static void run(Bench bench) {
        PrintWriter out = bench.out();
        int repeats = bench.repeats();
        GlContext context;
        try {
            context = GlContext.headless(SIZE, SIZE);
        } catch (GlUnavailableException noGl) {
            out.println("R render: skipped (" + noGl.getMessage() + ")");
            return;
        }
        try (context; ParticleRenderer renderer = new ParticleRenderer(context)) {
            out.println("R render, " + SIZE + "x" + SIZE + ", " + context.description());
            for (int n : COUNTS) {
                ParticleFrame frame = checkerboard(n);
                renderer.settings().densityThreshold(Integer.MAX_VALUE);
                double points = time(renderer, frame, repeats);
                renderer.settings().densityThreshold(0);
                double density = time(renderer, frame, repeats);
                renderer.settings().densityThreshold(new RenderSettings().densityThreshold());
                double automatic = time(renderer, frame, repeats);
                out.printf(Locale.ROOT, "R %,9d particles: points %7.1f ms, density %6.1f ms; automatic (%s) %6.1f ms = "
                                + "%5.1f frames/s%n", n, points, density, renderer.lastUsedDensity() ? "density" : "points",
                        automatic, 1000 / automatic);
            }
            gpuFlow(out, context, repeats);
            GL11.glFinish();
            long start = System.nanoTime();
            Screenshots.read(context);
            out.printf(Locale.ROOT, "R read-back of one %dx%d frame: %.1f ms%n", SIZE, SIZE, (System.nanoTime() - start) / 1e6);
        }
    }

    /** The compute-shader flow (3 × 64 net, one Euler step per frame): particles per frame at 60 frames/s. */
    private static void gpuFlow(PrintWriter out, GlContext context, int repeats) {
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, 64, 3), 1));
        Model model = new Model("3x64", field, Schedules.condOt(0), Normalization.identity(2), Map.of());
        int n = 20_000;
        double perStep;
        try (GpuFlow flow = new GpuFlow(context, model, n)) {
            flow.uploadNoise(n, 3);
            flow.step(0, 0.01f, false);
            GL11.glFinish();
            double[] millis = new double[Math.max(3, repeats)];
            for (int r = 0; r < millis.length; r++) {
                long start = System.nanoTime();
                flow.step(0.5f, 0.01f, false);
                GL11.glFinish();
                millis[r] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            perStep = millis[millis.length / 2];
        } finally {
            field.close();
        }
        out.printf(Locale.ROOT, "G GPU flow (compute shader), 3x64, one Euler step of %,d particles: %.1f ms = %,.0f "
                + "particles per frame at 60 frames/s on this device%n", n, perStep, n * (1000.0 / 60) / perStep);
    }

    private static double time(ParticleRenderer renderer, ParticleFrame frame, int repeats) {
        renderer.draw(frame);
        GL11.glFinish();
        double[] millis = new double[Math.max(3, repeats)];
        for (int r = 0; r < millis.length; r++) {
            long start = System.nanoTime();
            renderer.draw(frame);
            GL11.glFinish();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static ParticleFrame checkerboard(int n) {
        float[] points = new float[2 * n];
        Datasets.checkerboard().sample(points, n, new SplittableRandom(1));
        float[] velocities = new float[2 * n];
        float[] times = new float[n];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            velocities[2 * i] = (float) random.nextGaussian() * 3;
            velocities[2 * i + 1] = (float) random.nextGaussian() * 3;
            times[i] = (float) random.nextDouble();
        }
        return ParticleFrame.copyOf("checkerboard", points, velocities, times, n, 2);
    }
}
