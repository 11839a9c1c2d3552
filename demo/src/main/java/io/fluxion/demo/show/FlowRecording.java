package io.fluxion.demo.show;

import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.sample.Morph;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import io.fluxion.render.Camera;
import io.fluxion.render.ColourMode;
import io.fluxion.render.FrameClock;
import io.fluxion.render.FrameMailbox;
import io.fluxion.render.GlContext;
import io.fluxion.render.GlUnavailableException;
import io.fluxion.render.Hud;
import io.fluxion.render.OrbitCamera;
import io.fluxion.render.Palette;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import io.fluxion.render.software.SoftwareRenderer;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Renders one flow headless: a batch of particles carried from noise (t = 0) to data (t = 1) by
 * the trajectory stream, one frame per solver step, each frame handed to {@code sink} as an image.
 * Draws with OpenGL through a headless EGL context, or with the pure-Java renderer when no GL
 * can be had. Used by {@code show} without a display and by {@code record}.
 */
public final class FlowRecording {

    /**
     * What to draw; {@code turnsPerFrame} turns a 3-D model's orbit camera by that fraction of a
     * turn each frame (0: still).
     */
    public record Options(int particles, String solver, int steps, int size, boolean trails, ColourMode colourMode,
                   Palette palette, float pointSize, long seed, boolean hud, double turnsPerFrame) {

        public Options {
            if (!Double.isFinite(turnsPerFrame)) {
                throw new IllegalArgumentException("the orbit's turns per frame must be finite, got " + turnsPerFrame);
            }
            checkRequest(particles, size);
            if (steps < 1 || steps > TimeGrid.MAX_STEPS) {
                throw new IllegalArgumentException("--steps must be in 1.." + TimeGrid.MAX_STEPS + ", got " + steps);
            }
        }
    }

    /** Checks the particles and the picture's size (pixels a side) a recording is asked for, before any work. */
    public static void checkRequest(int particles, int size) {
        checkSize(size);
        if (particles < 1 || particles > StreamSpec.MAX_PARTICLES) {
            throw new IllegalArgumentException("--particles must be in 1.." + StreamSpec.MAX_PARTICLES + ", got " + particles);
        }
    }

