package io.fluxion.demo.cli;

import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.demo.show.FieldChoice;
import io.fluxion.demo.show.FlowRecording;
import io.fluxion.demo.show.GpuShow;
import io.fluxion.demo.show.ShownModel;
import io.fluxion.demo.show.TextShow;
import io.fluxion.demo.show.WindowShow;
import io.fluxion.render.ColourMode;
import io.fluxion.render.GifRecorder;
import io.fluxion.render.GlContext;
import io.fluxion.render.GlUnavailableException;
import io.fluxion.render.Palette;
import io.fluxion.render.Screenshots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion show}: particles flowing from noise (t = 0) to data (t = 1). With a display, an
 * OpenGL window running the live emitter stream ({@link WindowShow}, keys listed there); without
 * one, it says so and renders one flow headless ({@link FlowRecording}) into an animated GIF and
 * a PNG of the last frame.
 */
@Command(name = "show", description = {"Watch particles flow from noise into data, in a window;",
    "without a display, renders headless into a GIF and a PNG.",
    "Keys: 1-8/N models, Space pause, R reset, T trails, +/- particles, [/] solver, C colours, P palette,",
    "arrows pan, Z/X zoom, S screenshot, H HUD, Esc quit; mouse: drag orbits (3-D) or pans, right-drag pans, wheel zooms,",
    "double-click resets the view."},
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion show",
            "  fluxion show --model flower --particles 100000",
            "  fluxion show --model moons.fluxion --solver rk4",
            "  fluxion show --data eight-gaussians",
            "  fluxion show --model pawn --orbit 10",
            "  fluxion show --text hello --then world",
            "  fluxion show --model flower --gpu --particles 1000000"})
