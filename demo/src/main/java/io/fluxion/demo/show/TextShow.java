package io.fluxion.demo.show;

import static org.lwjgl.glfw.GLFW.*;

import io.fluxion.core.model.Model;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.Placement;
import io.fluxion.core.stream.TextEffect;
import io.fluxion.render.Camera2D;
import io.fluxion.render.ColourMode;
import io.fluxion.render.FrameClock;
import io.fluxion.render.FrameMailbox;
import io.fluxion.render.GlContext;
import io.fluxion.render.Hud;
import io.fluxion.render.ParticleRenderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * {@code show --text} and {@code record --text}: a string drawn by the glyph model
 * ({@link TextEffect}); headless, it forms, holds, and (with {@code --then}) flows into a second
 * string; in the window, typing changes the text live.
 */
public final class TextShow {

    /** Classifier-free guidance for the glyphs: sharper letters than the classes' own fields (scale 1). */
    static final double GUIDANCE = 2.0;

    /** Frames the text holds still after forming, in a recording. */
    static final int HOLD_FRAMES = 12;

    private TextShow() {
    }

    /** The glyph model: {@code --model}'s when given (a conditional model), else the bundled {@code glyphs}. */
    public static Model glyphModel(String modelOption) throws IOException {
        return modelOption == null ? BundledModels.load("glyphs") : ShownModel.load(modelOption);
    }

    /**
     * The effect for {@code text}, warning once about characters the model lacks.
     *
     * @throws IllegalArgumentException when it can draw none of them
     */
    public static TextEffect effect(Model glyphs, String text, int particles, int flowFrames) {
        TextEffect effect = new TextEffect(glyphs, text, new TextEffect.Spec(particles, flowFrames, GUIDANCE, 0.35,
                Placement.identity(), 0));
        checkDrawable(effect, text);
        return effect;
    }

    private static void checkDrawable(TextEffect effect, String text) {
        List<String> missing = effect.missing();
        if (missing.isEmpty()) {
            return;
        }
        long drawable = text.codePoints().filter(c -> !Character.isWhitespace(c)).count() - text.codePoints()
                .filter(c -> missing.contains(new String(Character.toChars(c)))).count();
        if (drawable <= 0) {
            throw new IllegalArgumentException("--text: the glyph model has none of the characters " + String.join(" ", missing));
        }
        LoggerFactory.getLogger(TextShow.class).warn("the glyph model has no {}; drawing the rest", String.join(" ", missing));
    }

    /** A view that frames the text: its half width (with a margin) or the glyph height, whichever is larger. */
    static ShownModel framing(Model glyphs, double lineWidth) {
        double halfHeight = Math.max(ShownModel.viewHalfHeight(glyphs.conditioned(0, 1)) * 1.2, 1.1 * lineWidth / 2);
        return new ShownModel(glyphs, null, null, halfHeight);
    }

    /**
     * Records the text forming in {@code options.steps()} frames and holding; with {@code then}, it
     * then flows into {@code then} over as many frames and holds again.
     */
    public static FlowRecording.Result record(Model glyphs, String text, String then, FlowRecording.Options options,
                                              Consumer<BufferedImage> sink) {
        TextEffect effect = effect(glyphs, text, options.particles(), options.steps());
        double width = effect.lineWidth();
        if (then != null) {
            width = Math.max(width, effect(glyphs, then, 1, 2).lineWidth());
        }
        int formed = options.steps() + HOLD_FRAMES;
        int total = then == null ? formed : 2 * formed;
        ShownModel shown = framing(glyphs, width);
        int[] drawn = {0};
        Flux<ParticleFrame> frames = effect.frames().take(total).doOnNext(frame -> {
            if (++drawn[0] == formed && then != null) {
                effect.setText(then);
            }
        });
        return FlowRecording.record(shown, options, frames, sink);
    }

    /**
     * The window: the text forms and stays; letters, digits, space and Backspace edit it live,
     * each change retargeting the particles; Esc quits. Runs until the window closes or
     * {@code seconds} pass (0: no limit).
     *
     * @return frames drawn per second
     */
    public static double runLive(GlContext context, Model glyphs, String text, int particles, double seconds,
                                 PrintWriter console) {
        TextEffect effect = effect(glyphs, text, particles, 90);
        StringBuilder typed = new StringBuilder(text);
        boolean[] quit = {false};
        FrameClock clock = new FrameClock();
        long start = System.nanoTime();
        long frames = 0;
        try (ParticleRenderer renderer = new ParticleRenderer(context); Hud hud = new Hud(context);
             FrameMailbox mailbox = FrameMailbox.subscribe(effect.frames(), 1)) {
            ShownModel view = framing(glyphs, effect.lineWidth());
            Camera2D camera = new Camera2D(0, 0, view.viewHalfHeight());
            renderer.setCamera(camera);
            renderer.settings().colourMode(ColourMode.SPEED);
            context.onKey((key, shift) -> {
                char c = keyCharacter(key);
                if (key == GLFW_KEY_ESCAPE) {
                    quit[0] = true;
                    return;
                }
                if (key == GLFW_KEY_BACKSPACE && typed.length() > 0) {
                    typed.setLength(typed.length() - 1);
                } else if (c != 0 && typed.length() < 40) {
                    typed.append(c);
                } else {
                    return;
                }
                effect.setText(typed.toString());
                double half = Math.max(view.viewHalfHeight(), 1.1 * effect.lineWidth() / 2);
                camera.set(0, 0, half);
                renderer.clearTrails();
                console.println("text: " + typed);
            });
            ParticleFrame shown = null;
            while (!quit[0] && !context.closeRequested() && (seconds <= 0 || System.nanoTime() - start < seconds * 1e9)) {
                if (mailbox.error() != null) {
                    throw new IllegalStateException("the text stopped: " + mailbox.error().getMessage(), mailbox.error());
                }
                ParticleFrame next = mailbox.take();
                if (next != null) {
                    if (shown != null) {
                        shown.release();
                    }
                    shown = next;
                }
                if (shown != null) {
                    renderer.draw(shown);
                    clock.tick();
                    hud.update(clock.framesPerSecond(), shown.count(), shown.functionEvaluations(), shown.modelName(), "heun");
                    hud.draw();
                    frames++;
                }
                context.endFrame();
            }
            if (shown != null) {
                shown.release();
            }
        }
        return frames / ((System.nanoTime() - start) / 1e9);
    }

    /** The character a key types in the window (A–Z, 0–9, space and a few marks), or 0. */
    static char keyCharacter(int key) {
        if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) {
            return (char) ('A' + key - GLFW_KEY_A);
        }
        if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) {
            return (char) ('0' + key - GLFW_KEY_0);
        }
        return switch (key) {
            case GLFW_KEY_SPACE -> ' ';
            case GLFW_KEY_MINUS -> '-';
            case GLFW_KEY_PERIOD -> '.';
            case GLFW_KEY_COMMA -> ',';
            default -> 0;
        };
    }
}
