package io.fluxion.demo.cli;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.model.Model;
import io.fluxion.demo.show.FieldChoice;
import io.fluxion.demo.show.FlowRecording;
import io.fluxion.demo.show.ShownModel;
import io.fluxion.demo.show.TextShow;
import io.fluxion.render.ColourMode;
import io.fluxion.render.GifRecorder;
import io.fluxion.render.Palette;
import io.fluxion.render.Screenshots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion record}: renders a flow headless into an animated GIF ({@code --out FILE.gif})
 * or a numbered PNG sequence in a folder ({@code --out FOLDER}, frame-0000.png, …).
 */
@Command(name = "record", description = "Render a flow headless into a GIF or a PNG sequence.",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion record --model spirals --trails --out spirals.gif",
            "  fluxion record --model pawn --orbit 8 --out pawn.gif",
            "  fluxion record --model flower --particles 40000 --out frames"})
public final class RecordCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file, or a bundled model's name (default: checkerboard)")
    String model;
    @Option(names = "--data", description = "a Gaussian mixture (eight-gaussians) with its exact field") String data;
    @Option(names = "--out", required = true, description = "FILE.gif, or a folder for a PNG sequence") Path out;
    @Option(names = "--particles", defaultValue = "20000") int particles;
    @Option(names = "--solver", description = "euler, midpoint, heun or rk4 (default: the model file's, else heun)")
    String solverOption;
    @Option(names = "--steps", description = "solver steps, one frame each (default: the model file's, else 60)")
    Integer stepsOption;
    private String solver;
    private int steps;
    @Option(names = "--size", defaultValue = "512") int size;
    @Option(names = "--trails", description = "fading trails behind the particles") boolean trails;
    @Option(names = "--colour", defaultValue = "auto", description = "speed, time, data or auto") String colour;
    @Option(names = "--palette", defaultValue = "ember", description = "ember, ice or viridis") String palette;
    @Option(names = "--point-size", defaultValue = "2") float pointSize;
    @Option(names = "--frame-ms", defaultValue = "40", description = "GIF: display time per frame") int frameMillis;
    @Option(names = "--hud", description = "draw the HUD") boolean hud;
    @Option(names = "--field", defaultValue = "auto", description = "exact, baked, or auto (bakes large flows)")
    String field;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--text", description = "record this text drawn by the glyph model (bundled glyphs, or --model's)")
    String text;
    @Option(names = "--then", description = "with --text: after forming, flow into this text") String then;
    @Option(names = "--morph-to", description = "after the flow, morph the particles into this model (file or bundled "
            + "name) at run time, with no retraining") String morphTo;
    @Option(names = "--orbit", description = "3-D models: seconds per turn of the camera's slow orbit (0: still; "
            + "default 20)", defaultValue = "20")
    double orbit;

    @Mixin
    LabelOptions labelOptions = new LabelOptions();

    @Override
    public Integer call() throws Exception {
        if (frameMillis < 10 || frameMillis > 655_350) {
            throw new IllegalArgumentException("--frame-ms must be in [10, 655350] (GIF counts hundredths of a second), got "
                    + frameMillis);
        }
        if (then != null && text == null) {
            throw new IllegalArgumentException("--then needs --text");
        }
        FlowRecording.checkRequest(particles, size);
        Model glyphs = text == null ? null : TextShow.glyphModel(model);
        ShownModel shown = text != null ? new ShownModel(glyphs, null, null, 1)
                : labelOptions.apply(ShownModel.resolve(model, data));
        SolverChoice choice = SolverChoice.forDrawing(shown.model(), solverOption, stepsOption, "heun", 60);
        solver = choice.solver();
        steps = choice.steps();
        Palette chosenPalette = Palette.byName(palette);
        ColourMode mode = colourMode(colour, shown);
        if (pointSize < 1 || pointSize > 64) {
            throw new IllegalArgumentException("--point-size must be in 1..64, got " + pointSize);
        }
        if (text == null) {
            shown = FlowRecording.withField(shown, FieldChoice.parse(field), particles, steps, solver,
                    spec.commandLine().getOut());
        }
        boolean gif = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
        if (gif) {
            AtomicFiles.checkWritable(out);
        } else {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + ": not a folder (give FILE.gif or a folder for PNGs)");
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--out " + out + ": folder " + parent + " does not exist");
            }
            if (!Files.isDirectory(out)) {
                Files.createDirectory(out); // the output itself, like a file: its folder must exist
                spec.commandLine().getOut().println("created folder " + out);
            }
        }
        GifRecorder recorder = new GifRecorder(frameMillis);
        int[] index = {0};
        FlowRecording.Options options = new FlowRecording.Options(particles, solver, steps, size, trails, mode, chosenPalette,
                pointSize, seed, hud, turnsPerFrame(orbit, frameMillis));
        Consumer<BufferedImage> sink = image -> {
            if (gif) {
                recorder.add(image);
            } else {
                savePng(image, out.resolve(String.format(Locale.ROOT, "frame-%04d.png", index[0]++)));
            }
        };
        FlowRecording.Result result = text != null ? TextShow.record(glyphs, text, then, options, sink)
                : morphTo != null ? FlowRecording.recordMorph(shown, ShownModel.load(morphTo), options, sink)
                : FlowRecording.record(shown, options, sink);
        if (gif) {
            recorder.write(out);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d frames of %,d particles (%s, NFE %d) into %s; "
                        + "draw + read-back %.1f ms per frame; %s%n", shown.model().name(), result.frames(), particles, solver,
                result.evaluations(), out, result.drawMillisPerFrame(), result.renderer());
        return 0;
    }

    /** The fraction of a turn per frame for an orbit of {@code secondsPerTurn} (0: none) at {@code frameMillis} per frame. */
    static double turnsPerFrame(double secondsPerTurn, int frameMillis) {
        if (!(secondsPerTurn >= 0) || Double.isInfinite(secondsPerTurn)) {
            throw new IllegalArgumentException("--orbit must be seconds per turn >= 0 (0: still), got " + secondsPerTurn);
        }
        return secondsPerTurn == 0 ? 0 : frameMillis / 1000.0 / secondsPerTurn;
    }

    private static void savePng(BufferedImage image, Path file) {
        try {
            Screenshots.savePng(image, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ColourMode colourMode(String name, ShownModel shown) {
        if (name.equalsIgnoreCase("auto")) {
            return shown.naturalColourMode();
        }
        for (ColourMode mode : ColourMode.values()) {
            if (mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown --colour '" + name + "' (speed, time, data or auto)");
    }
}
