package io.fluxion.demo.show;

import static org.lwjgl.glfw.GLFW.*;

import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelLease;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.render.Camera;
import io.fluxion.render.ColourMode;
import io.fluxion.render.FrameClock;
import io.fluxion.render.FrameMailbox;
import io.fluxion.render.GlContext;
import io.fluxion.render.Hud;
import io.fluxion.render.OrbitCamera;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The interactive {@code show} window: a live emitter stream (particles spawn as noise, flow to
 * the data in {@code flowSeconds}, hold, and are replaced) drawn every frame, newest frame wins.
 * Models come through the {@link ModelStore} (switching keys re-routes the running emitter:
 * live particles continue along the new field; editing a model file on disk hot-reloads it).
 *
 * <p>Keys: 1–8 or N bundled models (a 3-D one: drag to orbit, right-drag to pan, wheel to zoom, double-click to reset), Space pause, R reset, T trails, + / − particles (×2 / ÷2),
 * [ / ] solver (Euler, Heun, RK4 evaluations per frame), C colour mode, P palette, arrows pan (orbit for 3-D),
 * Z / X zoom, S screenshot, H HUD, Esc or Q quit. Runs on the calling thread, which becomes the
 * render thread.
 */
public final class WindowShow {

    private static final EmitterSpec.FrameSolver[] SOLVERS = EmitterSpec.FrameSolver.values();