public final class ShowCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file, or a bundled model's name (default: checkerboard)")
    String model;
    @Option(names = "--data", description = "a Gaussian mixture (eight-gaussians) shown with its exact field") String data;
    @Option(names = "--particles", defaultValue = "10000") int particles;
    @Option(names = "--solver", description = "euler, midpoint, heun or rk4 (default: the model file's, else heun)")
    String solverOption;
    @Option(names = "--steps", description = "headless: solver steps, one frame each (default: the model file's, else 40)")
    Integer stepsOption;
    private String solver = "heun";
    private int steps = 40;
    @Option(names = "--size", defaultValue = "480", description = "image or window size in pixels") int size;
    @Option(names = "--out", defaultValue = "fluxion-show.gif", description = "headless: the GIF to write") Path out;
    @Option(names = "--headless", description = "render headless even when a display is available") boolean headless;
    @Option(names = "--no-hud", description = "headless: leave the HUD (fps, particles, NFE, model, solver) out")
    boolean noHud;
    @Option(names = "--field", defaultValue = "auto",
            description = "exact net, or baked onto a grid (auto: the window bakes in the background; headless bakes "
                    + "large flows)") String field;
    @Option(names = "--gpu", description = "evaluate the flow in an OpenGL compute shader (fields that are not nets, and on "
            + "software GL nets wider than 128, are baked first)")
    boolean gpu;
    @Option(names = "--seconds", defaultValue = "0", description = "window: quit after this many seconds (0: when closed)")
    double seconds;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--text", description = "draw this text with the glyph model (bundled glyphs, or --model's); "
            + "in the window, typing edits it live") String text;
    @Option(names = "--then", description = "headless, with --text: after forming, flow into this text") String then;
    @Option(names = "--orbit", description = "3-D models: headless, seconds per turn of the camera's slow orbit (0: still; "
            + "default 20)", defaultValue = "20")
    double orbit;

    @Mixin
    LabelOptions labelOptions = new LabelOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        FlowRecording.checkSize(size);
        int mostParticles = gpu ? StreamSpec.MAX_PARTICLES : 4_000_000; // the GPU holds 16 bytes a particle
        if (particles < 1 || particles > mostParticles) {
            throw new IllegalArgumentException("--particles must be in 1.." + mostParticles + (gpu ? " with --gpu" : "")
                    + ", got " + particles);
        }
        if (text != null) {
            return showText(console);
        }
        if (then != null) {
            throw new IllegalArgumentException("--then needs --text");
        }
        ShownModel shown = labelOptions.apply(ShownModel.resolve(model, data));
        if (shown.model().dimension() < 2 || shown.model().dimension() > 3) {
            throw new IllegalArgumentException("model " + shown.model().name() + " has d = " + shown.model().dimension()
                    + "; show draws 2-D and 3-D models");
        }
        SolverChoice choice = SolverChoice.forDrawing(shown.model(), solverOption, stepsOption, solver, steps);
        solver = choice.solver();
        steps = choice.steps();
        FieldChoice fieldChoice = FieldChoice.parse(field);
        if (gpu) {
            return showOnGpu(shown, console);
        }
        if (!headless && GlContext.displayAvailable()) {
            try (GlContext window = GlContext.window("Fluxion — " + shown.model().name(), size, size)) {
                console.println("window: " + window.description());
                new WindowShow(window, shown, particles, solver, fieldChoice, seconds, Path.of(""), console).run();
                return 0;
            } catch (GlUnavailableException noWindow) {
                console.println("no window (" + noWindow.getMessage() + ")");
            }
        }
        Path png = pngBeside(out);
        console.printf("%s: rendering headless into %s and %s%n", headless ? "--headless" : "no display", out, png);
        shown = FlowRecording.withField(shown, fieldChoice, particles, steps, solver, console);
        HeadlessFrames frames = new HeadlessFrames();
        FlowRecording.Result result = FlowRecording.record(shown,
                new FlowRecording.Options(particles, solver, steps, size, false,
                        shown.naturalColourMode(), Palette.EMBER, 2f, seed, !noHud,
                        RecordCommand.turnsPerFrame(orbit, HeadlessFrames.FRAME_MILLIS)), frames);
        frames.save(out, png, 12);
        console.printf(Locale.ROOT, "%s: %,d particles, %d frames (%s, NFE %d): draw + read-back %.1f ms per frame, "
                        + "%.1f frames/s with the simulation; first frame %.2f s after JVM start; %s%n",
                shown.model().name(), particles, result.frames(), solver, result.evaluations(),
                result.drawMillisPerFrame(), result.framesPerSecond(), result.firstFrameMillis() / 1000.0, result.renderer());
        return 0;
    }

    private int showText(PrintWriter console) throws IOException {
        Model glyphs = TextShow.glyphModel(model);
        steps = stepsOption != null ? stepsOption : steps;
        if (!headless && GlContext.displayAvailable()) {
            try (GlContext window = GlContext.window("Fluxion — " + text, size, size)) {
                console.println("window: " + window.description() + " (type to change the text, Esc to quit)");
                double rate = TextShow.runLive(window, glyphs, text, particles, seconds, console);
                console.printf(Locale.ROOT, "text: %,d particles, %.1f frames/s%n", particles, rate);
                return 0;
            } catch (GlUnavailableException noWindow) {
                console.println("no window (" + noWindow.getMessage() + ")");
            }
        }
        Path png = pngBeside(out);
        console.printf("%s: rendering headless into %s and %s%n", headless ? "--headless" : "no display", out, png);
        HeadlessFrames frames = new HeadlessFrames();
        FlowRecording.Result result = TextShow.record(glyphs, text, then, new FlowRecording.Options(particles, "heun", steps,
                size, false, ColourMode.SPEED, Palette.EMBER, 2f, seed, !noHud, 0), frames);
        frames.save(out, png, 12);
        console.printf(Locale.ROOT, "text \"%s\"%s: %,d particles, %d frames; draw + read-back %.1f ms per frame; %s%n", text,
                then == null ? "" : " then \"" + then + "\"", particles, result.frames(), result.drawMillisPerFrame(),
                result.renderer());
        return 0;
    }

    private int showOnGpu(ShownModel shown, PrintWriter console) throws IOException {
        if (!headless && GlContext.displayAvailable()) {
            try (GlContext window = GlContext.window("Fluxion (GPU) — " + shown.model().name(), size, size)) {
                console.println("window: " + window.description());
                Model model = GpuShow.gpuModel(shown.model(), window);
                double rate = GpuShow.runLive(window, shown, model, particles, seconds);
                console.printf(Locale.ROOT, "%s on the GPU: %,d particles, %.1f frames/s%n", model.name(), particles, rate);
                return 0;
            } catch (GlUnavailableException noWindow) {
                console.println("no window (" + noWindow.getMessage() + ")");
            }
        }
        Path png = pngBeside(out);
        console.printf("%s: rendering headless on the GPU into %s and %s%n", headless ? "--headless" : "no display", out, png);
        HeadlessFrames frames = new HeadlessFrames();
        try (GlContext context = GlContext.headless(size, size)) {
            Model model = GpuShow.gpuModel(shown.model(), context);
            double rate = GpuShow.record(context, shown, model, particles, steps, frames);
            console.printf(Locale.ROOT, "%s on the GPU (%s): %,d particles, %d frames, %.1f frames/s with read-back%n",
                    model.name(), context.description(), particles, steps + 1, rate);
        }
        frames.save(out, png, 0);
        return 0;
    }

    /** The frames of a headless show: an animated GIF, and its last frame as a PNG. */
    private static final class HeadlessFrames implements Consumer<BufferedImage> {

        static final int FRAME_MILLIS = 60;
        private final GifRecorder gif = new GifRecorder(FRAME_MILLIS);
        private BufferedImage last;

        @Override
        public void accept(BufferedImage image) {
            gif.add(image);
            last = image;
        }

        /** Writes the GIF, its last frame shown {@code heldFrames} times more, and the PNG. */
        void save(Path gifFile, Path png, int heldFrames) throws IOException {
            for (int hold = 0; hold < heldFrames; hold++) {
                gif.add(last);
            }
            gif.write(gifFile);
            Screenshots.savePng(last, png);
        }
    }

    static Path pngBeside(Path gif) {
        String name = gif.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path parent = gif.toAbsolutePath().getParent();
        return parent.resolve(stem + ".png");
    }
}