    /** Checks the size (pixels a side) a picture or window is asked for, before any work. */
    public static void checkSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("--size must be in " + MIN_SIZE + ".." + MAX_SIZE + ", got " + size);
        }
    }

    /** The smallest and largest picture a recording draws, in pixels a side. */
    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 8192;

    /**
     * @param frames               frames drawn
     * @param drawMillisPerFrame   mean time to draw and read back one frame (the renderer's cost)
     * @param framesPerSecond      frames over the loop's wall time (simulation included)
     * @param firstFrameMillis     from the JVM's start (the launcher's, when it relaunched) to the first frame drawn
     * @param renderer             what drew (GL renderer string, or the software fallback)
     * @param evaluations          velocity evaluations per particle over the whole flow (NFE)
     */
    public record Result(int frames, double drawMillisPerFrame, double framesPerSecond, long firstFrameMillis,
                  String renderer, int evaluations) {
    }

    /**
     * The system property in which the launcher hands its own start (epoch milliseconds) to the
     * JVM it relaunches, so that the first frame's time counts from what the user started.
     */
    public static final String LAUNCHED_AT_KEY = "fluxion.launchedAt";

    private FlowRecording() {
    }

    /** The model to draw: baked when the choice says so for a flow of this size (stages per step from the solver). */
    public static ShownModel withField(ShownModel shown, FieldChoice choice, int particles, int steps, String solver,
                                PrintWriter console) {
        // each frame of the flow also evaluates the field once for the particles' velocities
        int perStep = OdeSolvers.byName(solver).evaluationsPerStep() + 1;
        if (!choice.bakes(shown.model(), (long) particles * steps * perStep)) {
            return shown;
        }
        long start = System.nanoTime();
        ShownModel baked = new ShownModel(FieldChoice.bake(shown.model()), shown.key(), shown.colours(),
                shown.viewHalfHeight());
        console.printf(Locale.ROOT, "baked the field onto %s in %.1f s%n", FieldChoice.gridText(shown.model().dimension()),
                (System.nanoTime() - start) / 1e9);
        return baked;
    }

    public static Result record(ShownModel shown, Options options, Consumer<BufferedImage> sink) {
        StreamSpec spec = StreamSpec.builder().particles(options.particles()).solver(options.solver())
                .steps(options.steps()).velocities(true).seed(options.seed()).build();
        return record(shown, options, ParticleStreams.trajectory(Mono.just(shown.model()), spec), sink);
    }

    /**
     * Records the flow of {@code shown} from noise, then a run-time {@link Morph} of its particles
     * into {@code target} ({@code options.steps()} frames each way: backward along the first model,
     * forward along the second), framed to show both.
     */
    public static Result recordMorph(ShownModel shown, Model target, Options options, Consumer<BufferedImage> sink) {
        if (target.dimension() != shown.model().dimension()) {
            throw new IllegalArgumentException("--morph-to " + target.name() + " has d = " + target.dimension() + " but "
                    + shown.model().name() + " has d = " + shown.model().dimension());
        }
        StreamSpec spec = StreamSpec.builder().particles(options.particles()).solver(options.solver())
                .steps(options.steps()).velocities(true).seed(options.seed()).build();
        int n = options.particles();
        int d = target.dimension();
        float[] formed = new float[n * d];
        Flux<ParticleFrame> flow = ParticleStreams.trajectory(Mono.just(shown.model()), spec)
                .doOnNext(frame -> frame.positions().get(0, formed, 0, frame.count() * d));
        Flux<ParticleFrame> morph = Flux.defer(() -> {
            Morph morphing = new Morph(shown.model(), target, formed, n, OdeSolvers.byName(options.solver()), options.steps());
            float[] previous = formed.clone();
            float[] positions = new float[n * d];
            float[] velocities = new float[n * d];
            float[] times = new float[n];
            return Flux.<ParticleFrame>generate(sink2 -> {
                if (morphing.isDone()) {
                    sink2.complete();
                    return;
                }
                double progress = morphing.next(positions);
                float rate = morphing.frames() / 2f; // frames per unit of flow time
                for (int k = 0; k < n * d; k++) {
                    velocities[k] = (positions[k] - previous[k]) * rate;
                }
                System.arraycopy(positions, 0, previous, 0, n * d);
                java.util.Arrays.fill(times, (float) Math.abs(2 * progress - 1)); // 1 → 0 → 1 along the way
                sink2.next(ParticleFrame.copyOf(shown.model().name() + " -> " + target.name(), positions, velocities, times, n, d));
            });
        });
        double half = Math.max(shown.viewHalfHeight(), ShownModel.viewHalfHeight(target));
        return record(new ShownModel(shown.model(), shown.key(), null, half), options, Flux.concat(flow, morph), sink);
    }

    /**
     * Draws every frame of {@code stream} (a finite stream, e.g. a {@code TextEffect}'s frames
     * taken a number of times), framed and coloured as {@code shown} says.
     */
    public static Result record(ShownModel shown, Options options, Flux<ParticleFrame> stream, Consumer<BufferedImage> sink) {
        GlContext context;
        try {
            context = GlContext.headless(options.size(), options.size());
        } catch (GlUnavailableException noGl) {
            System.err.println("fluxion: no OpenGL (" + noGl.getMessage() + "); drawing with the pure-Java renderer");
            return drawEveryFrame(stream, softwareDrawer(shown, options), "pure-Java renderer (no OpenGL)", sink);
        }
        try (context; ParticleRenderer renderer = new ParticleRenderer(context); Hud hud = new Hud(context)) {
            renderer.settings().trails(options.trails()).colourMode(options.colourMode()).palette(options.palette())
                    .pointSize(options.pointSize());
            renderer.setColourMap(shown.colours());
            Camera camera = shown.camera();
            renderer.setCamera(camera);
            FrameClock clock = new FrameClock();
            return drawEveryFrame(stream, frame -> {
                if (camera instanceof OrbitCamera orbit) {
                    orbit.orbit(2 * Math.PI * options.turnsPerFrame(), 0);
                }
                renderer.draw(frame);
                clock.tick();
                if (options.hud()) {
                    hud.update(clock.framesPerSecond(), frame.count(), frame.functionEvaluations(), frame.modelName(),
                            options.solver());
                    hud.draw();
                }
                return Screenshots.read(context);
            }, context.description(), sink);
        }
    }

    /** Draws one frame into an image (the frame is released by the caller afterwards). */
    private interface FrameDrawer {
        BufferedImage draw(ParticleFrame frame);
    }

    /** Streams the flow through a mailbox, draws every frame and times it. */
    private static Result drawEveryFrame(Flux<ParticleFrame> stream, FrameDrawer drawer, String rendererName,
                                         Consumer<BufferedImage> sink) {
        long drawNanos = 0;
        long firstFrame = -1;
        int frames = 0;
        int evaluations = 0;
        long start = System.nanoTime();
        try (FrameMailbox mailbox = FrameMailbox.subscribe(stream, 1)) {
            ParticleFrame frame;
            while ((frame = next(mailbox)) != null) {
                long drawStart = System.nanoTime();
                BufferedImage image;
                try {
                    image = drawer.draw(frame);
                    evaluations += frame.functionEvaluations();
                } finally {
                    frame.release();
                }
                drawNanos += System.nanoTime() - drawStart;
                if (firstFrame < 0) {
                    firstFrame = System.currentTimeMillis() - Long.getLong(LAUNCHED_AT_KEY,
                            ManagementFactory.getRuntimeMXBean().getStartTime());
                }
                frames++;
                sink.accept(image);
            }
            if (mailbox.error() != null) {
                throw new IllegalStateException("the flow stopped: " + mailbox.error().getMessage(), mailbox.error());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(frames, drawNanos / 1e6 / Math.max(1, frames), frames / seconds, firstFrame, rendererName,
                evaluations);
    }

    /** Waits for the next frame; null when the stream has ended and nothing is left. */
    static ParticleFrame next(FrameMailbox mailbox) {
        while (true) {
            ParticleFrame frame = mailbox.take();
            if (frame != null) {
                return frame;
            }
            if (mailbox.isDone()) {
                return mailbox.take();
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static FrameDrawer softwareDrawer(ShownModel shown, Options options) {
        if (shown.model().dimension() != 2) {
            throw new IllegalArgumentException("the pure-Java renderer draws 2-D models only; " + shown.model().name()
                    + " has d = " + shown.model().dimension());
        }
        int n = options.particles();
        SoftwareRenderer renderer = new SoftwareRenderer(options.size(), options.size());
        renderer.setCamera(0, 0, shown.viewHalfHeight());
        renderer.setExposure(0.15f * options.size() * options.size() / n);
        float[] positions = new float[2 * n];
        float[] colours = new float[3 * n];
        float[] colour = new float[3];
        return frame -> {
            int count = frame.count();
            frame.positions().get(0, positions, 0, 2 * count);
            for (int i = 0; i < count; i++) {
                float vx = frame.velocities().get(2 * i);
                float vy = frame.velocities().get(2 * i + 1);
                options.palette().colourAt((float) Math.hypot(vx, vy) * 0.25f, colour, 0);
                System.arraycopy(colour, 0, colours, 3 * i, 3);
            }
            renderer.clear();
            renderer.splat(positions, colours, count, 1f);
            return renderer.resolve();
        };
    }
}