    private final GlContext context;
    private final ShownModel first;
    private final ModelStore store = ModelStore.create();
    private final Sinks.Many<Flux<ModelLease>> models = Sinks.many().replay().latest();
    private final ExecutorService pngWriter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fluxion-screenshots");
        thread.setDaemon(true);
        return thread;
    });
    private final PrintWriter console;
    private int particles;
    private int solverIndex;
    private String modelName;
    /** The bundled model the number keys and N last chose (N steps on from it), or null. */
    private String bundledName;
    private boolean paused;
    private boolean hudVisible = true;
    private boolean restart = true;
    private boolean quit;
    private int screenshots;
    private boolean screenshotRequested;

    private final double seconds;
    private final FieldChoice field;
    private final Path screenshotFolder;

    /** @param seconds quit after this long (0: run until closed) */
    public WindowShow(GlContext context, ShownModel first, int particles, String solver, FieldChoice field, double seconds,
               Path screenshotFolder, PrintWriter console) {
        this.context = context;
        this.screenshotFolder = screenshotFolder;
        this.field = field;
        this.seconds = seconds;
        this.first = first;
        this.particles = particles;
        this.console = console;
        this.modelName = first.model().name();
        this.bundledName = BundledModels.NAMES.contains(modelName) ? modelName : null;
        this.solverIndex = switch (solver.toLowerCase(Locale.ROOT)) {
            case "euler" -> 0;
            case "rk4" -> 2;
            default -> 1;
        };
        models.tryEmitNext(first.key() == null ? Flux.just(ModelLease.of(first.model())) : watch(first.key()));
    }

    public void run() throws Exception {
        FrameMailbox mailbox = null;
        FrameClock clock = new FrameClock();
        try (ParticleRenderer renderer = new ParticleRenderer(context); Hud hud = new Hud(context)) {
            first.applyTo(renderer);
            context.onKey((key, shift) -> onKey(key, renderer, renderer.camera()));
            context.onPointer(new GlContext.PointerHandler() {
                @Override
                public void dragged(int button, double dx, double dy) {
                    // left: orbit a 3-D view (half a turn per window height), pan a 2-D one; right: pan
                    Camera camera = renderer.camera();
                    if (button == 0 && camera instanceof OrbitCamera) {
                        camera.move(-dx, -dy);
                    } else {
                        camera.pan(dx, dy);
                    }
                    renderer.clearTrails();
                }

                @Override
                public void scrolled(double clicks) {
                    zoom(renderer, renderer.camera(), Math.pow(1.1, clicks));
                }

                @Override
                public void doubleClicked() {
                    renderer.camera().reset();
                    renderer.clearTrails();
                }
            });
            ParticleFrame shown = null;
            long start = System.nanoTime();
            long frames = 0;
            while (!quit && !context.closeRequested()) {
                if (seconds > 0 && System.nanoTime() - start > seconds * 1e9) {
                    break;
                }
                if (restart) {
                    restart = false;
                    if (mailbox != null) {
                        mailbox.close();
                    }
                    mailbox = FrameMailbox.subscribe(ParticleStreams.leasedEmitter(models.asFlux().switchMap(f -> f), emitterSpec()), 1);
                    renderer.clearTrails();
                }
                if (mailbox.error() != null) {
                    throw new IllegalStateException("the particle stream stopped: " + mailbox.error().getMessage(),
                            mailbox.error());
                }
                ParticleFrame next = paused ? null : mailbox.take();
                if (next != null) {
                    if (shown != null) {
                        shown.release();
                    }
                    shown = next;
                    modelName = next.modelName();
                }
                if (shown != null) {
                    renderer.draw(shown);
                    clock.tick();
                    frames++;
                    if (hudVisible) {
                        hud.update(clock.framesPerSecond(), shown.count(), shown.functionEvaluations(), modelName,
                                solverName() + (paused ? "  (paused)" : ""));
                        hud.draw();
                    }
                }
                if (screenshotRequested) {
                    screenshotRequested = false;
                    screenshot();
                }
                context.endFrame();
            }
            if (shown != null) {
                console.printf(Locale.ROOT, "%s: %,d particles, %.1f frames/s over %.1f s (%s)%n", modelName,
                        shown.count(), frames / ((System.nanoTime() - start) / 1e9), (System.nanoTime() - start) / 1e9,
                        context.description());
                shown.release();
            }
        } finally {
            if (mailbox != null) {
                mailbox.close();
            }
            store.close();
            pngWriter.shutdown();
        }
    }

    /**
     * The model and every new version of its file, each followed by its baked field when that is
     * chosen; a lease dropped by the operators on the way (a switch of model) is closed.
     */
    private Flux<ModelLease> watch(ModelKey key) {
        return store.watch(key).concatMap(field::exactThenBaked)
                .doOnNext(lease -> console.println("now showing " + lease.model().name()))
                .doOnDiscard(ModelLease.class, ModelLease::close);
    }

    private EmitterSpec emitterSpec() {
        double flowSeconds = 2.5;
        double holdSeconds = 1.5;
        return EmitterSpec.builder().maxParticles(particles).flowSeconds(flowSeconds).holdSeconds(holdSeconds)
                .atEnd(EmitterSpec.AtEnd.HOLD).spawnRate(particles / (flowSeconds + holdSeconds))
                .solver(SOLVERS[solverIndex]).clockDriven(true).respawnNonFinite(true).build();
    }

    private void onKey(int key, ParticleRenderer renderer, Camera camera) {
        if (key >= GLFW_KEY_1 && key < GLFW_KEY_1 + BundledModels.NAMES.size()) {
            switchTo(BundledModels.NAMES.get(key - GLFW_KEY_1), renderer);
            return;
        }
        switch (key) {
            case GLFW_KEY_N -> {
                int index = bundledName == null ? -1 : BundledModels.NAMES.indexOf(bundledName);
                switchTo(BundledModels.NAMES.get((index + 1) % BundledModels.NAMES.size()), renderer);
            }
            case GLFW_KEY_SPACE -> paused = !paused;
            case GLFW_KEY_R -> restart = true;
            case GLFW_KEY_T -> renderer.settings().trails(!renderer.settings().trails());
            case GLFW_KEY_EQUAL, GLFW_KEY_KP_ADD -> changeParticles(2);
            case GLFW_KEY_MINUS, GLFW_KEY_KP_SUBTRACT -> changeParticles(0.5);
            case GLFW_KEY_LEFT_BRACKET -> changeSolver(-1);
            case GLFW_KEY_RIGHT_BRACKET -> changeSolver(1);
            case GLFW_KEY_C -> renderer.settings().colourMode(
                    ColourMode.values()[(renderer.settings().colourMode().ordinal() + 1) % ColourMode.values().length]);
            case GLFW_KEY_P -> renderer.settings().palette(renderer.settings().palette().next());
            case GLFW_KEY_LEFT -> pan(renderer, camera, -0.1, 0);
            case GLFW_KEY_RIGHT -> pan(renderer, camera, 0.1, 0);
            case GLFW_KEY_UP -> pan(renderer, camera, 0, 0.1);
            case GLFW_KEY_DOWN -> pan(renderer, camera, 0, -0.1);
            case GLFW_KEY_Z -> zoom(renderer, camera, 1.25);
            case GLFW_KEY_X -> zoom(renderer, camera, 0.8);
            case GLFW_KEY_H -> hudVisible = !hudVisible;
            case GLFW_KEY_S -> screenshotRequested = true;
            case GLFW_KEY_ESCAPE, GLFW_KEY_Q -> quit = true;
            default -> { }
        }
    }

    /**
     * Shows a bundled model; one with a bundled reflowed version is shown through that version with
     * Euler, one evaluation a frame: its paths are straight, so it looks the same for half the work.
     */
    private void switchTo(String name, ParticleRenderer renderer) {
        try {
            String reflowed = name + "-reflow";
            boolean fewStep = BundledModels.FEW_STEP.contains(reflowed);
            String shown = fewStep ? reflowed : name;
            // the store loads the model for the stream; this copy gives its colours and a camera that frames it
            ShownModel next = ShownModel.bundled(shown);
            next.applyTo(renderer);
            renderer.clearTrails();
            bundledName = name;
            if (fewStep && solverIndex != 0) {
                solverIndex = 0;
                restart = true;
            }
            models.tryEmitNext(watch(ModelKey.bundled(shown)));
            console.println("switching to " + name + (fewStep ? " (its reflowed version: straight paths, Euler, 1 evaluation "
                    + "a frame)" : ""));
        } catch (Exception e) {
            console.println("could not load " + name + ": " + e.getMessage());
        }
    }

    private void changeParticles(double factor) {
        particles = (int) Math.max(1000, Math.min(2_000_000, particles * factor));
        restart = true;
        console.printf(Locale.ROOT, "%,d particles%n", particles);
    }

    private String solverName() {
        return SOLVERS[solverIndex].name().toLowerCase(Locale.ROOT);
    }

    private void changeSolver(int delta) {
        solverIndex = Math.floorMod(solverIndex + delta, SOLVERS.length);
        restart = true;
        console.println("solver " + solverName());
    }

    private static void pan(ParticleRenderer renderer, Camera camera, double dx, double dy) {
        camera.move(dx, dy);
        renderer.clearTrails();
    }

    private static void zoom(ParticleRenderer renderer, Camera camera, double factor) {
        camera.zoom(factor);
        renderer.clearTrails();
    }

    private void screenshot() {
        Path file = screenshotFolder.resolve(String.format(Locale.ROOT, "fluxion-%03d.png", ++screenshots));
        Screenshots.savePngAsync(Screenshots.read(context), file, pngWriter)
                .whenComplete((saved, error) -> console.println(error == null ? "saved " + saved
                        : "screenshot failed: " + error.getMessage()));
    }
}
